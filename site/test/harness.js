// harness.js: runs site/myelin.js on a myelin.wasm under plain Node, with
// the little of a browser it needs. Used by api_test.js.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { execFileSync } = require('child_process');
const { pathToFileURL, fileURLToPath } = require('url');

// setup loads wasm_exec.js and myelin.js; wasm is the path of myelin.wasm.
// env, when given, is the Go program's environment (GODEBUG=gctrace=1 ...).
function setup(wasm, env) {
  // What Go's own wasm_exec_node.js provides, for Node versions without it.
  globalThis.crypto ??= require('crypto').webcrypto;
  globalThis.performance ??= require('perf_hooks').performance;
  globalThis.TextEncoder ??= require('util').TextEncoder;
  globalThis.TextDecoder ??= require('util').TextDecoder;
  const goroot = execFileSync(process.env.GO || 'go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  require(path.join(goroot, 'lib', 'wasm', 'wasm_exec.js'));
  if (env) {
    const Go = globalThis.Go;
    globalThis.Go = class extends Go {
      constructor() { super(); Object.assign(this.env, env); }
    };
  }

  // A browser's window and document, as far as myelin.js looks.
  globalThis.window = globalThis;
  const dir = path.dirname(path.resolve(wasm));
  globalThis.document = { currentScript: { src: pathToFileURL(path.join(dir, 'myelin.js')).href } };
  // fetch of file: URLs, which Node's fetch does not do.
  const netFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    const u = new URL(String(url));
    if (u.protocol !== 'file:') return netFetch(url);
    let file = fileURLToPath(u);
    if (path.basename(file) === 'myelin.wasm') file = path.resolve(wasm);
    const data = fs.readFileSync(file);
    if (typeof Response === 'function') {
      return new Response(data, { status: 200, headers: { 'Content-Type': 'application/wasm' } });
    }
    return { ok: true, status: 200, arrayBuffer: async () => data.buffer.slice(data.byteOffset, data.byteOffset + data.length) };
  };
  const src = path.join(__dirname, '..', 'myelin.js');
  vm.runInThisContext(fs.readFileSync(src, 'utf8'), { filename: src });
  return globalThis.myelin;
}

module.exports = { setup };
