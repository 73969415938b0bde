// build.js: the steps of `make site` and `make site-single` that are not a
// plain copy. Node only, no packages.
//
//   node site/build.js pages DIST             gallery index.html, the other pages, examples/
//   node site/build.js picture MODEL.toml OUT.png   gallery picture (myelin plot, with a fallback)
//   node site/build.js compress FILE...        FILE.gz and FILE.br, redone only when FILE changed
//   node site/build.js single DIST OUT.html    one self-contained HTML file (the LIF example)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const site = __dirname;
const root = path.join(site, '..');

// The static files of the site, copied as they are (index.html is made
// from its template).
const STATIC = ['model.html', 'model.js', 'app.html', 'app.js', 'memfs.js', 'lite.js', 'plot.js', 'common.js',
  'myelin.js', 'style.css', 'api-example.html', 'api-example.js', 'embed-example.html'];

// escapeHTML makes text safe inside HTML elements and quoted attributes.
const escapeHTML = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// modelInfo reads name and description from a model file's [model] table:
// the little of TOML that these two strings need (basic and multi-line
// basic strings, literal strings). The full reader is the Go one; this only
// feeds the gallery, and a string it cannot read falls back to the file name.
function modelInfo(text) {
  const info = {};
  const lines = text.split(/\r?\n/);
  let inModel = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const head = /^\s*\[([^\]]*)\]\s*(#.*)?$/.exec(line);
    if (head) { inModel = head[1].trim() === 'model'; continue; }
    if (!inModel) continue;
    const m = /^\s*(name|description)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (v.startsWith('"""')) {
      let body = v.slice(3);
      while (!body.includes('"""') && k + 1 < lines.length) body += '\n' + lines[++k];
      info[m[1]] = unescape(body.slice(0, body.indexOf('"""')).replace(/^\n/, '').replace(/\\\s*\n\s*/g, ''));
    } else if (v.startsWith('"')) {
      const s = /^"((?:[^"\\]|\\.)*)"/.exec(v);
      if (s) info[m[1]] = unescape(s[1]);
    } else if (v.startsWith("'")) {
      const s = /^'([^']*)'/.exec(v);
      if (s) info[m[1]] = s[1];
    }
  }
  return info;
}

function unescape(s) {
  return s.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e) => {
    if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\' }[e] ?? e;
  });
}

// examples lists examples/*.toml with their names and descriptions.
function examples() {
  const dir = path.join(root, 'examples');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.toml')).sort().map((file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const info = modelInfo(text);
    return { file, name: info.name || file, description: info.description || '', text };
  });
}

// pages writes the gallery and copies the pages, scripts and examples.
function pages(dist) {
  fs.mkdirSync(path.join(dist, 'examples'), { recursive: true });
  for (const f of STATIC) fs.copyFileSync(path.join(site, f), path.join(dist, f));
  const list = examples();
  const cards = list.map((e) => {
    const stem = e.file.replace(/\.toml$/, '');
    const href = 'model.html?m=' + encodeURIComponent(e.file);
    return `<li class="card"><a href="${escapeHTML(href)}">` +
      `<img src="img/${escapeHTML(encodeURIComponent(stem))}.png" alt="" width="480" height="300" loading="lazy">` +
      `<h2>${escapeHTML(e.name)}</h2></a>` +
      `<p>${escapeHTML(e.description)}</p>` +
      `<p class="file"><code>${escapeHTML(e.file)}</code></p></li>`;
  }).join('\n');
  const template = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
  if (!template.includes('<!-- gallery -->')) throw new Error('site/index.html has no <!-- gallery --> marker');
  fs.writeFileSync(path.join(dist, 'index.html'), template.replace('<!-- gallery -->', cards));
  for (const e of list) fs.writeFileSync(path.join(dist, 'examples', e.file), e.text);
  fs.writeFileSync(path.join(dist, 'examples', 'index.json'),
    JSON.stringify(list.map(({ file, name, description }) => ({ file, name, description })), null, 1) + '\n');
  // The service worker keeps the pages, scripts and examples for offline use.
  const precache = ['./', 'index.html', 'wasm_exec.js', 'examples/index.json']
    .concat(STATIC.filter((f) => !/^(api-example|embed-example)/.test(f)))
    .concat(list.map((e) => 'examples/' + e.file));
  const sw = fs.readFileSync(path.join(site, 'sw.js'), 'utf8');
  if (!sw.includes('/* PRECACHE */')) throw new Error('site/sw.js has no /* PRECACHE */ marker');
  fs.writeFileSync(path.join(dist, 'sw.js'), sw.replace('/* PRECACHE */', precache.map((f) => JSON.stringify(f)).join(', ')));
}

// picture draws a gallery picture with `myelin plot`. Plots that this build
// cannot draw yet (morphologies) make it fail: then every monitor is drawn
// instead, from a copy of the file without its [[plots]].
function picture(model, out) {
  const cli = process.env.MYELIN || path.join(root, 'bin', 'myelin');
  const args = ['--width', '480', '--height', '300'];
  const run = (file) => spawnSync(cli, ['plot', file, '-o', out, ...args], { encoding: 'utf8' });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  let r = run(model);
  if (r.status === 0) return;
  const text = fs.readFileSync(model, 'utf8').split('\n');
  const kept = [];
  let inPlots = false;
  for (const line of text) {
    const head = /^\s*\[\[?\s*([A-Za-z_.]+)/.exec(line);
    if (head) inPlots = head[1] === 'plots' || head[1].startsWith('plots.');
    if (!inPlots) kept.push(line);
  }
  // Beside the original, so that paths relative to it still work.
  const tmp = path.join(path.dirname(model), '.' + path.basename(model, '.toml') + '.gallery.toml');
  fs.writeFileSync(tmp, kept.join('\n'));
  try {
    const r2 = run(tmp);
    if (r2.status !== 0) {
      process.stderr.write(r.stderr + r2.stderr);
      process.exit(1);
    }
    process.stderr.write(`note: ${path.basename(model)}: ${r.stderr.trim()}; the gallery shows every monitor instead\n`);
  } finally {
    fs.unlinkSync(tmp);
  }
}

// compress writes FILE.gz (gzip -9) and FILE.br (brotli, quality 11, or
// $MYELIN_BROTLI_QUALITY: the tests use a fast one) when FILE's content or
// the quality differs from the last time (FILE.sha256 remembers both), so
// that relinking an unchanged binary costs nothing.
function compress(files) {
  const quality = Number(process.env.MYELIN_BROTLI_QUALITY || 11);
  for (const f of files) {
    const data = fs.readFileSync(f);
    const sum = crypto.createHash('sha256').update(data).digest('hex') + ' q' + quality;
    const stamp = f + '.sha256';
    if (fs.existsSync(f + '.gz') && fs.existsSync(f + '.br') && fs.existsSync(stamp) &&
        fs.readFileSync(stamp, 'utf8').trim() === sum) continue;
    fs.writeFileSync(f + '.gz', zlib.gzipSync(data, { level: 9 }));
    fs.writeFileSync(f + '.br', zlib.brotliCompressSync(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      },
    }));
    fs.writeFileSync(stamp, sum + '\n');
    console.log(`compressed ${f}: ${data.length} bytes, gzip ${fs.statSync(f + '.gz').size}, brotli ${fs.statSync(f + '.br').size}`);
  }
}

// single writes one HTML file that holds everything the LIF example needs:
// the page, its style, wasm_exec.js, myelin.js, the plotting code and
// myelin.wasm (gzip, base64). It opens from file:// (no fetch at all), and
// its Content-Security-Policy allows exactly its own inline scripts and
// style, by hash.
function single(dist, out) {
  const read = (f) => fs.readFileSync(path.join(dist, f), 'utf8');
  const wasm = zlib.gzipSync(fs.readFileSync(path.join(dist, 'myelin.wasm')), { level: 9 }).toString('base64');
  const lif = fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8');
  const guard = (s) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const scripts = [
    // Data first: the model text and the compressed core.
    'window.__myelinSingle = ' + guard(JSON.stringify({ model: lif, name: 'lif.toml', wasmGzipBase64: wasm })) + ';\n' +
      'window.__myelinWasm = async () => {\n' +
      '  const bin = atob(window.__myelinSingle.wasmGzipBase64);\n' +
      '  const bytes = new Uint8Array(bin.length);\n' +
      '  for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);\n' +
      "  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();\n" +
      '};',
    guard(read('wasm_exec.js')),
    guard(read('myelin.js')),
    guard(read('common.js')),
    guard(read('plot.js')),
    guard(read('lite.js')),
    guard(fs.readFileSync(path.join(site, 'single.js'), 'utf8')),
  ];
  const style = read('style.css');
  const hash = (s) => "'sha256-" + crypto.createHash('sha256').update(s, 'utf8').digest('base64') + "'";
  const csp = "default-src 'none'; script-src " + scripts.map(hash).join(' ') + " 'wasm-unsafe-eval'; " +
    'style-src ' + hash(style) + "; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHTML(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>myelin — LIF population (single file)</title>
<style>${style}</style>
</head>
<body class="single">
<header><h1>myelin</h1><p>This one file holds the simulator and a model: it runs offline, from disk.</p></header>
<main><div id="view" class="view"></div></main>
${scripts.map((s) => '<script>' + s + '</script>').join('\n')}
</body>
</html>
`;
  fs.writeFileSync(out, html);
  console.log(`wrote ${out}: ${html.length} bytes`);
}

function main() {
  const [cmd, ...args] = process.argv.slice(2);
  try {
    switch (cmd) {
      case 'pages': pages(args[0]); break;
      case 'picture': picture(args[0], args[1]); break;
      case 'compress': compress(args); break;
      case 'single': single(args[0], args[1]); break;
      default:
        process.stderr.write('usage: node site/build.js pages DIST | picture MODEL OUT | compress FILE... | single DIST OUT\n');
        process.exit(2);
    }
  } catch (e) {
    process.stderr.write(`site/build.js ${cmd}: ${e.message}\n`);
    process.exit(1);
  }
}

if (require.main === module) main();
module.exports = { modelInfo, escapeHTML };
