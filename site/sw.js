// sw.js: the site's service worker, so that a visited site works offline.
// Network first: online, every file comes fresh from the server (and is
// kept); offline, the kept copy is used. The pages and scripts and every
// example's text are kept when the worker is installed; the WebAssembly
// binaries and pictures once they have been loaded. tools/sitebuild fills in the
// list below.
'use strict';
const CACHE = 'myelin';
const PRECACHE = [/* PRECACHE */];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

// kept finds the copy of a request, or of its page without the query
// (model.html?m=x.toml offline shows model.html, which reads the rest from
// the kept examples).
const kept = (req) => caches.match(req).then((r) => r || caches.match(req, { ignoreSearch: true }));

// keep stores a fresh response unless the kept copy is the same file (by
// Last-Modified and size), which spares rewriting large binaries.
const keep = async (req, res) => {
  const c = await caches.open(CACHE);
  const old = await c.match(req);
  const same = (h) => old && old.headers.get(h) !== null && old.headers.get(h) === res.headers.get(h);
  if (same('last-modified') && same('content-length')) return;
  await c.put(req, res);
};

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (new URL(req.url).origin !== self.location.origin) return;
  if (req.method === 'HEAD') { // app.js asks whether app.wasm exists
    e.respondWith(fetch(req).catch(() => caches.match(new Request(req.url)).then((r) =>
      new Response(null, { status: r ? 200 : 404 }))));
    return;
  }
  if (req.method !== 'GET') return;
  e.respondWith(fetch(req).then((res) => {
    if (res.ok && res.status === 200) e.waitUntil(keep(req, res.clone()));
    return res;
  }, () => kept(req).then((r) => r || Response.error())));
});
