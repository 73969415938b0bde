// single.js: starts the single-file build (make site-single): the light
// view on the model that tools/sitebuild put into window.__myelinSingle.
(function () {
  'use strict';
  const data = window.__myelinSingle;
  const view = document.getElementById('view');
  const fail = (e) => view.append(window.myelinSite.el('p', { class: 'error', text: 'myelin could not start: ' + (e && e.message ? e.message : e) }));
  window.myelin.ready.then(async () => {
    const app = window.myelinLite.create(view);
    window.myelinView = app;
    const err = await app.load(data.model, data.name);
    if (err) fail(err);
  }, fail);
})();
