// common.js: what the site's pages share: model text in URL fragments
// (share links), downloads, and small DOM helpers that only ever set text,
// never HTML. Defines window.myelinSite.
(function (root) {
  'use strict';

  // Base64url without padding, for URL fragments.
  const toBase64url = (bytes) => {
    let bin = '';
    for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(k, k + 0x8000));
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  };
  const fromBase64url = (s) => {
    const b = s.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b + '==='.slice((b.length + 3) % 4));
    const out = new Uint8Array(bin.length);
    for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
    return out;
  };

  const pipe = async (bytes, stream) => {
    const s = new Blob([bytes]).stream().pipeThrough(stream);
    return new Uint8Array(await new Response(s).arrayBuffer());
  };

  // encodeModel turns a model's text into the value of a #model= fragment:
  // raw deflate (CompressionStream 'deflate-raw') in base64url. A model of
  // 2 kB makes a link of about 1 kB.
  const encodeModel = async (text) =>
    toBase64url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));

  // decodeModel is the inverse; it rejects for a damaged link.
  const decodeModel = async (value) =>
    new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64url(value), new DecompressionStream('deflate-raw')));

  // fragment reads "#key=value&key=value" into an object.
  const fragment = (hash) => {
    const out = {};
    for (const part of String(hash || '').replace(/^#/, '').split('&')) {
      if (!part) continue;
      const k = part.indexOf('=');
      const key = decodeURIComponent(k < 0 ? part : part.slice(0, k));
      out[key] = k < 0 ? '' : decodeURIComponent(part.slice(k + 1));
    }
    return out;
  };

  // download saves data (a string, bytes or a Blob) as a file.
  const download = (name, data, type) => {
    const blob = data instanceof Blob ? data : new Blob([data], { type: type || 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };

  // el makes an element with attributes and children; strings become text
  // nodes, never HTML.
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return e;
  };

  // stem is a file name without its directory and extension, safe as the
  // base of a download's name.
  const stem = (name) => String(name || 'model').replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'model';

  // The service worker (sw.js) keeps the site for offline use. Not from
  // file:// (the single file needs none) and not where the browser refuses.
  if (root.navigator && root.navigator.serviceWorker && root.location && /^https?:$/.test(root.location.protocol) &&
      !root.__myelinSingle) {
    root.navigator.serviceWorker.register(new URL('sw.js', document.currentScript ? document.currentScript.src : root.location.href)).catch(() => {});
  }

  root.myelinSite = { encodeModel, decodeModel, fragment, download, el, stem, toBase64url, fromBase64url };
})(typeof window !== 'undefined' ? window : globalThis);
