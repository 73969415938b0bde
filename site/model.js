// model.js: the page of one model (model.html?m=hh.toml, or
// model.html#model=<share link>): an editor of its TOML text whose errors
// show at their lines as you type, the live view (app.html in an iframe)
// that re-runs the model on every change, share links, autosave, files from
// disk, downloads and the embed snippet. See docs/site.md.
(function () {
  'use strict';
  const site = window.myelinSite;
  const $ = (id) => document.getElementById(id);
  const text = $('text'), gutter = $('gutter'), marks = $('marks'), frame = $('app');
  const DEBOUNCE_MS = 350;
  const LINE = 20, PAD = 8; // px: the editor's line height and padding (style.css)

  // What the page edits: where it came from (for autosave and the embed
  // snippet), its file name and its original text.
  const doc = { key: '', name: 'model.toml', example: null, original: '' };
  let errors = []; // the errors of the current text, [{message, line, col}]

  // ---- the live view: app.html in the iframe, spoken to by postMessage.
  let nextId = 1, latest = 0;
  let frameReady;
  const ready = new Promise((resolve) => { frameReady = resolve; });
  const pending = new Map();
  window.addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow) return;
    const d = e.data || {};
    if (d.type === 'ready') frameReady();
    if (d.id && pending.has(d.id)) {
      pending.get(d.id)(d);
      pending.delete(d.id);
    }
  });
  const ask = (msg) => ready.then(() => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    frame.contentWindow.postMessage(Object.assign({ id }, msg), location.origin === 'null' ? '*' : location.origin);
  }));
  const view = () => frame.contentWindow && frame.contentWindow.myelinView;

  // ---- the editor.
  const lineCount = () => text.value.split('\n').length;

  const renderGutter = () => {
    const n = lineCount();
    const bad = new Map();
    for (const e of errors) if (e.line > 0 && !bad.has(e.line)) bad.set(e.line, e.message);
    if (gutter.childElementCount !== n) {
      gutter.replaceChildren(...Array.from({ length: n }, (_, k) => site.el('div', { text: String(k + 1) })));
    }
    for (let k = 0; k < n; k++) {
      const d = gutter.children[k];
      const msg = bad.get(k + 1);
      d.className = msg ? 'err' : '';
      if (msg) d.title = msg; else d.removeAttribute('title');
    }
    marks.replaceChildren(...[...bad].map(([line, msg]) => {
      const m = site.el('div', { class: 'mark', 'data-line': line }, site.el('span', { text: msg, title: msg }));
      m.style.top = (PAD + (line - 1) * LINE) + 'px';
      return m;
    }));
    scroll();
  };
  const scroll = () => {
    gutter.style.transform = `translateY(${-text.scrollTop}px)`;
    marks.style.transform = `translateY(${-text.scrollTop}px)`; // the band spans the visible width
  };

  const showErrors = (list) => {
    errors = list;
    const ul = $('errors');
    ul.replaceChildren(...list.map((e) => {
      const where = e.line ? `${doc.name}:${e.line}:${e.col}: ` : '';
      const li = site.el('li', {}, site.el('button', { type: 'button', class: 'link', text: where + e.message }));
      li.firstChild.addEventListener('click', () => goTo(e.line, e.col));
      return li;
    }));
    $('check').textContent = list.length ? `${list.length} error${list.length > 1 ? 's' : ''}` : '';
    $('check').className = 'check' + (list.length ? ' error' : '');
    renderGutter();
  };

  const goTo = (line, col) => {
    if (!line) return;
    const lines = text.value.split('\n');
    let at = 0;
    for (let k = 0; k < line - 1 && k < lines.length; k++) at += lines[k].length + 1;
    at += Math.max(0, (col || 1) - 1);
    text.focus();
    text.setSelectionRange(at, Math.min(at + 1, text.value.length));
    text.scrollTop = Math.max(0, (line - 5) * LINE);
  };

  // ---- checking and running: every change is loaded in the live view
  // (which checks it as myelin check does, and runs it when it is good),
  // DEBOUNCE_MS after the last key.
  let timer = null;
  const run = async () => {
    const id = ++latest;
    $('check').textContent = 'checking…';
    $('check').className = 'check';
    const r = await ask({ type: 'load', text: text.value, name: doc.name });
    if (id !== latest) return; // a newer edit is on its way
    if (r.type === 'error') {
      showErrors(r.errors && r.errors.length ? r.errors : [{ message: r.message, line: r.line, col: r.col }]);
    } else {
      showErrors([]);
      if (r.model) setTitle(r.model.name, r.model.description);
    }
  };
  const changed = () => {
    save();
    renderGutter();
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };

  // ---- autosave: every edit is kept in localStorage under the model's
  // key; "Back to the original" drops it.
  const storageKey = () => 'myelin:edit:' + doc.key;
  const save = () => {
    const edited = text.value !== doc.original;
    try {
      if (edited) localStorage.setItem(storageKey(), JSON.stringify({ name: doc.name, text: text.value, saved: Date.now() }));
      else localStorage.removeItem(storageKey());
    } catch (e) { /* storage full or disabled: editing still works */ }
    $('original').disabled = !edited;
  };
  const restore = () => {
    try {
      const s = JSON.parse(localStorage.getItem(storageKey()) || 'null');
      if (s && typeof s.text === 'string') return s.text;
    } catch (e) { /* ignore damaged entries */ }
    return null;
  };

  const setTitle = (name, description) => {
    $('title').textContent = name || doc.name;
    $('description').textContent = description || '';
    document.title = 'myelin — ' + (name || doc.name);
  };

  // open shows a model: its key, name and original text; an autosaved
  // edit of it is restored.
  const open = (key, name, original) => {
    doc.key = key;
    doc.name = name;
    doc.original = original;
    const saved = restore();
    text.value = saved !== null ? saved : original;
    $('original').disabled = saved === null || saved === original;
    showErrors([]);
    clearTimeout(timer);
    run();
  };

  // ---- share links and the embed snippet.
  const base = () => new URL('.', location.href).href;
  const shareURL = async () => {
    const enc = await site.encodeModel(text.value);
    return base() + 'model.html#model=' + enc + '&name=' + encodeURIComponent(doc.name);
  };
  const embedSnippet = async () => {
    const edited = text.value !== doc.original || !doc.example;
    const frag = edited ? 'model=' + await site.encodeModel(text.value) + '&name=' + encodeURIComponent(doc.name)
      : 'example=' + encodeURIComponent(doc.example);
    const title = ($('title').textContent || doc.name).replace(/[&<>"]/g, '');
    return `<iframe src="${base()}app.html#${frag}" title="myelin: ${title}" width="800" height="520" style="border:0;max-width:100%" loading="lazy"></iframe>`;
  };
  const panel = (label, value, note) => {
    $('panel').hidden = false;
    $('panel-label').textContent = label;
    $('panel-text').value = value;
    $('panel-note').textContent = note || '';
    $('panel-text').select();
  };
  $('share').addEventListener('click', async () => {
    const url = await shareURL();
    panel('Share link: it holds the whole model, so it works without any server storage.', url,
      `${url.length} characters.` + (url.length > 8000 ? ' Very long links may be cut by some chat and mail programs; download the .toml instead.' : ''));
  });
  $('embed').addEventListener('click', async () => {
    panel('Embed: paste this into any web page (a course page, a blog) to show this model running, with its plots and sliders.',
      await embedSnippet(), 'The page loads myelin from this site; see docs/site.md for hosting your own copy.');
  });
  $('copy').addEventListener('click', async () => {
    const t = $('panel-text');
    try {
      await navigator.clipboard.writeText(t.value);
      $('panel-note').textContent = 'Copied.';
    } catch (e) {
      t.select();
      document.execCommand('copy');
      $('panel-note').textContent = 'Copied (or press Ctrl+C).';
    }
  });

  // ---- buttons.
  $('original').addEventListener('click', () => {
    try { localStorage.removeItem(storageKey()); } catch (e) { /* ignore */ }
    text.value = doc.original;
    changed();
  });
  const stem = () => site.stem(doc.name);
  $('dl-toml').addEventListener('click', () => site.download(stem() + '.toml', text.value, 'text/plain'));
  $('dl-json').addEventListener('click', () => { const v = view(); if (v) site.download(stem() + '.json', v.resultsJSON() + '\n', 'application/json'); });
  $('dl-csv').addEventListener('click', () => { const v = view(); if (v) site.download(stem() + '.csv', v.resultsCSV(), 'text/csv'); });
  $('dl-png').addEventListener('click', () => { const v = view(); if (v) site.download(stem() + '.png', v.figurePNG(), 'image/png'); });
  $('dl-svg').addEventListener('click', () => {
    const v = view();
    const svg = v && v.figureSVG();
    if (svg) site.download(stem() + '.svg', svg, 'image/svg+xml');
    else $('check').textContent = 'SVG figures come with the full app; this view offers PNG.';
  });

  // Files from disk: a .toml replaces the model; an .swc is offered to the
  // live view for models that name it (swc = "cell.swc").
  $('open').addEventListener('change', async (e) => {
    const names = [];
    for (const f of e.target.files) {
      const body = await f.text();
      if (/\.swc$/i.test(f.name)) {
        try { localStorage.setItem('myelin:aux:' + f.name, body); } catch (err) { /* kept until a reload only */ }
        await ask({ type: 'file', name: f.name, text: body });
        names.push(f.name);
      } else {
        doc.example = null;
        const q = new URLSearchParams(location.search);
        history.replaceState(null, '', 'model.html?file=' + encodeURIComponent(f.name) + (q.get('view') ? '&view=' + encodeURIComponent(q.get('view')) : ''));
        try { localStorage.setItem('myelin:file:' + f.name, body); } catch (err) { /* a reload then shows LIF */ }
        open('file:' + f.name, f.name, body);
        setTitle(f.name, '');
      }
    }
    if (names.length) {
      $('files').textContent = 'Morphology files: ' + names.join(', ') + ' (a model refers to them by name, as swc = "' + names[0] + '").';
      if (doc.key) run(); // the model may be waiting for them
    }
    e.target.value = '';
  });

  text.addEventListener('input', changed);
  text.addEventListener('scroll', scroll);
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey) { // indent instead of leaving the editor
      e.preventDefault();
      const s = text.selectionStart;
      text.setRangeText('  ', s, text.selectionEnd, 'end');
      changed();
    }
  });

  // ---- start: a share link (#model=), an example (?m=hh.toml), or LIF.
  // ?view=lite asks for the light view (myelin.js and a 2-D canvas) instead
  // of the app, as a smaller download for slow connections and machines;
  // ?view=app for the app even where WebGL draws in software (where
  // app.html otherwise runs the light view, with a button that comes here).
  window.myelinOpenApp = () => {
    const u = new URL(location.href);
    u.searchParams.set('view', 'app');
    location.href = u.href;
  };
  (async () => {
    const frag = site.fragment(location.hash);
    const q = new URLSearchParams(location.search);
    const v = q.get('view');
    frame.src = v === 'lite' || v === 'app' ? 'app.html?view=' + v : 'app.html';
    // Morphologies opened earlier go to the view before any model.
    const aux = [];
    try {
      for (let k = 0; k < localStorage.length; k++) {
        const key = localStorage.key(k);
        if (key.startsWith('myelin:aux:')) aux.push([key.slice(11), localStorage.getItem(key)]);
      }
    } catch (e) { /* no storage */ }
    for (const [name, body] of aux) ask({ type: 'file', name, text: body });
    if (aux.length) $('files').textContent = 'Morphology files: ' + aux.map((a) => a[0]).join(', ') + '.';
    if (frag.model) {
      try {
        const shared = await site.decodeModel(frag.model);
        const name = frag.name && /^[\w .-]+$/.test(frag.name) ? frag.name : 'model.toml';
        open('link:' + frag.model.slice(0, 96), name, shared);
        setTitle(name, 'from a share link');
        return;
      } catch (e) {
        $('check').textContent = 'This share link is damaged (' + e.message + '); showing the LIF example instead.';
      }
    }
    const file = q.get('file');
    let opened = null;
    try { opened = file && localStorage.getItem('myelin:file:' + file); } catch (e) { /* no storage */ }
    if (opened !== null && opened !== undefined && file) { // a file opened from disk earlier, as it was then
      open('file:' + file, file, opened);
      setTitle(file, '');
      return;
    }
    let m = q.get('m') || 'lif.toml';
    if (!/^[\w.-]+\.toml$/.test(m)) m = 'lif.toml';
    const r = await fetch('examples/' + encodeURIComponent(m));
    if (!r.ok) {
      $('check').textContent = 'There is no example called ' + m + '.';
      return;
    }
    doc.example = m;
    try {
      const list = await (await fetch('examples/index.json')).json();
      const info = list.find((x) => x.file === m);
      if (info) setTitle(info.name, info.description);
    } catch (e) { /* titles are a nicety */ }
    open('example:' + m, m, await r.text());
  })();
})();
