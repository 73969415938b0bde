// api-example.js: the script of api-example.html, a page that drives a model
// through the JavaScript API (docs/javascript-api.md) and plots it itself.
'use strict';
const $ = (id) => document.getElementById(id);
const say = (text, cls) => { $('status').textContent = text; $('status').className = cls || ''; };
let sim = null;
let drawQueued = false;

// The current slider sets a group variable: it takes effect at once, for
// the rest of the run. The tau slider sets a constant: the model is rebuilt
// with it and starts again from t = 0.
const currentExpr = () => $('current').value + '*nA + i*0.01*nA';

function buttons() {
  const loaded = sim !== null;
  $('run').disabled = !loaded || sim.running;
  $('pause').disabled = !loaded || !sim.running;
  $('reset').disabled = !loaded;
  $('current').disabled = $('tau').disabled = !loaded;
}

function showError(e) {
  say(e.line ? `line ${e.line}, column ${e.col}: ${e.message}` : e.message, 'error');
  if (e.line) { // put the cursor where the error is
    const lines = $('model').value.split('\n');
    let at = 0;
    for (let k = 0; k < e.line - 1 && k < lines.length; k++) at += lines[k].length + 1;
    at += Math.max(0, e.col - 1);
    $('model').focus();
    $('model').setSelectionRange(at, at + 1);
  }
}

async function load() {
  if (sim) sim.dispose();
  sim = null;
  buttons();
  try {
    sim = await myelin.load($('model').value, { name: 'model.toml' });
  } catch (e) {
    showError(e);
    return;
  }
  sim.on('progress', (p) => {
    $('progress').value = p.fraction;
    say(`t = ${(p.t * 1000).toFixed(1)} ms   (${p.wall.toFixed(2)} s of wall-clock time)`, 'ok');
    queueDraw();
  });
  sim.on('error', (e) => showError(e));
  sim.set('G.I', currentExpr());
  sim.set('tau', $('tau').value + '*ms');
  say(`loaded "${sim.model.name}": press Run`, 'ok');
  buttons();
  draw();
}

async function run() {
  const p = sim.run();
  buttons();
  try {
    const r = await p;
    if (r.completed) say(`done: t = ${(r.t * 1000).toFixed(1)} ms`, 'ok');
    else if (r.reason === 'pause') say(`paused at t = ${(r.t * 1000).toFixed(1)} ms: Run continues`, 'ok');
  } catch (e) {
    showError(e);
  }
  buttons();
  draw();
}

function queueDraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => { drawQueued = false; draw(); });
}

// draw plots the raster (top) and the trace of the last neuron (bottom)
// from results(), with numeric arrays kept typed for speed.
function draw() {
  const c = $('plot');
  const g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  if (!sim) return;
  const r = sim.results({ typed: true });
  const info = sim.model;
  const tmax = Math.max(r.duration, info.duration, 1e-3);
  const W = c.width, H = c.height, left = 50, raster = H * 0.6;
  const x = (t) => left + (W - left - 10) * t / tmax;
  g.font = '12px system-ui, sans-serif';
  g.fillStyle = '#556';
  g.fillText('neuron', 2, 14);
  g.fillText('v', 2, raster + 20);
  g.fillText(`${(tmax * 1000).toFixed(0)} ms`, W - 60, H - 4);
  const sp = r.monitors.spikes;
  const n = sp.count.length;
  g.fillStyle = '#1d2430';
  for (let k = 0; k < sp.t.length; k++) {
    g.fillRect(x(sp.t[k]) - 0.5, 8 + (raster - 16) * (1 - (sp.i[k] + 0.5) / n) - 1.5, 1.5, 3);
  }
  const tr = r.monitors.trace;
  const v = tr.variables.v.values[0];
  if (v && v.length) {
    const lo = -0.075, hi = -0.045; // volts
    const y = (u) => raster + 10 + (H - raster - 24) * (hi - Math.min(hi, Math.max(lo, u))) / (hi - lo);
    g.strokeStyle = '#0b6e4f';
    g.beginPath();
    const step = Math.max(1, Math.floor(v.length / (W - left)));
    for (let k = 0; k < v.length; k += step) {
      if (k === 0) g.moveTo(x(tr.t[k]), y(v[k])); else g.lineTo(x(tr.t[k]), y(v[k]));
    }
    g.stroke();
  }
  const counts = Array.from(sp.count);
  $('counts').textContent = `spike counts per neuron (${sp.t.length} in all):\n` + counts.join(' ');
}

$('load').onclick = load;
$('run').onclick = run;
$('pause').onclick = () => { sim.pause().then(buttons); };
$('reset').onclick = () => { sim.reset(); $('progress').value = 0; say('reset to t = 0', 'ok'); buttons(); draw(); };
$('current').oninput = () => {
  $('current-out').textContent = $('current').value + ' nA';
  try { sim.set('G.I', currentExpr()); } catch (e) { showError(e); }
};
$('tau').oninput = () => {
  $('tau-out').textContent = $('tau').value + ' ms';
  const wasRunning = sim.running;
  let restarted;
  try {
    // A run goes on with the new tau; set() returns true only when the
    // model had to go back to t = 0, and then the page starts it again.
    restarted = sim.set('tau', $('tau').value + '*ms');
  } catch (e) {
    showError(e);
    return;
  }
  draw();
  if (restarted && wasRunning) run(); else buttons();
};

myelin.ready.then(() => {
  $('version').textContent = 'myelin ' + myelin.version;
  load();
}, (e) => say('could not start: ' + e.message, 'error'));
