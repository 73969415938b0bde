// browser_test.js: tests the static site (make site, make site-single) in
// headless Chromium, driven by playwright-core, against the command line's
// results for the same models and seeds.
//
//   node site/test/browser_test.js --dist site/dist --cli bin/myelin --serve bin/serve [--budgets out.json]
//
// It serves site/dist with tools/serve (which sends the .br/.gz copies, as
// a real host would), and ends with "browser: N passed, M failed", exiting
// 1 on any failure. --budgets also measures the download size, the time to
// the first plotted spike and CUBA's speed (docs/performance.md); those are
// reported, never asserted.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { execFileSync, spawn, spawnSync } = require('child_process');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..', '..');
const arg = (name, def) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? process.argv[k + 1] : def;
};
const dist = path.resolve(arg('--dist', path.join(root, 'site', 'dist')));
const cli = path.resolve(arg('--cli', path.join(root, 'bin', 'myelin')));
const serveBin = path.resolve(arg('--serve', path.join(root, 'bin', 'serve')));
const budgetsOut = arg('--budgets', null);
const only = arg('--only', null);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'myelin-browser-'));

// The flags of docs (shared research, stack-spike §3): software WebGL2
// through SwiftShader, and nothing that reaches the network.
const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const EXAMPLES = fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.toml')).sort();
const SEED = 7;
const SHORT = '20*ms';
// How long each example runs in the spike test: SHORT, or longer where its
// first spikes come later. An example without spikes in SHORT by the command
// line runs its own program ([run] duration or [[schedule]]) instead.
const DURATION = { adaptive_threshold: '100*ms', wang_buzsaki: '50*ms' };
const spikeCount = (r) => Object.values(spikeMonitors(r)).reduce((s, m) => s + m.i.length, 0);
const shortRun = (file) => {
  const k = file.replace(/\.toml$/, '');
  const d = k in DURATION ? DURATION[k] : SHORT;
  const model = path.join(root, 'examples', file);
  const r = native(model, '--seed', String(SEED), '--duration', d);
  return spikeCount(r) > 0 ? { d, want: r } : { d: null, want: native(model, '--seed', String(SEED)) };
};

// native runs the command line on a model file and returns its results.
function native(file, ...flags) {
  const out = path.join(tmp, 'native.json');
  execFileSync(cli, ['run', file, '-o', out, '--quiet', ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}
const nativeText = (text, ...flags) => {
  const file = path.join(tmp, 'model.toml');
  fs.writeFileSync(file, text);
  return native(file, ...flags);
};

// spikeMonitors keeps the spike monitors of a results object: i, t, count.
const spikeMonitors = (r) => {
  const out = {};
  for (const [name, m] of Object.entries(r.monitors)) if (m.type === 'spike') out[name] = { i: m.i, t: m.t, count: m.count };
  return out;
};

// close asserts that two values are equal but for floating-point numbers
// that differ by at most rel (relative): WebAssembly and native builds may
// differ in the last bits of a few transcendental functions
// (docs/javascript-api.md).
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
    for (const k of Object.keys(a)) walk(a[k], b[k], at + '.' + k);
  };
  walk(got, want, 'results');
}

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  s.on('error', reject);
});

async function serve() {
  const port = await freePort();
  const proc = spawn(serveBin, ['-dir', dist, '-addr', '127.0.0.1:' + port], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}/`;
  for (let k = 0; k < 100; k++) {
    try {
      if ((await fetch(base)).ok) return { proc, base };
    } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('tools/serve did not start');
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
let browser, base;
const problems = []; // page errors and CSP violations of the current test

async function newPage(context) {
  const page = await (context || browser).newPage({ viewport: { width: 1280, height: 800 } });
  // Waits without a timeout of their own get 90 s, not playwright's 30:
  // on a loaded 2-core machine opening a page and compiling its
  // WebAssembly alone took longer than 30 s once.
  page.setDefaultTimeout(90000);
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) problems.push('CSP: ' + m.text());
  });
  return page;
}

// appFrame returns the live view's frame inside a model page.
async function appFrame(page) {
  for (let k = 0; k < 600; k++) {
    const f = page.frames().find((fr) => /\/app\.html/.test(fr.url()));
    if (f) return f;
    await page.waitForTimeout(50);
  }
  throw new Error('no app.html frame');
}

// settled waits until the model page has checked its text (no "checking…").
const settled = (page) => page.waitForFunction(() => document.getElementById('check').textContent !== 'checking…', null, { timeout: 30000 });
const finished = (frame) => frame.waitForFunction(() => window.myelinView && window.myelinView.status().finished, null, { timeout: 120000 });

// edit replaces the editor's text as typing would (an input event).
const edit = (page, text) => page.evaluate((t) => {
  const ta = document.getElementById('text');
  ta.value = t;
  ta.dispatchEvent(new Event('input', { bubbles: true }));
}, text);

test('the gallery lists every example with its picture, title and description', async () => {
  const page = await newPage();
  await page.goto(base);
  const cards = await page.$$eval('.card', (cs) => cs.map((c) => ({
    href: c.querySelector('a').getAttribute('href'),
    title: c.querySelector('h2').textContent,
    description: c.querySelectorAll('p')[0].textContent,
    img: c.querySelector('img').getAttribute('src'),
  })));
  assert.deepStrictEqual(cards.map((c) => c.href), EXAMPLES.map((f) => 'model.html?m=' + f));
  const index = JSON.parse(fs.readFileSync(path.join(dist, 'examples', 'index.json'), 'utf8'));
  for (const [k, c] of cards.entries()) {
    assert.strictEqual(c.title, index[k].name);
    assert.ok(c.title.length > 0 && c.description.length > 20, 'title and description of ' + EXAMPLES[k]);
    assert.ok(fs.readFileSync(path.join(root, 'examples', EXAMPLES[k]), 'utf8').includes(c.title), 'the title comes from the file');
  }
  // Every picture loads (is a real PNG the browser decodes).
  await page.evaluate(() => Promise.all([...document.images].map((i) => { i.loading = 'eager'; return i.decode(); })));
  const widths = await page.$$eval('.card img', (is) => is.map((i) => i.naturalWidth));
  assert.ok(widths.every((w) => w >= 200), 'picture widths ' + widths);
  await page.close();
});

test(`every example runs in the page with the command line's spikes (--seed ${SEED}, short runs)`, async () => {
  const page = await newPage();
  await page.goto(base + 'api-example.html');
  await page.evaluate(() => window.myelin.ready);
  for (const file of EXAMPLES) {
    const { d, want } = shortRun(file);
    const got = await page.evaluate(async ([f, seed, d]) => {
      const text = await (await fetch('examples/' + f)).text();
      try {
        const sim = await window.myelin.load(text, { name: f, seed });
        await (d ? sim.run(d) : sim.run());
        const r = sim.results();
        sim.dispose();
        return r;
      } catch (e) {
        return { error: e.message };
      }
    }, [file, SEED, d]);
    assert.ok(!got.error, file + ': ' + got.error);
    assert.deepStrictEqual(spikeMonitors(got), spikeMonitors(want), file + ': spike monitors');
    const n = spikeCount(want);
    if (n === 0) {
      // A model without spikes (a passive cable): its traces, then.
      close(got.monitors, want.monitors, 1e-12, file + ': monitors');
    }
    console.log(`      ${file} (${d || 'its own program'}): ` + (n ? `${n} spikes, identical` : 'no spikes; every trace within 1e-12'));
  }
  await page.close();
});

test('an edit with a unit error shows the error at its line; fixing it runs the model again', async () => {
  const page = await newPage();
  await page.goto(base + 'model.html?view=lite&m=lif.toml');
  const original = fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8');
  await page.waitForFunction((t) => document.getElementById('text').value === t, original);
  await settled(page);
  // A resistance given in volts: the equation that uses R is then wrong.
  const bad = original.replace(/^R = "[^"]*"/m, 'R = "100*mV"');
  assert.notStrictEqual(bad, original, 'lif.toml has an R constant');
  const file = path.join(tmp, 'lif.toml');
  fs.writeFileSync(file, bad);
  const check = spawnSync(cli, ['check', file], { encoding: 'utf8' });
  const m = /^.*?:(\d+):(\d+): (.*)$/m.exec(check.stderr);
  assert.ok(m, 'myelin check reports the error: ' + check.stderr);
  const [line, col, message] = [Number(m[1]), Number(m[2]), m[3]];
  await edit(page, bad);
  await page.waitForSelector('#gutter .err', { timeout: 30000 });
  const shown = await page.evaluate(() => ({
    lines: [...document.querySelectorAll('#gutter div')].map((d, k) => (d.className === 'err' ? k + 1 : 0)).filter(Boolean),
    marks: [...document.querySelectorAll('#marks .mark')].map((d) => Number(d.dataset.line)),
    list: [...document.querySelectorAll('#errors li')].map((li) => li.textContent),
  }));
  assert.deepStrictEqual(shown.lines, [line], 'the gutter marks the line of myelin check');
  assert.deepStrictEqual(shown.marks, [line]);
  assert.strictEqual(shown.list[0], `lif.toml:${line}:${col}: ${message}`);
  // Fix it: the errors go and the model runs to the end again.
  await edit(page, original);
  await page.waitForFunction(() => document.querySelectorAll('#gutter .err').length === 0);
  const frame = await appFrame(page);
  await finished(frame);
  const spikes = await frame.evaluate(() => window.myelinView.status().spikes);
  assert.ok(spikes > 0, 'spikes after the fix: ' + spikes);
  await page.close();
});

test('a share link reproduces the edited model, and its run equals the command line\'s', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await newPage(context);
  await page.goto(base + 'model.html?view=lite&m=lif.toml');
  await settled(page);
  const original = fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8');
  const edited = original.replace(/^tau = "[^"]*"/m, 'tau = "14*ms"').replace(/^seed = \d+/m, 'seed = 3');
  assert.notStrictEqual(edited, original);
  await edit(page, edited);
  await settled(page);
  await page.click('#share');
  await page.waitForFunction(() => /#model=/.test(document.getElementById('panel-text').value));
  const link = await page.$eval('#panel-text', (t) => t.value);
  assert.ok(link.startsWith(base + 'model.html#model='), link);
  // A fresh browser profile: nothing autosaved.
  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p2 = await newPage(other);
  await p2.goto(link);
  await p2.waitForFunction((t) => document.getElementById('text').value === t, edited, { timeout: 30000 });
  const frame = await appFrame(p2);
  await finished(frame);
  const got = JSON.parse(await frame.evaluate(() => window.myelinView.resultsJSON()));
  const want = nativeText(edited);
  assert.deepStrictEqual(spikeMonitors(got), spikeMonitors(want), 'spikes of the shared model');
  assert.strictEqual(got.seed, 3);
  await other.close();
  await context.close();
});

test('reload keeps the edit; "Back to the original" drops it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await newPage(context);
  await page.goto(base + 'model.html?view=lite&m=hh.toml');
  await settled(page);
  const original = fs.readFileSync(path.join(root, 'examples', 'hh.toml'), 'utf8');
  assert.strictEqual(await page.$eval('#original', (b) => b.disabled), true);
  const edited = original + '\n# my note\n';
  await edit(page, edited);
  await page.reload();
  await page.waitForFunction((t) => document.getElementById('text').value === t, edited);
  assert.strictEqual(await page.$eval('#original', (b) => b.disabled), false);
  await page.click('#original');
  assert.strictEqual(await page.$eval('#text', (t) => t.value), original);
  await page.reload();
  await page.waitForFunction((t) => document.getElementById('text').value === t, original);
  await context.close();
});

test('downloads: model, results JSON (the command line\'s), CSV and figure', async () => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await newPage(context);
  await page.goto(base + 'model.html?view=lite&m=lif.toml');
  const frame = await appFrame(page);
  await finished(frame);
  const get = async (id) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    return { name: d.suggestedFilename(), data: fs.readFileSync(await d.path()) };
  };
  const toml = await get('#dl-toml');
  assert.strictEqual(toml.name, 'lif.toml');
  assert.strictEqual(toml.data.toString(), fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8'));
  const json = await get('#dl-json');
  assert.strictEqual(json.name, 'lif.json');
  const want = native(path.join(root, 'examples', 'lif.toml'));
  assert.deepStrictEqual(spikeMonitors(JSON.parse(json.data)), spikeMonitors(want));
  const csv = await get('#dl-csv');
  assert.ok(/\.csv$/.test(csv.name) && csv.data.length > 100, 'a CSV file');
  const png = await get('#dl-png');
  assert.strictEqual(png.name, 'lif.png');
  assert.strictEqual(png.data.subarray(1, 4).toString(), 'PNG');
  await context.close();
});

test('a model and the SWC file it names, opened from disk, run as on the command line', async () => {
  const page = await newPage();
  await page.goto(base + 'model.html?view=lite&m=lif.toml');
  await settled(page);
  const dir = path.join(__dirname, 'testdata');
  // The model first: it fails until its morphology arrives.
  await page.setInputFiles('#open', [path.join(dir, 'swc_cell.toml')]);
  await page.waitForFunction(() => document.getElementById('text').value.includes('cell.swc'));
  await page.waitForSelector('#errors li', { timeout: 30000 });
  const before = await page.$eval('#errors li', (li) => li.textContent);
  assert.ok(/cell\.swc/.test(before), 'the error names the missing file: ' + before);
  await page.setInputFiles('#open', [path.join(dir, 'cell.swc')]);
  await page.waitForFunction(() => document.querySelectorAll('#errors li').length === 0, null, { timeout: 30000 });
  const frame = await appFrame(page);
  await finished(frame);
  // A reload shows the same file and finds its morphology again.
  await page.reload();
  await page.waitForFunction(() => document.getElementById('text').value.includes('swc = "cell.swc"'));
  await finished(await appFrame(page)); // it loads only with its morphology
  await settled(page);
  assert.strictEqual(await page.$$eval('#errors li', (l) => l.length), 0, 'no errors after the reload');
  const got = JSON.parse(await (await appFrame(page)).evaluate(() => window.myelinView.resultsJSON()));
  const want = native(path.join(dir, 'swc_cell.toml'));
  const v = (r) => r.monitors.v.variables.v.values;
  assert.strictEqual(got.monitors.v.t.length, want.monitors.v.t.length);
  v(got).forEach((series, n) => series.forEach((x, k) => {
    const y = v(want)[n][k];
    assert.ok(Math.abs(x - y) <= 1e-12 * Math.abs(y), `v[${n}][${k}]: ${x} != ${y}`);
  }));
  await page.close();
});

// colours decodes a PNG screenshot in a blank page and counts its colours.
const colours = async (png) => {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (b64) => {
  const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
  const bmp = await createImageBitmap(blob);
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext('2d');
  g.drawImage(bmp, 0, 0);
  const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
  const seen = new Set();
  for (let k = 0; k < d.length; k += 4 * 7) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
  return seen.size;
    }, png.toString('base64'));
  } finally {
    await page.close();
  }
};

test('the light view draws the model (a screenshot of its canvas is not blank)', async () => {
  const page = await newPage();
  await page.goto(base + 'app.html?view=lite#example=lif.toml');
  await page.waitForFunction(() => window.myelinView && window.myelinView.status().spikes > 0, null, { timeout: 30000 });
  await page.waitForTimeout(300);
  const n = await colours(await page.locator('canvas').first().screenshot());
  assert.ok(n >= 3, 'colours on the canvas: ' + n);
  await page.close();
});

// The app (app.wasm, Ebiten): only where the build has it.
const hasApp = () => fs.existsSync(path.join(dist, 'app.wasm'));

test('the app draws the model (a screenshot of its canvas is not blank) and its results are the command line\'s', async () => {
  if (!hasApp()) { console.log('      skipped: no app.wasm in this build'); return; }
  const page = await newPage();
  await page.goto(base + 'app.html?view=app#example=lif.toml&seed=' + SEED);
  await page.waitForFunction(() => window.myelinView && window.myelinView.version !== 'lite' && window.myelinView.status().duration > 0, null, { timeout: 90000 });
  await page.evaluate(() => window.myelinView.setSpeed(0)); // as fast as it can
  await page.waitForFunction(() => window.myelinView.status().finished, null, { timeout: 90000 });
  const got = JSON.parse(await page.evaluate(() => window.myelinView.resultsJSON()));
  assert.deepStrictEqual(spikeMonitors(got), spikeMonitors(native(path.join(root, 'examples', 'lif.toml'), '--seed', String(SEED))));
  await page.waitForTimeout(300);
  const n = await colours(await page.locator('canvas').first().screenshot());
  assert.ok(n >= 3, 'colours on the canvas: ' + n);
  await page.close();
});

test('the model page with the app shows an error at its line', async () => {
  if (!hasApp()) { console.log('      skipped: no app.wasm in this build'); return; }
  const page = await newPage();
  await page.goto(base + 'model.html?view=app&m=lif.toml');
  const original = fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8');
  await page.waitForFunction((t) => document.getElementById('text').value === t, original);
  await settled(page);
  const frame = await appFrame(page);
  assert.notStrictEqual(await frame.evaluate(() => window.myelinView.version), 'lite');
  const lines = original.split('\n');
  const k = lines.findIndex((l) => /^threshold = /.test(l));
  lines[k] = 'treshold = "v > Vt"';
  await edit(page, lines.join('\n'));
  await page.waitForSelector('#gutter .err', { timeout: 90000 });
  const marked = await page.$$eval('#gutter div', (ds) => ds.map((d, n) => (d.className === 'err' ? n + 1 : 0)).filter(Boolean));
  assert.deepStrictEqual(marked, [k + 1]);
  await page.close();
});

test('without WebGL2 the app gives way to the light view, with the same model', async () => {
  if (!hasApp()) { console.log('      skipped: no app.wasm in this build'); return; }
  const noGL = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS.concat(['--disable-3d-apis']) });
  try {
    const page = await noGL.newPage();
    await page.goto(base + 'app.html?view=app#example=lif.toml'); // the app is asked for, and cannot run
    await page.waitForFunction(() => window.myelinView && window.myelinView.version === 'lite' && window.myelinView.status().spikes > 0, null, { timeout: 90000 });
    const name = await page.evaluate(() => window.myelinView.sim().model.name);
    assert.strictEqual(name, 'LIF population');
  } finally {
    await noGL.close();
  }
});

test('where WebGL draws in software the page opens the light view, whose button opens the app', async () => {
  if (!hasApp()) { console.log('      skipped: no app.wasm in this build'); return; }
  const page = await newPage();
  await page.goto(base + 'model.html?m=lif.toml');
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    return gl.getParameter(gl.getExtension('WEBGL_debug_renderer_info').UNMASKED_RENDERER_WEBGL);
  });
  assert.ok(/SwiftShader/i.test(renderer), 'the tests run Chromium with SwiftShader: ' + renderer);
  let frame = await appFrame(page);
  await frame.waitForFunction(() => window.myelinView && window.myelinView.status().spikes > 0, null, { timeout: 60000 });
  assert.strictEqual(await frame.evaluate(() => window.myelinView.version), 'lite', 'the light view by default');
  const edited = fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8') + '\n# edited\n';
  await edit(page, edited);
  await settled(page);
  await Promise.all([page.waitForNavigation(), frame.click('#open-app')]);
  assert.ok(/[?&]view=app\b/.test(page.url()), page.url());
  await page.waitForFunction((t) => document.getElementById('text').value === t, edited, { timeout: 30000 });
  frame = await appFrame(page);
  await frame.waitForFunction(() => window.myelinView && window.myelinView.version !== 'lite' && window.myelinView.status().duration > 0, null, { timeout: 90000 });
  await page.close();
});

test('the embed snippet is one iframe that runs the model in another page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.replace(/\/$/, '') });
  const page = await newPage(context);
  await page.goto(base + 'model.html?view=lite&m=hh.toml');
  await settled(page);
  await page.click('#embed');
  await page.click('#copy'); // the copy button puts the snippet on the clipboard
  await page.waitForFunction(() => document.getElementById('panel-note').textContent === 'Copied.');
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  assert.strictEqual(snippet, await page.$eval('#panel-text', (t) => t.value));
  assert.ok(/^<iframe src="[^"]*app\.html#example=hh\.toml"[^>]*><\/iframe>$/.test(snippet), snippet);
  // A course page of its own, from another origin (a file), holding the snippet.
  const course = path.join(tmp, 'course.html');
  fs.writeFileSync(course, `<!doctype html><title>course</title><p>Week 3</p>${snippet}`);
  const p2 = await newPage();
  await p2.goto(pathToFileURL(course).href);
  const frame = await appFrame(p2);
  await frame.waitForFunction(() => window.myelinView && window.myelinView.status().duration > 0, null, { timeout: 90000 });
  // The course page sends a model of its own (postMessage); where the
  // view is the light view (WebGL in software), its Full app button opens
  // the app with that model, which is in no URL.
  const lif = fs.readFileSync(path.join(root, 'examples', 'lif.toml'), 'utf8');
  const isLif = () => window.myelinView && Math.abs(window.myelinView.status().duration - 0.5) < 1e-9;
  await p2.evaluate((text) => document.querySelector('iframe').contentWindow.postMessage({ type: 'load', text, name: 'lif.toml' }, '*'), lif);
  await frame.waitForFunction(isLif, null, { timeout: 90000 });
  if (hasApp() && await frame.evaluate(() => window.myelinView.version) === 'lite') {
    await Promise.all([frame.waitForNavigation(), frame.click('#open-app')]);
    assert.ok(/[?&]view=app\b.*#model=/.test(frame.url()), frame.url());
    await frame.waitForFunction(() => window.myelinView && window.myelinView.version !== 'lite', null, { timeout: 90000 });
    await frame.waitForFunction(isLif, null, { timeout: 90000 });
  }
  await p2.close();
  await context.close();
});

test('once visited, a model page works offline', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await newPage(context);
  await page.goto(base + 'model.html?view=lite&m=lif.toml');
  await finished(await appFrame(page));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now under the service worker, which keeps what loads
  await finished(await appFrame(page));
  await context.setOffline(true);
  await page.goto(base + 'model.html?view=lite&m=hh.toml'); // never visited, but its text is kept
  const hh = fs.readFileSync(path.join(root, 'examples', 'hh.toml'), 'utf8');
  await page.waitForFunction((t) => document.getElementById('text').value === t, hh, { timeout: 30000 });
  const frame = await appFrame(page);
  await frame.waitForFunction(() => window.myelinView && window.myelinView.status().spikes > 0, null, { timeout: 60000 });
  await context.close();
  // Without the service worker the same page does not load offline: the
  // browser's own cache is not what made it work.
  const bare = await browser.newContext({ serviceWorkers: 'block' });
  const p2 = await bare.newPage();
  await p2.goto(base + 'model.html?view=lite&m=lif.toml');
  await bare.setOffline(true);
  await assert.rejects(p2.goto(base + 'model.html?view=lite&m=hh.toml'));
  await bare.close();
});

test('the single-file build opens from file:// and runs LIF as the command line does', async () => {
  const file = path.join(dist, 'myelin-single.html');
  assert.ok(fs.existsSync(file), 'make site-single writes ' + file);
  const page = await newPage();
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => window.myelinView && window.myelinView.status().finished, null, { timeout: 60000 });
  const got = JSON.parse(await page.evaluate(() => window.myelinView.resultsJSON()));
  assert.deepStrictEqual(spikeMonitors(got), spikeMonitors(native(path.join(root, 'examples', 'lif.toml'))));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.reload();
  await page.waitForFunction(() => window.myelinView && window.myelinView.status().spikes > 0, null, { timeout: 60000 });
  assert.deepStrictEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')), [], 'no requests beyond the file');
  await page.close();
});

// ---- budgets (measured, reported, not asserted).
async function budgets(lite) {
  const out = {};
  const size = (f) => { try { return fs.statSync(path.join(dist, f)).size; } catch (e) { return 0; } };
  const ebiten = !lite;
  const js = ['common.js', 'model.js', 'app.js', 'memfs.js', 'wasm_exec.js', 'style.css'].concat(lite ? ['myelin.js', 'lite.js', 'plot.js'] : []);
  const zlib = require('zlib');
  const jsBr = js.reduce((s, f) => s + zlib.brotliCompressSync(fs.readFileSync(path.join(dist, f))).length, 0);
  out.download = {
    myelin_wasm_br: size('myelin.wasm.br'), app_wasm_br: size('app.wasm.br'), js_br: jsBr,
    total_br: (ebiten ? size('app.wasm.br') : size('myelin.wasm.br')) + jsBr, view: ebiten ? 'app.wasm' : 'light view (myelin.wasm)',
  };
  // Time from opening the LIF page to the first plotted spike, cold cache.
  const times = [];
  for (let k = 0; k < 3; k++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newPage(context);
    const t0 = Date.now();
    await page.goto(base + 'model.html?m=lif.toml' + (lite ? '&view=lite' : '&view=app'));
    const frame = await appFrame(page);
    await frame.waitForFunction(() => window.myelinView && (window.myelinView.firstSpikeAt || window.myelinView.status().spikes > 0), null, { timeout: 60000, polling: 10 });
    times.push((Date.now() - t0) / 1000);
    await context.close();
  }
  out.first_spike_seconds = times;
  // CUBA, 4000 neurons: simulated seconds per wall second, and how late the
  // page answers (the largest delay of a 16 ms timer, sampled while it runs).
  const page = await newPage();
  await page.goto(base + 'model.html?m=cuba.toml' + (lite ? '&view=lite' : '&view=app'));
  const frame = await appFrame(page);
  await frame.waitForFunction(() => window.myelinView && window.myelinView.status().t > 0, null, { timeout: 60000, polling: 10 });
  const r = await frame.evaluate(() => new Promise((resolve) => {
    const v = window.myelinView;
    v.setSpeed(0); // as fast as it can (the light view always is)
    const t0 = performance.now(), st0 = v.status(), s0 = st0.t;
    let worst = 0, last = performance.now();
    const tick = () => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 16);
      last = now;
      const s = v.status();
      if (s.finished || now - t0 > 20000) {
        // Where the app's time went (its status has totals; the light
        // view's has none): frames, frames drawn, and the shares of the
        // wall time spent simulating and in Go's Draw; the rest is the
        // GPU (SwiftShader), the browser and idle time.
        const wallMs = now - t0;
        const app = s.totalFrames === undefined ? null : {
          frames: s.totalFrames - st0.totalFrames, drawn: s.totalDrawn - st0.totalDrawn,
          sim_share: (s.totalSimMs - st0.totalSimMs) / wallMs, draw_share: (s.totalDrawMs - st0.totalDrawMs) / wallMs,
          draw_ms_per_drawn: (s.totalDrawMs - st0.totalDrawMs) / Math.max(1, s.totalDrawn - st0.totalDrawn),
          frame_ms: wallMs / Math.max(1, s.totalFrames - st0.totalFrames),
        };
        resolve({ sim: s.t - s0, wall: wallMs / 1000, worstLagMs: worst, finished: s.finished, app });
        return;
      }
      setTimeout(tick, 16);
    };
    setTimeout(tick, 16);
  }));
  // A click on the page (the parent) while CUBA runs: time to its handler.
  // The command line on the same machine at the same time, for a ratio
  // that the machine's load does not change much.
  const nat = native(path.join(root, 'examples', 'cuba.toml'), '--duration', '1*second');
  out.cuba = {
    realtime_factor: r.sim / r.wall, worst_timer_lag_ms: r.worstLagMs, simulated_s: r.sim, wall_s: r.wall,
    native_realtime_factor: 1 / nat.wall_seconds, load_average: os.loadavg()[0],
  };
  if (r.app) out.cuba.frames = r.app;
  await page.close();
  return out;
}

(async () => {
  const server = await serve();
  base = server.base;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let passed = 0, failed = 0;
  const start = Date.now();
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    problems.length = 0;
    const t0 = Date.now();
    try {
      await t.fn();
      assert.deepStrictEqual(problems, [], 'page errors or CSP violations');
      passed++;
      console.log(`ok   ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${t.name}\n     ${String(e.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
      if (problems.length) console.log('     ' + problems.join('\n     '));
    }
  }
  if (budgetsOut) {
    const b = { lite: await budgets(true) };
    if (hasApp()) b.app = await budgets(false);
    fs.writeFileSync(budgetsOut, JSON.stringify(b, null, 2) + '\n');
    console.log(JSON.stringify(b, null, 2));
  }
  await browser.close();
  server.proc.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`browser: ${passed} passed, ${failed} failed (${((Date.now() - start) / 1000).toFixed(0)} s)`);
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error('browser test harness: ' + (e.stack || e));
  process.exit(1);
});
