// lite.js: the light view, a stand-in for the Ebiten app (app.wasm) built
// on the scripting API (myelin.js) and a 2-D canvas (plot.js). app.html
// uses it when there is no app.wasm, and the single-file build always does.
// It offers the methods of globalThis.myelinApp (see docs/site.md) that a
// page needs: load, play, pause, reset, set, status, resultsJSON,
// resultsCSV, figurePNG and on; load returns a promise.
// Defines window.myelinLite.create(container).
(function (root) {
  'use strict';

  // SI symbols, as sim.model.controls gives units, to names the model
  // language knows.
  const SYMBOLS = {
    s: 'second', m: 'metre', kg: 'kilogram', g: 'gram', A: 'amp', K: 'kelvin', mol: 'mole', cd: 'candela',
    V: 'volt', S: 'siemens', F: 'farad', ohm: 'ohm', 'Ω': 'ohm', Hz: 'Hz', C: 'coulomb', W: 'watt',
    J: 'joule', N: 'newton', Pa: 'pascal', T: 'tesla', Wb: 'weber', H: 'henry', M: 'molar', l: 'litre', L: 'litre',
  };

  // quantity writes an SI value with the unit symbol of a control as a
  // value the model language reads ('0.01*second').
  const quantity = (value, unit) => {
    const v = String(value);
    if (!unit || unit === '1') return v;
    const expr = unit.replace(/\^/g, '**').replace(/[A-Za-zΩ]+/g, (sym) => SYMBOLS[sym] || sym);
    return v + '*(' + expr + ')';
  };

  const fmt = (v, unit) => {
    if (!Number.isFinite(v)) return '';
    if (v === 0) return '0' + (unit && unit !== '1' ? ' ' + unit : '');
    const a = Math.abs(v);
    const prefixes = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'], [1e-15, 'f']];
    if (!unit || unit === '1' || unit.length > 3) return String(+v.toPrecision(3)) + (unit && unit !== '1' ? ' ' + unit : '');
    for (const [f, p] of prefixes) if (a >= f || f === 1e-15) return String(+(v / f).toPrecision(3)) + ' ' + p + unit;
    return String(v);
  };

  // resultsCSV writes results (sim.results({typed: true})) as the app's CSV
  // export (app/ui/export.go, docs/app.md), byte for byte: the header
  // "monitor,type,variable,index,t,value", the monitors in the file's order
  // (monitors: sim.model.monitors), a row per spike or event (variable and
  // value empty), per rate sample (variable "rate", index empty) and per
  // state sample (variables by name), SI units, numbers as String(x)
  // writes them. site/test/api_test.js checks it against the app's.
  const resultsCSV = (r, monitors) => {
    const field = (s) => (/[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
    const rows = ['monitor,type,variable,index,t,value'];
    for (const { name } of monitors) {
      const m = r.monitors[name];
      if (!m) continue;
      const mname = field(name);
      if (m.type === 'spike' || m.type === 'event') {
        for (let k = 0; k < m.t.length; k++) rows.push(`${mname},${m.type},,${m.i[k]},${m.t[k]},`);
      } else if (m.type === 'rate') {
        for (let k = 0; k < m.t.length; k++) rows.push(`${mname},rate,rate,,${m.t[k]},${m.rate[k]}`);
      } else if (m.type === 'state') {
        for (const v of Object.keys(m.variables).sort()) {
          m.variables[v].values.forEach((series, n) => {
            const len = Math.min(series.length, m.t.length);
            for (let k = 0; k < len; k++) rows.push(`${mname},state,${field(v)},${m.record[n]},${m.t[k]},${series[k]}`);
          });
        }
      }
    }
    return rows.join('\n') + '\n';
  };

  function create(container) {
    const site = root.myelinSite;
    const el = site.el;
    const play = el('button', { type: 'button', class: 'play', text: 'Pause' });
    const reset = el('button', { type: 'button', text: 'Reset' });
    const status = el('output', { class: 'status', 'aria-live': 'polite' });
    const sliders = el('div', { class: 'sliders' });
    const canvas = el('canvas', { class: 'plot', 'aria-label': 'plots of the model\'s monitors' });
    container.append(el('div', { class: 'lite' }, el('div', { class: 'bar' }, play, reset, status), sliders, canvas));

    let sim = null, runP = null, error = null, finished = false, frames = 0, spikes = 0, name = 'model.toml';
    let queued = false;
    const listeners = { status: [], error: [], loaded: [] };
    const emit = (ev, v) => { for (const f of listeners[ev]) { try { f(v); } catch (e) { console.error(e); } } };
    const app = {
      version: 'lite',
      autoplay: true,
      firstSpikeAt: null, // performance.now() of the first frame that drew a spike
    };

    // Drawing a large recording (CUBA: tens of thousands of spikes) takes
    // time from the simulation and from the page's input: a frame that took
    // d ms is followed by at least 3d ms without drawing.
    let drawMs = 0, lastDraw = 0;
    const draw = () => {
      queued = false;
      if (!sim) return;
      const t0 = performance.now();
      if (runP && t0 - lastDraw < 3 * drawMs) { queue(); return; }
      let r = null;
      try { r = sim.results({ typed: true }); } catch (e) { /* disposed */ }
      spikes = root.myelinPlot.draw(canvas, r, sim.model);
      lastDraw = performance.now();
      drawMs = lastDraw - t0;
      frames++;
      if (spikes > 0 && app.firstSpikeAt === null) app.firstSpikeAt = performance.now();
      const st = app.status();
      status.textContent = error ? error.message
        : `t = ${(st.t * 1000).toFixed(1)} ms of ${(st.duration * 1000).toFixed(0)} ms · ${st.spikes} spikes` + (st.finished ? ' · done' : '');
      status.className = 'status' + (error ? ' error' : '');
      play.textContent = st.running ? 'Pause' : 'Play';
    };
    const queue = () => { if (!queued) { queued = true; requestAnimationFrame(draw); } };

    const controls = () => {
      sliders.replaceChildren();
      for (const c of sim.model.controls) {
        const steps = 200;
        const value = c.value === null || c.value === undefined ? c.min : c.value;
        const input = el('input', { type: 'range', min: 0, max: steps, step: 1, value: Math.round(steps * (value - c.min) / ((c.max - c.min) || 1)), 'aria-label': c.label });
        const out = el('output', { text: fmt(value, c.unit) });
        input.addEventListener('input', () => {
          const v = c.min + (c.max - c.min) * Number(input.value) / steps;
          out.textContent = fmt(v, c.unit);
          const e = app.set(c.param, quantity(v, c.unit));
          if (e) { error = e; emit('error', e); queue(); }
        });
        sliders.append(el('label', {}, el('span', { text: c.label }), input, out));
      }
    };

    const start = () => {
      if (!sim || runP) return;
      finished = false;
      const p = sim.run();
      runP = p;
      queue();
      p.then((r) => { if (runP === p) { runP = null; finished = r.completed; queue(); } },
        (e) => { if (runP === p) { runP = null; error = e; emit('error', e); queue(); } });
    };

    // load builds a model; it resolves with null or an error object
    // {message, line, col, errors}.
    app.load = async (text, fileName, seed) => {
      name = fileName || 'model.toml';
      let next;
      try {
        next = await root.myelin.load(String(text), { name, seed: seed === undefined ? null : seed });
      } catch (e) {
        const err = { message: e.message, line: e.line || 0, col: e.col || 0, errors: e.errors || [{ message: e.message, line: 0, col: 0 }] };
        emit('error', err);
        return err;
      }
      if (sim) sim.dispose();
      sim = next;
      runP = null;
      error = null;
      finished = false;
      spikes = 0;
      app.firstSpikeAt = null;
      sim.on('progress', queue);
      controls();
      emit('loaded', { name, model: sim.model });
      if (app.autoplay) start(); else queue();
      return null;
    };
    app.play = () => { if (sim && !runP && !error) { if (finished) sim.reset(); start(); } };
    app.pause = () => { if (sim && runP) { runP = null; sim.pause().then(queue); } };
    app.step = () => {};
    app.reset = () => { if (sim) { runP = null; sim.reset(); error = null; finished = false; queue(); } };
    app.setSpeed = () => {};
    app.set = (param, value) => {
      if (!sim) return { message: 'no model is loaded' };
      const wasRunning = runP !== null;
      try {
        if (sim.set(param, typeof value === 'number' ? String(value) : value)) {
          runP = null;
          finished = false;
          if (wasRunning || app.autoplay) start();
        }
      } catch (e) {
        return { message: e.message, line: e.line || 0, col: e.col || 0 };
      }
      queue();
      return null;
    };
    app.status = () => {
      if (!sim) return { t: 0, duration: 0, running: false, finished: false, frames, spikes: 0, error: error ? { message: error.message } : null };
      return { t: sim.t, duration: sim.model.duration, running: runP !== null, finished, frames, spikes, error: error ? { message: error.message } : null };
    };
    app.resultsJSON = () => (sim ? sim.resultsJSON() : '');
    app.resultsCSV = () => (sim ? resultsCSV(sim.results({ typed: true }), sim.model.monitors) : '');
    app.figureSVG = () => '';
    app.figurePNG = () => {
      const url = canvas.toDataURL('image/png');
      return site.fromBase64url(url.slice(url.indexOf(',') + 1).replace(/\+/g, '-').replace(/\//g, '_'));
    };
    app.on = (ev, fn) => { if (listeners[ev]) listeners[ev].push(fn); };
    app.sim = () => sim;

    play.addEventListener('click', () => (runP ? app.pause() : app.play()));
    reset.addEventListener('click', () => app.reset());
    setInterval(() => { if (sim) emit('status', app.status()); }, 250);
    root.addEventListener('resize', queue);
    return app;
  }

  root.myelinLite = { create, quantity, resultsCSV };
})(typeof window !== 'undefined' ? window : globalThis);
