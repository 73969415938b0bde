// Serves the built files of a browser benchmark (dir given as the first
// argument; see run.sh),
// opens them in headless Chromium through playwright-core, waits for the
// benchmark to finish and prints its results (milliseconds) as JSON.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const dir = process.argv[2];
const require = createRequire(path.join(process.argv[3], 'package.json'));
const { chromium } = require('playwright-core');

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.png': 'image/png', '.swc': 'text/plain' };
const server = http.createServer((req, res) => {
  const f = path.join(dir, path.basename(new URL(req.url, 'http://x').pathname) || 'index.html');
  fs.readFile(f, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(f)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await chromium.launch({
  executablePath: process.env.CHROME || '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on('pageerror', e => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.bench.ready || window.bench.error, null, { timeout: 600000, polling: 500 });
  const result = await page.evaluate(() => JSON.parse(JSON.stringify(window.bench)));
  result.renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
    return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null;
  });
  result.userAgent = await page.evaluate(() => navigator.userAgent);
  console.log(JSON.stringify(result, null, 1));
  // A benchmark that compares a drawing with a golden image fails with it.
  if (result.error || (result.golden && !result.golden.pass)) process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
