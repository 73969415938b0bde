// app.js: the live view of a model, full-window, for model.html and for
// embedding in any page with one <iframe>. It runs the Ebiten app
// (app.wasm, which defines globalThis.myelinApp) and, where app.wasm is
// missing, the light view (lite.js on myelin.js) with the same methods.
//
// What to show comes from the URL fragment, read once at start:
//   #example=hh.toml           an example of the site (examples/hh.toml)
//   #model=<deflate base64url> a model's text, as model.html's share links
//   &name=x.toml &seed=7 &autoplay=0   optional
// or from the parent page, by postMessage (docs/site.md):
//   {type:'load', text, name, seed}   -> {type:'loaded', name, model} | {type:'error', message, line, col, errors}
//   {type:'play'|'pause'|'reset'}, {type:'set', name, value} -> {type:'set', error}
//   {type:'results'}                  -> {type:'results', json}
//   {type:'file', name, text}         -> {type:'file', name}: a file models may name (swc = "cell.swc")
// and it sends {type:'status', status} to the parent about 4 times a second
// (the app on a software renderer, running: with its frames, down to 2).
(function () {
  'use strict';
  const site = window.myelinSite;
  const view = document.getElementById('view');
  let app = null;

  // script loads a script; several asked for at once download in parallel
  // and run in the order asked (async = false).
  const script = (src) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.async = false;
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error('could not load ' + src));
    document.head.appendChild(s);
  });

  // startEbiten runs app.wasm; it resolves with globalThis.myelinApp.
  const startEbiten = async () => {
    await script('memfs.js'); // files opened in the page (SWC), before wasm_exec.js
    if (typeof window.Go === 'undefined') await script('wasm_exec.js');
    const go = new window.Go();
    const ready = new Promise((resolve) => { window.onMyelinAppReady = () => resolve(window.myelinApp); });
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(fetch('app.wasm'), go.importObject);
    } catch (e) {
      const r = await fetch('app.wasm');
      if (!r.ok) throw new Error('app.wasm: ' + r.status);
      result = await WebAssembly.instantiate(await r.arrayBuffer(), go.importObject);
    }
    view.hidden = true; // Ebiten makes its own canvas, full-window
    // A program that ends (no WebGL2, say: Ebiten stops after the API is
    // defined) makes the page fall back to the light view, with the model
    // it was showing.
    const ended = go.run(result.instance).then(() => { throw new Error('app.wasm stopped'); });
    ended.catch((e) => fallBack(e));
    return window.myelinApp && typeof window.myelinApp.load === 'function' ? window.myelinApp : Promise.race([ready, ended]);
  };

  let lastLoad = null; // [text, name, seed] of the last model loaded
  const fallBack = (e) => {
    if (!app || app.version === 'lite') return;
    console.warn('myelin: the app stopped (' + e.message + '); using the light view');
    app = null;
    window.myelinView = null;
    started = (async () => {
      app = await startLite();
      window.myelinView = app;
      if (lastLoad) await load(...lastLoad);
      return app;
    })();
  };

  const startLite = async () => {
    view.hidden = false;
    await Promise.all((window.myelinFiles ? [] : ['memfs.js']).concat(['myelin.js', 'plot.js', 'lite.js']).map(script));
    await window.myelin.ready;
    const starting = document.getElementById('starting');
    if (starting) starting.remove();
    const lite = window.myelinLite.create(view);
    if (software) offerApp();
    return lite;
  };

  // offerApp adds a button to the light view that opens the full app
  // (?view=app): in model.html, the page itself opens again with it (the
  // edited text is kept there); elsewhere this view does, with the model
  // of its fragment.
  const offerApp = () => {
    const bar = view.querySelector('.bar');
    if (!bar) return;
    const b = site.el('button', { type: 'button', id: 'open-app', text: 'Full app',
      title: 'This browser draws in software (' + software + '), so the light view runs instead of the full app: the app is slower here.' });
    b.addEventListener('click', async () => {
      let page = null;
      try { if (window.parent !== window && typeof window.parent.myelinOpenApp === 'function') page = window.parent; } catch (e) { /* another origin */ }
      if (page) { page.myelinOpenApp(); return; }
      const u = new URL(location.href);
      u.searchParams.set('view', 'app');
      // The model shown goes along in the fragment, as a share link
      // carries it: one a parent page sent by postMessage is in no URL.
      if (lastLoad) {
        const [text, name, seed] = lastLoad;
        u.hash = 'model=' + await site.encodeModel(text) + '&name=' + encodeURIComponent(name || 'model.toml') +
          (seed !== undefined && seed !== null ? '&seed=' + encodeURIComponent(seed) : '') +
          (site.fragment(location.hash).autoplay === '0' ? '&autoplay=0' : '');
      }
      location.replace(u.href);
    });
    bar.append(b);
  };

  // softwareGL names the renderer where WebGL draws in software
  // (SwiftShader, llvmpipe, softpipe, Windows' Microsoft Basic Render
  // Driver), or is '' (a graphics processor, or
  // no WebGL: the app then stops and gives way by itself). There the app's
  // every frame costs the CPU its simulation needs, and its download and
  // start-up are longer: the light view runs the same model faster there
  // (docs/performance.md, "The web site").
  const softwareGL = () => {
    try {
      const c = document.createElement('canvas');
      const gl = c.getContext('webgl2') || c.getContext('webgl');
      if (!gl) return '';
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) || '');
      const lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(name) ? name : '';
    } catch (e) {
      return '';
    }
  };

  // The view asked for: ?view=lite or ?view=app, else the app but where
  // WebGL is a software renderer.
  const asked = new URLSearchParams(location.search).get('view');
  let software = '';

  // hasAppWasm asks the server whether app.wasm exists, without fetching it.
  const hasAppWasm = async () => {
    if (asked === 'lite') return false;
    if (asked !== 'app' && (software = softwareGL())) return false;
    try {
      const r = await fetch('app.wasm', { method: 'HEAD' });
      return r.ok;
    } catch (e) {
      return false;
    }
  };

  const errorObject = (e) => (e ? { message: String(e.message), line: e.line || 0, col: e.col || 0, errors: e.errors || [] } : null);

  // load builds a model in the app: null or an error object.
  const load = async (text, name, seed) => {
    lastLoad = [text, name, seed];
    const r = await Promise.resolve(seed === undefined || seed === null ? app.load(text, name) : app.load(text, name, seed));
    return errorObject(r);
  };

  const reply = (target, origin, msg) => {
    try { target.postMessage(msg, origin && origin !== 'null' ? origin : '*'); } catch (e) { /* gone */ }
  };

  // modelInfo describes the model where the view can (the light view).
  const modelInfo = () => {
    try { return typeof app.sim === 'function' && app.sim() ? app.sim().model : null; } catch (e) { return null; }
  };

  const onMessage = async (e) => {
    if (e.source !== window.parent || window.parent === window) return;
    const d = e.data;
    if (!d || typeof d !== 'object' || typeof d.type !== 'string') return;
    if (!(await started)) return;
    const answer = (msg) => reply(e.source, e.origin, Object.assign({ id: d.id }, msg));
    switch (d.type) {
      case 'load': {
        const err = await load(String(d.text), d.name ? String(d.name) : 'model.toml', d.seed);
        answer(err ? Object.assign({ type: 'error' }, err) : { type: 'loaded', name: d.name || 'model.toml', model: modelInfo() });
        break;
      }
      case 'play': app.play(); break;
      case 'pause': app.pause(); break;
      case 'reset': app.reset(); break;
      case 'set': answer({ type: 'set', error: errorObject(app.set(String(d.name), d.value)) }); break;
      case 'results': answer({ type: 'results', json: app.resultsJSON() }); break;
      case 'file': // a file a model may name (an SWC morphology), by its base name
        window.myelinFiles.set(String(d.name), String(d.text));
        answer({ type: 'file', name: d.name });
        break;
      default: break;
    }
  };

  const fromFragment = async () => {
    const f = site.fragment(location.hash);
    const seed = f.seed !== undefined && /^\d+$/.test(f.seed) ? Number(f.seed) : undefined;
    if (f.autoplay === '0' && 'autoplay' in app) app.autoplay = false;
    let text = null, name = f.name || 'model.toml';
    if (f.model) {
      text = await site.decodeModel(f.model);
    } else if (f.example && /^[\w.-]+\.toml$/.test(f.example)) {
      const r = await fetch('examples/' + encodeURIComponent(f.example));
      if (!r.ok) throw new Error('no example ' + f.example);
      text = await r.text();
      name = f.example;
    }
    if (text !== null) {
      const err = await load(text, name, seed);
      if (err) showError(err);
    }
  };

  const showError = (e) => {
    const p = site.el('p', { class: 'starting error', text: (e.line ? name + ':' + e.line + ':' + e.col + ': ' : '') + e.message });
    (document.getElementById('view') || document.body).append(p);
  };
  const name = 'model.toml';

  let started = null; // resolves with the app, or null when it could not start
  window.addEventListener('message', onMessage);
  started = (async () => {
    try {
      if (await hasAppWasm()) {
        try {
          app = await startEbiten();
        } catch (e) {
          console.warn('myelin: the app could not start (' + e.message + '); using the light view');
        }
      }
      if (!app) app = await startLite();
    } catch (e) {
      showError({ message: 'myelin could not start: ' + e.message });
      return null;
    }
    window.myelinView = app; // for tests and for same-origin parents
    if (typeof app.on === 'function' && window.parent !== window) {
      app.on('status', (s) => reply(window.parent, '*', { type: 'status', status: s }));
    }
    try {
      await fromFragment();
    } catch (e) {
      // A damaged share link or a missing example: say so, keep running.
      showError({ message: e.message });
    }
    if (window.parent !== window) reply(window.parent, '*', { type: 'ready', version: app.version });
    return app;
  })();
})();
