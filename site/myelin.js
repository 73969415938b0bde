// myelin.js: loads myelin.wasm from beside this script and defines
// window.myelin. See docs/javascript-api.md.
(function () {
  const here = document.currentScript ? new URL('.', document.currentScript.src) : new URL('.', location.href);
  const api = {};
  api.ready = new Promise((resolve, reject) => {
    const start = async () => {
      const go = new Go();
      window.__myelinReady = () => {
        api.version = window.__myelin.version;
        resolve(api);
      };
      const url = new URL('myelin.wasm', here);
      let result;
      try {
        result = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
      } catch (e) {
        // Servers that do not send application/wasm: fall back to bytes.
        const bytes = await (await fetch(url)).arrayBuffer();
        result = await WebAssembly.instantiate(bytes, go.importObject);
      }
      go.run(result.instance);
    };
    const load = () => {
      if (typeof Go !== 'undefined') return start().catch(reject);
      const s = document.createElement('script');
      s.src = new URL('wasm_exec.js', here).href;
      s.onload = () => start().catch(reject);
      s.onerror = () => reject(new Error('myelin: could not load wasm_exec.js'));
      document.head.appendChild(s);
    };
    load();
  });
  // parseQuantity("10*mV") -> {value, unit, text}; throws {message, col}.
  api.parseQuantity = (text) => {
    const r = window.__myelin.parseQuantity(String(text));
    if (r.message !== undefined) throw r;
    return r;
  };
  window.myelin = api;
})();
