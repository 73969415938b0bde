// bench_results.js: how long results() takes for about 1e5 spikes, moved
// as typed arrays (what myelin.js does) and as JSON text (encoding/json in
// Go, then JSON.parse). Run: node site/test/bench_results.js site/dist/myelin.wasm
'use strict';
const { setup } = require('./harness.js');

const model = `
[model]
name = "many spikes"
[run]
dt = "0.1*ms"
duration = "1*second"
[constants]
tau = "10*ms"
[[neurons]]
name = "G"
N = 1000
model = "dv/dt = (2 - v)/tau : 1"
threshold = "v > 1"
reset = "v = 0"
method = "exact"
[neurons.init]
v = "rand()"
[[monitors]]
name = "spikes"
type = "spike"
source = "G"
[[monitors]]
name = "trace"
type = "state"
source = "G"
variables = ["v"]
record = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
`;

(async () => {
  const myelin = setup(process.argv[2] || 'site/dist/myelin.wasm');
  await myelin.ready;
  const sim = await myelin.load(model);
  await sim.run();
  const ways = {
    'typed arrays -> Arrays': () => sim.results(),
    'typed arrays (typed: true)': () => sim.results({ typed: true }),
    'encoding/json + JSON.parse': () => JSON.parse(sim.resultsJSON()),
  };
  const best = {};
  for (let rep = 0; rep < 5; rep++) {
    for (const [name, f] of Object.entries(ways)) {
      const t0 = performance.now();
      const r = f();
      const ms = performance.now() - t0;
      if (r.monitors.spikes.i.length < 1e5) throw new Error('too few spikes');
      best[name] = Math.min(best[name] ?? Infinity, ms);
    }
  }
  const n = sim.results().monitors.spikes.i.length;
  for (const [name, ms] of Object.entries(best)) console.log(`${name}: ${ms.toFixed(1)} ms (${n} spikes, 1e5 trace values; best of 5)`);
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
