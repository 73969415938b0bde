// Command serve serves the built static site (site/dist) on a local address
// for `make serve`. It is a development server: the site itself is static and
// can be hosted anywhere.
//
// Pre-compressed copies (name.br, name.gz) are served in place of a file when
// the browser accepts that encoding, so the WebAssembly binary loads as it
// would from a well-configured host.
package main

import (
	"flag"
	"fmt"
	"log"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

func main() {
	dir := flag.String("dir", "site/dist", "folder to serve")
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		fmt.Fprintf(os.Stderr, "serve: %s has no index.html: run `make site` first\n", *dir)
		os.Exit(1)
	}
	fmt.Printf("myelin: serving %s on http://%s/\n", *dir, *addr)
	log.Fatal(http.ListenAndServe(*addr, handler(*dir)))
}

// handler serves files from dir, preferring pre-compressed copies.
func handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		name := path.Clean(r.URL.Path)
		accept := r.Header.Get("Accept-Encoding")
		for _, enc := range []struct{ ext, name string }{{".br", "br"}, {".gz", "gzip"}} {
			if !strings.Contains(accept, enc.name) || strings.HasSuffix(name, "/") {
				continue
			}
			full := filepath.Join(dir, filepath.FromSlash(name)+enc.ext)
			if fi, err := os.Stat(full); err == nil && !fi.IsDir() {
				if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
					w.Header().Set("Content-Type", ct)
				}
				w.Header().Set("Content-Encoding", enc.name)
				w.Header().Add("Vary", "Accept-Encoding")
				http.ServeFile(w, r, full)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}
