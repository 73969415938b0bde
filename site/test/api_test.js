// api_test.js: tests the JavaScript API of docs/javascript-api.md for real:
// site/myelin.js on the WebAssembly build, under plain Node, against the
// native command line's results for the same models and seeds.
//
//   node site/test/api_test.js --wasm site/dist/myelin.wasm --cli bin/myelin
//
// It ends with "js-api: N passed, M failed" and exits 1 on any failure.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const { setup } = require('./harness.js');

const root = path.join(__dirname, '..', '..');
const arg = (name, def) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : def;
};
const wasm = arg('--wasm', path.join(root, 'site', 'dist', 'myelin.wasm'));
const cli = arg('--cli', path.join(root, 'bin', 'myelin'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'myelin-js-'));

const read = (p) => fs.readFileSync(path.join(root, p), 'utf8');
const LIF = read('examples/lif.toml');
const HH = read('examples/hh.toml');
const NOISY = read('wasm/testdata/noisy.toml');
const BLOWUP = read('wasm/testdata/blowup.toml');

// native runs the command line on a model text and returns its results.
function native(text, ...flags) {
  const file = path.join(tmp, 'model.toml');
  const out = path.join(tmp, 'native.json');
  fs.writeFileSync(file, text);
  execFileSync(cli, ['run', file, '-o', out, '--quiet', ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

// nativeErrors runs `myelin check` on a bad model and returns its errors
// as {line, col, message}.
function nativeErrors(name, text) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  const r = spawnSync(cli, ['check', file], { encoding: 'utf8' });
  assert.strictEqual(r.status, 1, 'myelin check should fail on a bad model: ' + r.stderr);
  return r.stderr.trim().split('\n').map((l) => {
    const m = /^(?:.*?):(\d+):(\d+): (.*)$/.exec(l);
    assert.ok(m, 'unexpected error line: ' + l);
    return { message: m[3], line: Number(m[1]), col: Number(m[2]) };
  });
}

// same asserts that two results objects are equal but for the timings.
function same(got, want, what) {
  const strip = (r) => { const c = { ...r }; delete c.wall_seconds; delete c.build_seconds; return c; };
  assert.deepStrictEqual(strip(got), strip(want), what);
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// Collects a run's progress and spike events.
function watch(sim) {
  const w = { progress: [], spikes: [], errors: [] };
  sim.on('progress', (p) => w.progress.push(p));
  sim.on('spike', (b) => w.spikes.push(b));
  sim.on('error', (e) => w.errors.push(e));
  return w;
}

let myelin;

test('ready, version and parseQuantity', async () => {
  const api = await myelin.ready;
  assert.strictEqual(api, myelin);
  assert.ok(typeof myelin.version === 'string' && myelin.version.length > 0);
  const q = myelin.parseQuantity('10*mV');
  assert.strictEqual(q.value, 0.01);
  assert.strictEqual(q.unit, 'volt');
  assert.throws(() => myelin.parseQuantity('10*mV +'), (e) => typeof e.message === 'string' && e.col > 0);
});

test('a run gives the command line results exactly (lif, run())', async () => {
  const sim = await myelin.load(LIF);
  const w = watch(sim);
  const r = await sim.run();
  assert.deepStrictEqual(r, { t: 0.5, completed: true, reason: 'done' });
  same(sim.results(), native(LIF), 'lif results');
  same(sim.results({ finalState: true }), native(LIF, '--final-state'), 'lif final state');
  assert.ok(w.progress.length >= 1);
  assert.strictEqual(w.errors.length, 0);
  assert.strictEqual(sim.running, false);
  assert.strictEqual(sim.paused, false);
});

// lastBits lists the models whose traces may still differ from the native
// run in the last bits, because core/kernel/funcs.go calls Go's math
// functions (assembly on amd64) rather than core/fmath's. Their spike
// trains must be identical all the same; the rest must agree to 1e-12.
const lastBits = [];

// close asserts that two results are equal but for floating-point numbers
// that differ by at most rel (relative).
function close(got, want, rel, what) {
  const walk = (a, b, at) => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (!(a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)))) assert.fail(`${what}: ${at}: ${a} != ${b}`);
      return;
    }
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
      assert.strictEqual(a, b, `${what}: ${at}`);
      return;
    }
    assert.deepStrictEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${what}: keys of ${at}`);
    for (const k of Object.keys(a)) if (k !== 'wall_seconds' && k !== 'build_seconds') walk(a[k], b[k], at + '.' + k);
  };
  walk(got, want, 'results');
}

test('schedules and randomness: noisy and hh run() equal the command line, seed option equals --seed', async () => {
  for (const [text, name] of [[NOISY, 'noisy'], [HH, 'hh']]) {
    const sim = await myelin.load(text);
    await sim.run();
    const got = sim.results({ finalState: true });
    const want = native(text, '--final-state');
    for (const m of Object.keys(want.monitors)) {
      if (want.monitors[m].type === 'spike') assert.deepStrictEqual(got.monitors[m], want.monitors[m], name + ': spike monitor ' + m);
    }
    if (!lastBits.includes(name)) {
      same(got, want, name);
      continue;
    }
    try {
      same(got, want, name);
      console.log(`      note: ${name} is now identical to the native run: remove it from lastBits`);
    } catch (e) {
      close(got, want, 1e-12, name);
      console.log(`      note: ${name}: identical spikes; traces differ from the native run in the last bits (core/kernel/funcs.go)`);
    }
  }
  const sim = await myelin.load(NOISY, { seed: 42 });
  await sim.run();
  const r = sim.results();
  same(r, native(NOISY, '--seed', '42'), 'noisy --seed 42');
  assert.strictEqual(r.seed, 42);
  assert.notDeepStrictEqual(r.monitors.spikes.t, native(NOISY).monitors.spikes.t, 'the seed changes the spikes');
  assert.ok(r.monitors.spikes.i.length > 1000, 'noisy spikes: ' + r.monitors.spikes.i.length);
});

test('run(duration) equals --duration; results() typed option', async () => {
  const sim = await myelin.load(NOISY);
  await sim.run('120*ms');
  assert.ok(Math.abs(sim.t - 0.12) < 1e-12, 't = ' + sim.t);
  same(sim.results(), native(NOISY, '--duration', '120*ms'), 'noisy --duration 120*ms');
  const typed = sim.results({ typed: true });
  assert.ok(typed.monitors.spikes.t instanceof Float64Array);
  assert.ok(typed.monitors.spikes.i instanceof Int32Array);
  assert.deepStrictEqual(Array.from(typed.monitors.spikes.t), sim.results().monitors.spikes.t);
  assert.deepStrictEqual(JSON.parse(sim.resultsJSON()), sim.results(), 'resultsJSON is the same object');
});

test('chunked runs equal one run: tiny chunks, large chunks, the command line', async () => {
  const want = native(NOISY);
  const counts = [];
  for (const chunkMs of [1e-6, 4, 1e6]) {
    const sim = await myelin.load(NOISY, { chunkMs });
    const w = watch(sim);
    await sim.run();
    same(sim.results(), want, 'noisy with chunkMs ' + chunkMs);
    counts.push(w.progress.length);
  }
  // 3000 steps in chunks of 64 steps.
  assert.ok(counts[0] >= 3000 / 64, 'tiny chunks: ' + counts[0] + ' chunks');
  assert.ok(counts[2] < counts[0], 'large chunks: ' + counts[2] + ' chunks');
});

test('progress events: fraction rises to 1, t to the end, wall grows', async () => {
  const sim = await myelin.load(HH, { chunkMs: 1e-6 });
  const w = watch(sim);
  await sim.run();
  const p = w.progress;
  assert.ok(p.length >= 10000 / 64, p.length + ' progress events');
  for (let k = 1; k < p.length; k++) {
    assert.ok(p[k].fraction >= p[k - 1].fraction && p[k].t >= p[k - 1].t && p[k].wall >= p[k - 1].wall, 'monotonic at ' + k);
  }
  const last = p[p.length - 1];
  assert.strictEqual(last.fraction, 1);
  assert.ok(Math.abs(last.t - 0.1) < 1e-12, 't = ' + last.t);
  assert.ok(p[0].fraction > 0 && p[0].fraction < 0.01);
});

test('the page is not frozen: timers run between chunks', async () => {
  const sim = await myelin.load(NOISY, { chunkMs: 2 });
  let ticks = 0;
  let on = true;
  const tick = () => { ticks++; if (on) setTimeout(tick, 0); };
  setTimeout(tick, 0);
  const w = watch(sim);
  await sim.run();
  on = false;
  assert.ok(w.progress.length >= 3, w.progress.length + ' chunks');
  assert.ok(ticks >= 2, ticks + ' timer ticks during ' + w.progress.length + ' chunks');
});

test('spike events: batches per chunk add up to the recorded spikes', async () => {
  const sim = await myelin.load(NOISY, { chunkMs: 1e-6 });
  const w = watch(sim);
  await sim.run();
  const r = sim.results();
  const i = [], t = [];
  for (const b of w.spikes) {
    assert.strictEqual(b.monitor, 'spikes');
    assert.strictEqual(b.source, 'G');
    assert.ok(b.i instanceof Int32Array && b.t instanceof Float64Array && b.i.length === b.t.length && b.i.length > 0);
    i.push(...b.i);
    t.push(...b.t);
  }
  assert.ok(w.spikes.length > 10, w.spikes.length + ' batches');
  assert.deepStrictEqual(i, r.monitors.spikes.i);
  assert.deepStrictEqual(t, r.monitors.spikes.t);

  // A listener that arrives during a run gets the spikes from then on.
  const sim2 = await myelin.load(NOISY, { chunkMs: 1e-6 });
  const late = [];
  let n = 0;
  sim2.on('progress', () => { if (++n === 5) sim2.on('spike', (b) => late.push(...b.t)); });
  await sim2.run();
  const all = sim2.results().monitors.spikes.t;
  assert.ok(late.length > 0 && late.length < all.length);
  assert.deepStrictEqual(late, all.slice(all.length - late.length));
});

test('pause stops after the chunk, run() continues, the results are unchanged', async () => {
  const sim = await myelin.load(NOISY, { chunkMs: 1e-6 });
  let n = 0;
  let paused;
  sim.on('progress', () => { if (++n === 10) paused = sim.pause(); });
  const first = await sim.run();
  assert.strictEqual(first.completed, false);
  assert.strictEqual(first.reason, 'pause');
  assert.strictEqual(n, 10, 'no chunk after pause');
  assert.deepStrictEqual(await paused, first);
  assert.ok(first.t > 0 && first.t < 0.3, 't = ' + first.t);
  assert.strictEqual(sim.t, first.t);
  assert.strictEqual(sim.running, false);
  assert.strictEqual(sim.paused, true);
  // Pausing twice, or when idle, is harmless.
  assert.strictEqual((await sim.pause()).reason, 'pause');
  // Resume from a timer, after pausing a second time from outside.
  const second = sim.run();
  assert.strictEqual(sim.running, true);
  await new Promise((res) => setTimeout(res, 0));
  const p2 = await sim.pause();
  assert.strictEqual(p2.reason, 'pause');
  const done = await sim.run();
  assert.deepStrictEqual(await second, p2);
  assert.deepStrictEqual(done, { t: 0.3, completed: true, reason: 'done' });
  same(sim.results(), native(NOISY), 'paused twice and resumed');
  assert.strictEqual(sim.paused, false);
  // run() after the program has completed runs it again, continuing in time
  // (as Built.Run twice).
  await sim.run();
  assert.ok(Math.abs(sim.t - 0.6) < 1e-12, 't = ' + sim.t);
});

test('run(d) after a pause drops the rest of the paused run', async () => {
  const sim = await myelin.load(LIF, { chunkMs: 1e-6 });
  let n = 0;
  sim.on('progress', () => { if (++n === 3) sim.pause(); });
  await sim.run();
  const t = sim.t;
  await sim.run('10*ms');
  assert.ok(Math.abs(sim.t - (t + 0.01)) < 1e-12);
  assert.strictEqual(sim.paused, false);
});

test('a second run() while running rejects; bad durations reject', async () => {
  const sim = await myelin.load(LIF);
  const p = sim.run();
  await assert.rejects(sim.run(), /already in progress/);
  await p;
  await assert.rejects(sim.run('10'), (e) => e instanceof myelin.MyelinError && /time/.test(e.message));
  await assert.rejects(sim.run('-1*ms'), /not negative/);
  await assert.rejects(sim.run(5), /string with units/);
  await assert.rejects(sim.run('10*mss'), (e) => e instanceof myelin.MyelinError);
  assert.strictEqual(sim.running, false);
});

test('set of a group variable takes effect now, as a [[schedule]] set does', async () => {
  // noisy.toml without its schedule, driven from JavaScript.
  const bare = NOISY.slice(0, NOISY.indexOf('[[schedule]]'));
  const sim = await myelin.load(bare, { chunkMs: 1 });
  await sim.run('100*ms');
  assert.strictEqual(sim.set('G.I', '0.25*nA'), false);
  assert.strictEqual(sim.set('G.v[0]', '-52*mV'), false);
  await sim.run('200*ms');
  same(sim.results(), native(NOISY), 'sets between runs equal the schedule');
});

test('set of a constant before a run is --set; reset keeps the sets', async () => {
  const sim = await myelin.load(LIF);
  assert.strictEqual(sim.set('tau', '20*ms'), false); // a live constant: written, nothing rebuilt
  assert.strictEqual(sim.t, 0);
  assert.strictEqual(sim.model.controls[0].value, 0.02);
  assert.strictEqual(sim.set('El', '-68*mV'), true); // initial values use it: rebuilt at t = 0
  sim.set('G.I', 'i*0.008*nA');
  await sim.run('150*ms');
  const want = native(LIF, '--set', 'tau=20*ms', '--set', 'El=-68*mV', '--set', 'G.I=i*0.008*nA', '--duration', '150*ms');
  same(sim.results(), want, 'set tau, El and G.I');
  sim.reset();
  assert.strictEqual(sim.t, 0);
  await sim.run('150*ms');
  same(sim.results(), want, 'reset keeps tau, El and G.I');
  // Numbers are dimensionless values.
  sim.set('G.I[0]', '0*nA');
  await assert.throws(() => sim.set('tau', 20), (e) => e instanceof myelin.MyelinError);
});

test('set of a constant that only the run uses, before the first step: false, a pending run goes on', async () => {
  // Vt: only the threshold uses it, and it is not a control (not live yet).
  const want = native(LIF, '--set', 'Vt=-55*mV', '--duration', '150*ms');
  assert.notDeepStrictEqual(want.monitors.spikes.t, native(LIF, '--duration', '150*ms').monitors.spikes.t, 'the change of Vt matters');
  // With no run: nothing to drop, nothing to report.
  let sim = await myelin.load(LIF);
  assert.strictEqual(sim.set('Vt', '-55*mV'), false);
  assert.strictEqual(sim.t, 0);
  await sim.run('150*ms');
  same(sim.results(), want, 'set Vt with no run');

  // Right after run(), before its first chunk: the run goes on to its end,
  // as with a [[schedule]] that sets Vt at t = 0.
  for (const program of [false, true]) {
    const text = program ? LIF.replace('duration = "500*ms"', 'duration = "150*ms"') : LIF;
    sim = await myelin.load(text);
    const restarts = [];
    sim.on('restart', (e) => restarts.push(e));
    const p = program ? sim.run() : sim.run('150*ms');
    assert.strictEqual(sim.set('Vt', '-56*mV'), false);
    assert.strictEqual(sim.set('Vt', '-55*mV'), false); // live now: a write
    assert.strictEqual(sim.running, true);
    const r = await p;
    assert.strictEqual(r.reason, 'done');
    assert.strictEqual(r.completed, true);
    assert.strictEqual(r.t, sim.t);
    assert.ok(Math.abs(sim.t - 0.15) < 1e-12, 't = ' + sim.t);
    assert.strictEqual(restarts.length, 0);
    same(sim.results(), want, 'set Vt right after run' + (program ? '()' : "('150*ms')"));
    const setFirst = LIF.replace('duration = "500*ms"', '') +
      '\n[[schedule]]\nset = {Vt = "-55*mV"}\n[[schedule]]\nrun = "150*ms"\n';
    same(sim.results(), native(setFirst), 'the [[schedule]] set of Vt at t = 0');
  }
});

// scheduled returns LIF with a [[schedule]]: run `at`, set name = value,
// run the rest of `total`; both times in steps of 0.1 ms.
function scheduled(name, value, at, total) {
  return LIF.replace('duration = "500*ms"', '') +
    `\n[[schedule]]\nrun = "${at}*0.1*ms"\n[[schedule]]\nset = {${name} = "${value}"}\n[[schedule]]\nrun = "${total - at}*0.1*ms"\n`;
}

test('set of a constant during a run continues it, as a [[schedule]] set does', async () => {
  // Between two runs: t does not go back, and the spikes after the change
  // are, bit for bit, those of the command line's [[schedule]] set of tau.
  let sim = await myelin.load(LIF);
  await sim.run('100*ms');
  const before = sim.results().monitors.spikes.t.length;
  assert.ok(before > 0);
  assert.strictEqual(sim.set('tau', '0.5*tau + 15*ms'), false);
  assert.strictEqual(sim.t, 0.1);
  assert.strictEqual(sim.model.controls[0].value, 0.02);
  assert.strictEqual(sim.results().monitors.spikes.t.length, before, 'the recording so far stays');
  await sim.run('150*ms');
  const want = native(scheduled('tau', '0.5*tau + 15*ms', 1000, 2500));
  same(sim.results(), want, 'a set of tau at 100 ms');
  const unchanged = native(LIF, '--duration', '250*ms');
  assert.notDeepStrictEqual(want.monitors.spikes.t, unchanged.monitors.spikes.t, 'the change of tau matters');
  // reset goes back to t = 0 with the value the set gave (20 ms).
  sim.reset();
  await sim.run('250*ms');
  same(sim.results(), native(LIF, '--set', 'tau=20*ms', '--duration', '250*ms'), 'reset after a set during a run');

  // During a run in progress: it goes on, from where it was.
  sim = await myelin.load(LIF, { chunkMs: 1e-6 });
  let n = 0, at = -1;
  const restarts = [];
  sim.on('restart', (r) => restarts.push(r));
  sim.on('progress', (p) => {
    if (++n === 3) {
      at = p.t;
      assert.strictEqual(sim.set('tau', '12*ms'), false);
      assert.strictEqual(sim.running, true);
      assert.strictEqual(sim.t, at);
    }
  });
  const r = await sim.run();
  assert.strictEqual(r.reason, 'done');
  assert.strictEqual(restarts.length, 0);
  assert.ok(at > 0);
  same(sim.results(), native(scheduled('tau', '12*ms', Math.round(at / 1e-4), 5000)), 'a set of tau during a run');
});

test('set of a constant that fixes the structure restarts the run, with a restart event', async () => {
  // N of the group is a constant: a group cannot change its size as it runs.
  const model = LIF.replace('[constants]', '[constants]\nn = 50').replace('N = 50', 'N = "n"');
  const sim = await myelin.load(model, { chunkMs: 1e-6 });
  const restarts = [];
  sim.on('restart', (r) => restarts.push(r));
  let n = 0, at = -1;
  sim.on('progress', (p) => {
    if (++n === 3) {
      at = p.t;
      assert.strictEqual(sim.set('n', '60'), true);
    }
  });
  const r = await sim.run();
  assert.deepStrictEqual(r, { t: at, completed: false, reason: 'reset' });
  assert.strictEqual(sim.t, 0);
  assert.strictEqual(sim.model.groups[0].N, 60);
  assert.strictEqual(restarts.length, 1);
  assert.strictEqual(restarts[0].name, 'n');
  assert.strictEqual(restarts[0].t, at);
  assert.match(restarts[0].reason, /^n is used by \[\[neurons\]\] 'G' n, which is fixed when the network is built$/);
  await sim.run('100*ms');
  same(sim.results(), native(model, '--set', 'n=60', '--duration', '100*ms'), 'after the restart');
  // A set after a failed run restarts too.
  const bad = await myelin.load(BLOWUP);
  await assert.rejects(bad.run());
  const failed = [];
  bad.on('restart', (e) => failed.push(e));
  assert.strictEqual(bad.set('tau', '2*ms'), true);
  assert.strictEqual(bad.t, 0);
  assert.strictEqual(failed.length, 1);
  assert.match(failed[0].reason, /^the run had stopped: the simulation blew up/);
});

test('set and reset during a run stop it', async () => {
  const sim = await myelin.load(LIF, { chunkMs: 1e-6 });
  let n = 0;
  sim.on('progress', () => { if (++n === 3) sim.reset(); });
  const r = await sim.run();
  assert.strictEqual(r.reason, 'reset');
  assert.strictEqual(r.completed, false);
  assert.ok(r.t > 0);
  assert.strictEqual(sim.t, 0);
  assert.strictEqual(n, 3);
  const p = sim.run();
  sim.set('G.I', '0.1*nA'); // a group variable does not stop it
  assert.strictEqual(sim.running, true);
  sim.set('El', '-68*mV'); // a constant of initial values before the first step: rebuilt, at t = 0
  assert.strictEqual(sim.running, false);
  assert.strictEqual((await p).reason, 'reset');
  await sim.run('150*ms');
  same(sim.results(), native(LIF, '--set', 'G.I=0.1*nA', '--set', 'El=-68*mV', '--duration', '150*ms'), 'after set during a run');
});

test('set errors throw {message, col} and change nothing', async () => {
  const sim = await myelin.load(LIF);
  const bad = [
    ['tua', '20*ms', /unknown constant 'tua'.*tau/],
    ['G.I', '0.1*nA + ', /expected/],
    ['G.I', '3*mV', /amp|volt|A|V/],
    ['H.I', '1*nA', /unknown group 'H'/],
    ['G.w', '1', /no variable 'w'/],
  ];
  for (const [name, value, re] of bad) {
    assert.throws(() => sim.set(name, value), (e) => e instanceof myelin.MyelinError && re.test(e.message), name + '=' + value);
  }
  try { sim.set('G.I', '0.1*nA + '); } catch (e) { assert.strictEqual(e.col, 10); }
  await sim.run('100*ms');
  same(sim.results(), native(LIF, '--duration', '100*ms'), 'failed sets change nothing');
  assert.throws(() => sim.on('spikes', () => {}), /unknown event/);
});

test('a bad model rejects with {message, line, col, errors} as myelin check reports', async () => {
  const models = {
    'keys.toml': '[model]\nname = "bad"\n[run]\nduration = "1*mV"\n[[neurons]]\nname = "G"\nN = 10\nmodel = "dv/dt = -v/(10*ms) : volt"\ntreshold = "v > 1*mV"\n',
    'code.toml': '[model]\nname = "bad"\n[run]\nduration = "10*ms"\n[constants]\ntau = "10*ms"\n[[neurons]]\nname = "G"\nN = 10\nmodel = """\ndv/dt = -v/tau : volt\ndw/dt = (v - w)/tua : volt\n"""\nthreshold = "v > 1"\n',
    'syntax.toml': '[model]\nname = "bad\n',
  };
  for (const [name, text] of Object.entries(models)) {
    const want = nativeErrors(name, text);
    await assert.rejects(myelin.load(text, { name }), (e) => {
      assert.ok(e instanceof myelin.MyelinError && e instanceof Error);
      assert.deepStrictEqual(e.errors, want, name);
      assert.deepStrictEqual({ message: e.message, line: e.line, col: e.col }, want[0]);
      assert.ok(e.line > 0 && e.col > 0);
      return true;
    });
  }
  await assert.rejects(myelin.load(42), /text of a model/);
});

test('a run that blows up rejects, emits error, keeps the recording', async () => {
  const runs = [];
  for (const chunkMs of [1e-6, 1e6]) {
    const sim = await myelin.load(BLOWUP, { chunkMs });
    const w = watch(sim);
    let err;
    await sim.run().then(() => assert.fail('no error'), (e) => { err = e; });
    assert.ok(err instanceof myelin.MyelinError);
    assert.match(err.message, /blew up: G\.v\[\d\] is \+Inf at t = /);
    assert.deepStrictEqual(w.errors, [err]);
    const r = sim.results();
    assert.strictEqual(r.error, err.message);
    assert.ok(r.duration > 0.6 && r.duration < 0.7, 'stopped at ' + r.duration);
    assert.ok(r.monitors.spikes.t.length > 0);
    assert.ok(r.monitors.trace.variables.v.values[0].includes(null), 'the infinite value is null, as in the JSON');
    assert.ok(sim.results({ typed: true }).monitors.trace.variables.v.values[0].includes(Infinity), 'typed arrays keep it');
    runs.push(r);
    // It stays stopped until reset.
    await assert.rejects(sim.run('1*ms'), /blew up/);
    sim.reset();
    await sim.run('10*ms');
    assert.strictEqual(sim.results().error, undefined);
  }
  same(runs[0], runs[1], 'a blow-up does not depend on the chunks');
  let want;
  assert.throws(() => native(BLOWUP), (e) => {
    assert.strictEqual(e.status, 1);
    want = JSON.parse(fs.readFileSync(path.join(tmp, 'native.json'), 'utf8'));
    assert.ok(String(e.stderr).includes(runs[0].error), 'the command line reports the same error: ' + e.stderr);
    return true;
  });
  same(runs[0], want, 'a blow-up as the command line');
});

test('Go panics never reach JavaScript; bad arguments give errors', async () => {
  const sim = await myelin.load(LIF);
  const core = globalThis.__myelin;
  const r = core.selfTestPanic(sim._id);
  assert.match(r.error.message, /internal error/);
  await assert.rejects(sim.run(), /internal error/);
  sim.reset();
  await sim.run('5*ms');
  for (const name of Object.keys(core)) {
    if (typeof core[name] !== 'function' || name === 'dispose' || name === 'selfTestPanic') continue;
    for (const args of [[], [undefined], ['x'], [1e9, {}], [sim._id, null, null], [sim._id, 1, 2, 3], [{}, []]]) {
      assert.doesNotThrow(() => core[name](...args), name + JSON.stringify(args));
    }
  }
  sim.reset();
  await sim.run('5*ms');
  same(sim.results(), native(LIF, '--duration', '5*ms'), 'after the abuse');
});

test('the example page works on a stub DOM and reports the command line spike counts', async () => {
  const html = read('site/api-example.html');
  const model = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)[1];
  assert.ok(!/[&<]/.test(model), 'the model in the page has no HTML escapes');
  assert.ok(html.includes('<script src="api-example.js"></script>'), 'the page runs api-example.js');
  const code = read('site/api-example.js');
  const ctx = new Proxy({}, { get: (o, k) => (k in o ? o[k] : () => {}) });
  const els = {};
  const el = (id) => els[id] || (els[id] = {
    id, value: '', textContent: '', className: '', disabled: false,
    width: 900, height: 300, focus() {}, setSelectionRange() {}, getContext: () => ctx,
  });
  el('model').value = model;
  el('current').value = '0.15';
  el('tau').value = '10';
  const raf = (f) => setImmediate(f);
  new Function('document', 'myelin', 'requestAnimationFrame', code)({ getElementById: el }, myelin, raf);
  const until = async (what, ok) => {
    const deadline = Date.now() + 60000; // generous: test machines can be busy
    while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    assert.ok(ok(), what + ': status is ' + JSON.stringify(el('status').textContent));
  };
  await until('loaded', () => /^loaded/.test(el('status').textContent));
  assert.strictEqual(el('run').disabled, false);
  await el('run').onclick();
  assert.match(el('status').textContent, /^done: t = 1000\.0 ms/);
  const want = native(model, '--set', 'G.I=0.15*nA + i*0.01*nA', '--set', 'tau=10*ms');
  assert.ok(el('counts').textContent.endsWith('\n' + want.monitors.spikes.count.join(' ')), el('counts').textContent);
  // Pause, move the current slider, continue; tau during a run restarts it.
  el('reset').onclick();
  const running = el('run').onclick();
  assert.strictEqual(el('pause').disabled, false);
  await new Promise((r) => setTimeout(r, 5));
  el('pause').onclick();
  await running;
  assert.match(el('status').textContent, /^paused at/);
  el('current').value = '0.3';
  el('current').oninput();
  const again = el('run').onclick();
  el('tau').value = '20';
  el('tau').oninput();
  await again;
  await until('done after tau', () => /^done/.test(el('status').textContent) && el('run').disabled === false);
  // A bad model shows its line and column.
  el('model').value = '[model]\nname = 3\n';
  await el('load').onclick();
  assert.match(el('status').textContent, /^line 2, column 8: /);
  assert.strictEqual(el('status').className, 'error');
  assert.strictEqual(el('run').disabled, true);
});

test("the light view's CSV is the app's, byte for byte", async () => {
  // lite.js defines myelinLite.resultsCSV without a page; the app's CSV of
  // the same run is wasm/testdata/lif_100ms.csv (app/ui's TestCSVFile).
  const vm = require('vm');
  vm.runInThisContext(read('site/lite.js'), { filename: 'lite.js' });
  const sim = await myelin.load(LIF);
  await sim.run('100*ms');
  const got = globalThis.myelinLite.resultsCSV(sim.results({ typed: true }), sim.model.monitors);
  const want = read('wasm/testdata/lif_100ms.csv');
  assert.ok(want.split('\n').length > 4000, 'the app CSV has every row');
  assert.strictEqual(got, want);
});

test('dispose frees the model', async () => {
  const sim = await myelin.load(LIF);
  sim.dispose();
  assert.throws(() => sim.t, (e) => e instanceof myelin.MyelinError);
  await assert.rejects(sim.run(), (e) => e instanceof myelin.MyelinError);
});

(async () => {
  const start = Date.now();
  myelin = setup(wasm);
  let passed = 0, failed = 0;
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await t.fn();
      passed++;
      console.log(`ok    ${t.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${t.name}\n      ${String(e && e.stack || e).split('\n').join('\n      ')}`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`js-api: ${passed} passed, ${failed} failed (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
