// myelin.js: loads myelin.wasm from beside this script and defines
// window.myelin, the JavaScript API of docs/javascript-api.md:
//
//   await myelin.ready;
//   const sim = await myelin.load(tomlText);
//   sim.on('progress', p => ...);  await sim.run('100*ms');  sim.results();
//   sim.set('tau', '20*ms');  sim.set('G.I', '0.5*nA');  sim.reset();
//
// The WebAssembly core (wasm/) registers synchronous functions on
// globalThis.__myelin; this file turns them into the promise-based API and
// runs simulations in chunks of whole time steps, yielding to the page in
// between so that it never freezes.
(function (root) {
  'use strict';

  const doc = root.document;
  const script = doc && doc.currentScript;
  const here = script && script.src ? new URL('.', script.src)
    : new URL('.', root.location ? root.location.href : 'file:///');

  // MyelinError is every error of the API: message, and for errors in a
  // model file line and col (1-based; 0 where there is no place) and every
  // error of the file in errors.
  class MyelinError extends Error {
    constructor(e) {
      super(e && e.message !== undefined ? String(e.message) : String(e));
      this.name = 'MyelinError';
      this.line = (e && e.line) || 0;
      this.col = (e && e.col) || 0;
      this.errors = e && Array.isArray(e.errors) && e.errors.length
        ? e.errors.map((x) => ({ message: x.message, line: x.line || 0, col: x.col || 0 }))
        : [{ message: this.message, line: this.line, col: this.col }];
    }
  }

  const api = { MyelinError, version: undefined };
  let core = null; // globalThis.__myelin once the WebAssembly runs
  let stopped = null; // why the WebAssembly program ended, if it did

  // call invokes a core function and throws a MyelinError for {error}.
  // soft returns {error} results instead of throwing them.
  const call = (name, args, soft) => {
    if (stopped) throw new MyelinError({ message: 'myelin: the WebAssembly core has stopped (' + stopped + '); reload the page' });
    if (!core) throw new MyelinError({ message: 'myelin is not ready yet: await myelin.ready first' });
    let r;
    try {
      r = core[name].apply(null, args);
    } catch (e) {
      throw new MyelinError({ message: 'myelin: internal error in ' + name + ': ' + (e && e.message ? e.message : e) });
    }
    if (!soft && r && typeof r === 'object' && r.error) throw new MyelinError(r.error);
    return r;
  };

  api.ready = new Promise((resolve, reject) => {
    const start = async () => {
      const go = new root.Go();
      root.__myelinReady = () => {
        core = root.__myelin;
        api.version = core.version;
        resolve(api);
      };
      const url = new URL('myelin.wasm', here);
      let result;
      if (typeof root.__myelinWasm === 'function') {
        // The single-file build brings the bytes itself (no fetch from file://).
        result = await WebAssembly.instantiate(await root.__myelinWasm(), go.importObject);
      } else {
        try {
          result = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
        } catch (e) {
          // Servers that do not send application/wasm: fall back to bytes.
          const response = await fetch(url);
          if (!response.ok) throw new Error('myelin: could not load ' + url + ' (' + response.status + ')');
          result = await WebAssembly.instantiate(await response.arrayBuffer(), go.importObject);
        }
      }
      go.run(result.instance).then(() => {
        stopped = 'the program exited';
        reject(new MyelinError({ message: 'myelin: the WebAssembly core exited' }));
      }, (e) => {
        stopped = String(e && e.message ? e.message : e);
        reject(new MyelinError({ message: 'myelin: the WebAssembly core failed: ' + stopped }));
      });
    };
    const fail = (e) => reject(e instanceof MyelinError ? e : new MyelinError({ message: String(e && e.message ? e.message : e) }));
    if (typeof root.Go !== 'undefined') {
      start().catch(fail);
      return;
    }
    const s = doc.createElement('script');
    s.src = new URL('wasm_exec.js', here).href;
    s.onload = () => start().catch(fail);
    s.onerror = () => fail(new Error('myelin: could not load wasm_exec.js'));
    doc.head.appendChild(s);
  });

  // parseQuantity("10*mV") -> {value, unit, text}; throws {message, col}.
  api.parseQuantity = (text) => {
    const r = call('parseQuantity', [String(text)]);
    if (r.message !== undefined) throw r;
    return r;
  };

  // later(f) runs f as a new task, after the page has handled its events:
  // setImmediate where there is one (Node), else a MessageChannel message,
  // which unlike setTimeout(0) is not clamped to 4 ms.
  const later = (() => {
    if (typeof root.setImmediate === 'function') return (f) => root.setImmediate(f);
    if (typeof root.MessageChannel === 'function') {
      const channel = new root.MessageChannel();
      const queue = [];
      channel.port1.onmessage = () => { const f = queue.shift(); if (f) f(); };
      return (f) => { queue.push(f); channel.port2.postMessage(0); };
    }
    return (f) => setTimeout(f, 0);
  })();
  const now = () => (root.performance ? root.performance.now() : Date.now());

  // plainArray copies a typed array into an Array: a plain loop, which V8
  // runs several times faster than Array.from or spreading. NaN and
  // infinities become null, as in the JSON.
  const plainArray = (typed, nonFinite) => {
    const a = new Array(typed.length);
    if (nonFinite) {
      for (let k = 0; k < typed.length; k++) a[k] = Number.isFinite(typed[k]) ? typed[k] : null;
    } else {
      for (let k = 0; k < typed.length; k++) a[k] = typed[k];
    }
    return a;
  };

  const events = ['progress', 'spike', 'error', 'restart'];
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((id) => { if (core && !stopped) core.dispose(id); }) : null;

  // Sim is one loaded model. See docs/javascript-api.md.
  class Sim {
    constructor(id, options) {
      this._id = id;
      this._on = { progress: [], spike: [], error: [], restart: [] };
      this._run = null; // the run in progress: {promise, resolve, reject, start}
      this._steps = 64; // steps of the next chunk, adapted to chunkMs
      this.chunkMs = options.chunkMs > 0 ? Number(options.chunkMs) : 12;
      if (registry) registry.register(this, id, this);
    }

    // model describes the model: {name, description, dt, duration, seed,
    // groups, monitors, controls}.
    get model() { return JSON.parse(call('info', [this._id])); }

    // t is the simulated time in seconds.
    get t() { return call('state', [this._id]).t; }

    // running is true while a run is in progress (not paused).
    get running() { return this._run !== null; }

    // paused is true when a run was paused and run() would continue it.
    get paused() { return this._run === null && call('state', [this._id]).pending; }

    on(event, fn) {
      if (!events.includes(event)) throw new MyelinError({ message: "on: unknown event '" + event + "' (progress, spike, error or restart)" });
      if (typeof fn !== 'function') throw new MyelinError({ message: 'on: the listener must be a function' });
      if (event === 'spike' && this._on.spike.length === 0) call('markSpikes', [this._id]);
      this._on[event].push(fn);
      return this;
    }

    off(event, fn) {
      const list = this._on[event];
      if (list) {
        const k = list.indexOf(fn);
        if (k >= 0) list.splice(k, 1);
      }
      return this;
    }

    _emit(event, value) {
      for (const fn of this._on[event].slice()) {
        try {
          fn(value);
        } catch (e) {
          // Report it as the browser reports errors of event listeners,
          // without stopping the run.
          if (typeof root.reportError === 'function') root.reportError(e);
          else if (root.console) root.console.error(e);
        }
      }
    }

    // run(duration) simulates duration more ('100*ms'); run() the model's
    // own [run] duration or [[schedule]], or the rest of a paused run. It
    // resolves with {t, completed, reason} and rejects with a MyelinError.
    run(duration) {
      if (this._run) return Promise.reject(new MyelinError({ message: 'run: a run is already in progress; await it or pause() it first' }));
      const explicit = duration !== undefined && duration !== null;
      if (explicit && typeof duration !== 'string') {
        return Promise.reject(new MyelinError({ message: "run: give the duration as a string with units, as in run('100*ms')" }));
      }
      try {
        call('run', [this._id, explicit ? duration : null]);
      } catch (e) {
        return Promise.reject(e);
      }
      const run = { start: now() };
      run.promise = new Promise((resolve, reject) => { run.resolve = resolve; run.reject = reject; });
      this._run = run;
      const chunk = () => {
        if (this._run !== run) return; // paused or reset meanwhile
        const t0 = now();
        let r;
        try {
          r = call('advance', [this._id, this._steps], true);
        } catch (e) {
          r = { error: e, t: NaN, fraction: 0, done: true, steps: 0 };
        }
        this._adapt(r.steps, now() - t0);
        if (this._on.spike.length) {
          const batches = call('spikes', [this._id], true);
          if (Array.isArray(batches)) for (const b of batches) this._emit('spike', b);
        }
        if (typeof r.t === 'number') this._emit('progress', { fraction: r.fraction, t: r.t, wall: (now() - run.start) / 1000 });
        if (this._run !== run) return; // a listener paused or reset
        if (r.error) {
          this._run = null;
          const e = r.error instanceof MyelinError ? r.error : new MyelinError(r.error);
          this._emit('error', e);
          run.reject(e);
          return;
        }
        if (r.done) {
          this._run = null;
          run.resolve({ t: r.t, completed: true, reason: 'done' });
          return;
        }
        later(chunk);
      };
      later(chunk);
      return run.promise;
    }

    // _adapt sizes the next chunk to take about chunkMs.
    _adapt(steps, ms) {
      if (!(steps > 0)) return;
      const want = Math.floor(steps * this.chunkMs / Math.max(ms, 0.05));
      this._steps = Math.max(1, Math.min(want, Math.max(this._steps, steps) * 4));
    }

    // _stop ends the run in progress, which resolves with
    // {t, completed: false, reason}.
    _stop(reason, t) {
      const run = this._run;
      if (!run) return;
      this._run = null;
      run.resolve({ t: t === undefined ? this.t : t, completed: false, reason });
    }

    // pause() stops the run in progress after its current chunk; run()
    // continues it. It resolves when the run has stopped.
    pause() {
      const run = this._run;
      if (!run) return Promise.resolve({ t: this.t, completed: false, reason: 'pause' });
      this._stop('pause');
      return run.promise;
    }

    // set(name, value) changes a constant or a group's variable 'G.v' /
    // 'G.v[i]' now: a run in progress (or paused) goes on with the new value,
    // as in a Brian2 script that assigns it between two run() calls (also
    // before the first step, for a constant only the run's code uses). A
    // constant that initial values use, set before anything ran, one that
    // fixes the network's structure (a group's size, connections, delays)
    // and any set after a failed run rebuild the model back at t = 0: set
    // then returns true, a run in progress stops (reason 'reset'), and when
    // a run had begun, 'restart' is emitted with {name, reason, t}.
    // Otherwise it returns false.
    set(name, value) {
      if (typeof value === 'number') value = String(value);
      if (typeof name !== 'string' || typeof value !== 'string') {
        throw new MyelinError({ message: "set takes a name and a value, as in set('tau', '20*ms')" });
      }
      const t = this.t;
      const r = call('set', [this._id, name, value]);
      if (r.rebuilt) this._stop('reset', t);
      if (r.restarted) this._emit('restart', { name, reason: r.reason, t });
      return r.rebuilt;
    }

    // reset() rebuilds the model from its file with every set() so far:
    // t = 0, nothing recorded. A run in progress stops.
    reset() {
      this._stop('reset');
      call('reset', [this._id]);
    }

    // results() returns the results object of the command line's JSON.
    // Options: finalState: true adds the groups' final values (as
    // --final-state); typed: true leaves the numeric arrays as Float64Array
    // / Int32Array (NaN and infinities as they are, where the JSON has null)
    // instead of converting them to plain arrays.
    results(options) {
      const o = options || {};
      const r = call('results', [this._id, !!o.finalState]);
      const out = JSON.parse(r.json);
      for (const [path, typed, nonFinite] of r.arrays) {
        let at = out;
        for (let k = 0; k < path.length - 1; k++) at = at[path[k]];
        at[path[path.length - 1]] = o.typed ? typed : plainArray(typed, nonFinite);
      }
      return out;
    }

    // resultsJSON() returns the results as the JSON text that `myelin run`
    // writes (without its final newline), for saving to a file.
    resultsJSON(options) {
      return call('resultsJSON', [this._id, !!(options && options.finalState)]);
    }

    // dispose() frees the model; the Sim cannot be used afterwards.
    dispose() {
      this._stop('reset');
      if (registry) registry.unregister(this);
      if (core && !stopped) core.dispose(this._id);
      this._id = -1;
    }
  }

  // load(text, {name, seed, chunkMs}) builds a model file's network. It
  // rejects with a MyelinError {message, line, col, errors} for a bad model.
  api.load = (text, options) => api.ready.then(() => {
    const o = options || {};
    if (typeof text !== 'string') throw new MyelinError({ message: 'load takes the text of a model file (TOML)' });
    const seed = o.seed === undefined || o.seed === null ? null : o.seed;
    const r = call('load', [text, o.name ? String(o.name) : 'model.toml', seed]);
    return new Sim(r.id, o);
  });

  api.Sim = Sim;
  root.myelin = api;
})(typeof window !== 'undefined' ? window : globalThis);
