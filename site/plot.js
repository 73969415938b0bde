// plot.js: draws a run's results (the results object of myelin.js, with
// typed arrays) on a 2-D canvas: one panel per monitor, a raster for spike
// monitors and lines for state and rate monitors, on a shared time axis.
// The light view (lite.js) uses it where the Ebiten app is not available.
// Defines window.myelinPlot.
(function (root) {
  'use strict';

  const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'];
  const MAX_TRACES = 6;

  // nice rounds a span to 1, 2 or 5 times a power of ten, for ticks.
  const nice = (span) => {
    const p = Math.pow(10, Math.floor(Math.log10(span)));
    const f = span / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  };

  // panels lists what will be drawn: one entry per monitor, in the order of
  // the file's monitors.
  const panels = (results, model) => {
    const order = model && Array.isArray(model.monitors) ? model.monitors.map((m) => m.name) : Object.keys(results.monitors);
    const out = [];
    for (const name of order) {
      const m = results.monitors[name];
      if (!m) continue;
      if (m.type === 'spike') out.push({ name, m, kind: 'spike', weight: 1.4 });
      else if (m.type === 'rate') out.push({ name, m, kind: 'rate', weight: 0.8 });
      else if (m.type === 'state' && m.variables) {
        for (const v of Object.keys(m.variables)) out.push({ name: name + '.' + v, m, v, kind: 'state', weight: 1 });
      }
    }
    return out;
  };

  // draw paints results on canvas (sized to its CSS box times the device
  // pixel ratio). It returns the number of spikes drawn.
  function draw(canvas, results, model) {
    const dpr = root.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || canvas.width, cssH = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
      canvas.width = Math.round(cssW * dpr);
      canvas.height = Math.round(cssH * dpr);
    }
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, cssW, cssH);
    if (!results) return 0;
    const list = panels(results, model);
    const tmax = Math.max(results.duration || 0, (model && model.duration) || 0, 1e-4);
    const left = 56, right = 12, top = 8, bottom = 26, gap = 22;
    const total = list.reduce((s, p) => s + p.weight, 0) || 1;
    const avail = cssH - top - bottom - gap * list.length;
    const x = (t) => left + (cssW - left - right) * t / tmax;
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'alphabetic';
    let y0 = top, spikes = 0;
    list.forEach((p, n) => {
      const h = Math.max(20, avail * p.weight / total);
      y0 += gap;
      g.fillStyle = '#333';
      g.fillText(p.kind === 'spike' ? 'spikes of ' + p.m.source : p.kind === 'rate' ? 'rate of ' + p.m.source : p.v + ' of ' + p.m.source, left, y0 - 6);
      g.strokeStyle = '#999';
      g.beginPath();
      g.moveTo(left, y0);
      g.lineTo(left, y0 + h);
      g.lineTo(cssW - right, y0 + h);
      g.stroke();
      if (p.kind === 'spike') spikes += raster(g, p.m, x, y0, h);
      else if (p.kind === 'rate') lines(g, p.m.t, [p.m.rate], x, y0, h, 'Hz', 1);
      else {
        const vv = p.m.variables[p.v];
        lines(g, p.m.t, vv.values.slice(0, MAX_TRACES), x, y0, h, vv.unit, 1);
      }
      y0 += h;
      if (n === list.length - 1) axis(g, x, tmax, y0);
    });
    return spikes;
  }

  function raster(g, m, x, y0, h) {
    const n = Math.max(1, m.count ? m.count.length : 1);
    const size = Math.max(1, Math.min(3, h / n));
    g.fillStyle = COLORS[0];
    const t = m.t, i = m.i;
    for (let k = 0; k < t.length; k++) g.fillRect(x(t[k]) - 0.5, y0 + h * (1 - (i[k] + 0.5) / n) - size / 2, 1.2, size);
    g.fillStyle = '#555';
    g.fillText(String(n - 1), 4, y0 + 10);
    g.fillText('0', 4, y0 + h);
    return t.length;
  }

  function lines(g, t, series, x, y0, h, unit) {
    let lo = Infinity, hi = -Infinity;
    for (const s of series) for (let k = 0; k < s.length; k++) { const v = s[k]; if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; } }
    if (!(lo <= hi)) return;
    if (hi - lo < 1e-30) { hi += Math.abs(hi) * 0.05 + 1e-12; lo -= Math.abs(lo) * 0.05 + 1e-12; }
    const y = (v) => y0 + h - (h - 4) * (v - lo) / (hi - lo) - 2;
    const stride = Math.max(1, Math.floor(t.length / 2000));
    series.forEach((s, n) => {
      g.strokeStyle = COLORS[n % COLORS.length];
      g.lineWidth = 1.2;
      g.beginPath();
      let pen = false;
      for (let k = 0; k < s.length && k < t.length; k += stride) {
        if (!Number.isFinite(s[k])) { pen = false; continue; }
        if (pen) g.lineTo(x(t[k]), y(s[k])); else g.moveTo(x(t[k]), y(s[k]));
        pen = true;
      }
      g.stroke();
    });
    g.lineWidth = 1;
    g.fillStyle = '#555';
    const fmt = (v) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(1) : String(+v.toPrecision(3)));
    g.fillText(fmt(hi), 4, y0 + 10);
    g.fillText(fmt(lo), 4, y0 + h);
    if (unit && unit !== '1') g.fillText(unit, 4, y0 + h / 2 + 4);
  }

  function axis(g, x, tmax, y) {
    const ms = tmax < 2;
    const scale = ms ? 1000 : 1;
    const step = nice(tmax * scale / 5) / scale;
    g.fillStyle = '#555';
    g.strokeStyle = '#999';
    for (let t = 0; t <= tmax * (1 + 1e-9); t += step) {
      const xx = x(t);
      g.beginPath();
      g.moveTo(xx, y);
      g.lineTo(xx, y + 4);
      g.stroke();
      const label = String(+(t * scale).toPrecision(4));
      g.fillText(label, xx - g.measureText(label).width / 2, y + 16);
    }
    g.fillText(ms ? 'time (ms)' : 'time (s)', 4, y + 16);
  }

  root.myelinPlot = { draw, panels };
})(typeof window !== 'undefined' ? window : globalThis);
