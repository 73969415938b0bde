// Command sitebuild does the steps of `make site` and `make site-single`
// that are not a plain copy, in Go, so that `make serve` needs nothing but
// Go on a fresh machine (CONTRACT.md):
//
//	sitebuild pages DIST                gallery index.html, the other pages, examples/, sw.js
//	sitebuild picture MODEL.toml OUT.png   a gallery picture (the model's plots, drawn by myelin plot)
//	sitebuild compress FILE...          FILE.gz and FILE.br, redone only when FILE changed
//	sitebuild single DIST OUT.html      one self-contained HTML file (the LIF example)
//
// Gallery titles and descriptions come from each model's [model] table, read
// by the same loader as the simulator's, and are escaped before they reach
// the page.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"

	"github.com/myelin-sim/myelin/core/model"
)

// static are the files of site/ copied as they are (index.html and sw.js
// are made from their templates).
var static = []string{"model.html", "model.js", "app.html", "app.js", "memfs.js", "lite.js", "plot.js", "common.js",
	"myelin.js", "style.css", "api-example.html", "api-example.js", "embed-example.html"}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	cmd, args := os.Args[1], os.Args[2:]
	var err error
	switch {
	case cmd == "pages" && len(args) == 1:
		err = pages(args[0])
	case cmd == "picture" && len(args) == 2:
		err = picture(args[0], args[1])
	case cmd == "compress" && len(args) > 0:
		err = compress(args)
	case cmd == "single" && len(args) == 2:
		err = single(args[0], args[1])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "sitebuild %s: %v\n", cmd, err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: sitebuild pages DIST | picture MODEL OUT | compress FILE... | single DIST OUT")
	os.Exit(2)
}

// root is the repository: sitebuild runs from it (make does; tests move it).
var root = "."

// example is one model of the library, as the gallery lists it.
type example struct {
	File        string `json:"file"`
	Name        string `json:"name"`
	Description string `json:"description"`
	text        []byte
}

// examples lists examples/*.toml with their names and descriptions.
func examples() ([]example, error) {
	paths, err := filepath.Glob(filepath.Join(root, "examples", "*.toml"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []example
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		e := example{File: filepath.Base(p), text: text}
		e.Name = e.File
		if f, err := model.Load(p, text); err == nil {
			if f.Model.Name.Text != "" {
				e.Name = f.Model.Name.Text
			}
			e.Description = f.Model.Description.Text
		}
		out = append(out, e)
	}
	return out, nil
}

// pages writes the gallery and copies the pages, scripts and examples.
func pages(dist string) error {
	if err := os.MkdirAll(filepath.Join(dist, "examples"), 0o755); err != nil {
		return err
	}
	for _, f := range static {
		if err := copyFile(filepath.Join(root, "site", f), filepath.Join(dist, f)); err != nil {
			return err
		}
	}
	list, err := examples()
	if err != nil {
		return err
	}
	var cards []string
	for _, e := range list {
		stem := strings.TrimSuffix(e.File, ".toml")
		href := "model.html?m=" + url.QueryEscape(e.File)
		cards = append(cards, `<li class="card"><a href="`+html.EscapeString(href)+`">`+
			`<img src="img/`+html.EscapeString(url.PathEscape(stem))+`.png" alt="" width="480" height="300" loading="lazy">`+
			`<h2>`+html.EscapeString(e.Name)+`</h2></a>`+
			`<p>`+html.EscapeString(e.Description)+`</p>`+
			`<p class="file"><code>`+html.EscapeString(e.File)+`</code></p></li>`)
	}
	if err := fill(filepath.Join(root, "site", "index.html"), filepath.Join(dist, "index.html"),
		"<!-- gallery -->", strings.Join(cards, "\n")); err != nil {
		return err
	}
	for _, e := range list {
		if err := os.WriteFile(filepath.Join(dist, "examples", e.File), e.text, 0o644); err != nil {
			return err
		}
	}
	index, err := json.MarshalIndent(list, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dist, "examples", "index.json"), append(index, '\n'), 0o644); err != nil {
		return err
	}
	// The service worker keeps the pages, scripts and examples for offline use.
	precache := []string{"./", "index.html", "wasm_exec.js", "examples/index.json"}
	for _, f := range static {
		if !strings.HasPrefix(f, "api-example") && !strings.HasPrefix(f, "embed-example") {
			precache = append(precache, f)
		}
	}
	for _, e := range list {
		precache = append(precache, "examples/"+e.File)
	}
	quoted := make([]string, len(precache))
	for k, f := range precache {
		quoted[k] = strconv.Quote(f)
	}
	return fill(filepath.Join(root, "site", "sw.js"), filepath.Join(dist, "sw.js"), "/* PRECACHE */", strings.Join(quoted, ", "))
}

// fill writes the template at src to dst with its marker replaced.
func fill(src, dst, marker, with string) error {
	t, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if !bytes.Contains(t, []byte(marker)) {
		return fmt.Errorf("%s has no %s marker", src, marker)
	}
	return os.WriteFile(dst, bytes.Replace(t, []byte(marker), []byte(with), 1), 0o644)
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// picture draws a gallery picture with `myelin plot` ($MYELIN, or
// bin/myelin).
func picture(modelPath, out string) error {
	cli := os.Getenv("MYELIN")
	if cli == "" {
		cli = filepath.Join(root, "bin", "myelin")
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	cmd := exec.Command(cli, "plot", modelPath, "-o", out, "--width", "480", "--height", "300")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %v", modelPath, err)
	}
	return nil
}

// compress writes FILE.gz (gzip -9) and FILE.br (brotli at quality
// $MYELIN_BROTLI_QUALITY, 9 unless set: 11 is a few percent smaller and
// many times slower in pure Go) when FILE's content or the quality differs
// from the last time (FILE.sha256 remembers both), so that relinking an
// unchanged binary costs nothing.
func compress(files []string) error {
	quality := 9
	if q := os.Getenv("MYELIN_BROTLI_QUALITY"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 || n > 11 {
			return fmt.Errorf("MYELIN_BROTLI_QUALITY=%q: give a whole number from 0 to 11", q)
		}
		quality = n
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		h := sha256.Sum256(data)
		sum := hex.EncodeToString(h[:]) + " q" + strconv.Itoa(quality)
		stamp := f + ".sha256"
		if old, err := os.ReadFile(stamp); err == nil && strings.TrimSpace(string(old)) == sum && exists(f+".gz") && exists(f+".br") {
			continue
		}
		gz, err := gzipBytes(data)
		if err != nil {
			return err
		}
		var br bytes.Buffer
		w := brotli.NewWriterOptions(&br, brotli.WriterOptions{Quality: quality, LGWin: 24})
		if _, err := w.Write(data); err != nil {
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		if err := errors.Join(os.WriteFile(f+".gz", gz, 0o644), os.WriteFile(f+".br", br.Bytes(), 0o644),
			os.WriteFile(stamp, []byte(sum+"\n"), 0o644)); err != nil {
			return err
		}
		fmt.Printf("compressed %s: %d bytes, gzip %d, brotli %d\n", f, len(data), len(gz), br.Len())
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func gzipBytes(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// guard keeps text that is put inside a <script> element from ending it.
var (
	scriptEnd   = regexp.MustCompile(`(?i)</(script)`)
	commentOpen = strings.NewReplacer("<!--", `<\!--`)
)

func guard(s string) string {
	return commentOpen.Replace(scriptEnd.ReplaceAllString(s, `<\/$1`))
}

// single writes one HTML file that holds everything the LIF example needs:
// the page, its style, wasm_exec.js, myelin.js, the plotting code and
// myelin.wasm (gzip, base64). It opens from file:// (no fetch at all), and
// its Content-Security-Policy allows exactly its own inline scripts and
// style, by hash.
func single(dist, out string) error {
	read := func(f string) (string, error) {
		b, err := os.ReadFile(f)
		return string(b), err
	}
	wasm, err := os.ReadFile(filepath.Join(dist, "myelin.wasm"))
	if err != nil {
		return err
	}
	gz, err := gzipBytes(wasm)
	if err != nil {
		return err
	}
	lif, err := read(filepath.Join(root, "examples", "lif.toml"))
	if err != nil {
		return err
	}
	data, err := json.Marshal(map[string]string{"model": lif, "name": "lif.toml", "wasmGzipBase64": base64.StdEncoding.EncodeToString(gz)})
	if err != nil {
		return err
	}
	scripts := []string{
		// Data first: the model text and the compressed core.
		"window.__myelinSingle = " + guard(string(data)) + ";\n" +
			"window.__myelinWasm = async () => {\n" +
			"  const bin = atob(window.__myelinSingle.wasmGzipBase64);\n" +
			"  const bytes = new Uint8Array(bin.length);\n" +
			"  for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);\n" +
			"  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();\n" +
			"};",
	}
	for _, f := range []string{filepath.Join(dist, "wasm_exec.js"), filepath.Join(dist, "myelin.js"), filepath.Join(dist, "common.js"),
		filepath.Join(dist, "plot.js"), filepath.Join(dist, "lite.js"), filepath.Join(root, "site", "single.js")} {
		s, err := read(f)
		if err != nil {
			return err
		}
		scripts = append(scripts, guard(s))
	}
	style, err := read(filepath.Join(dist, "style.css"))
	if err != nil {
		return err
	}
	hash := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
	}
	var hashes []string
	for _, s := range scripts {
		hashes = append(hashes, hash(s))
	}
	csp := "default-src 'none'; script-src " + strings.Join(hashes, " ") + " 'wasm-unsafe-eval'; " +
		"style-src " + hash(style) + "; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'"
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(csp) + `">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>myelin — LIF population (single file)</title>
<style>` + style + `</style>
</head>
<body class="single">
<header><h1>myelin</h1><p>This one file holds the simulator and a model: it runs offline, from disk.</p></header>
<main><div id="view" class="view"></div></main>
`)
	for k, s := range scripts {
		if k > 0 {
			b.WriteString("\n")
		}
		b.WriteString("<script>" + s + "</script>")
	}
	b.WriteString("\n</body>\n</html>\n")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d bytes\n", out, b.Len())
	return nil
}
