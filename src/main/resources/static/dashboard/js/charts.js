// Line charts on uPlot: many series with their own x values, smoothing, downsampling for drawing
// (the data is kept whole), vertical markers and log axes.

import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

/** Debiased exponential moving average (fastai's smoothing), skipping missing values. */
export function ema(values, beta) {
  if (!beta) return values;
  const out = new Array(values.length);
  let average = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v)) {
      out[i] = null;
      continue;
    }
    count++;
    average = beta * average + (1 - beta) * v;
    out[i] = average / (1 - beta ** count);
  }
  return out;
}

/**
 * At most about `target` points: each bucket of consecutive points keeps its first, lowest and
 * highest point, so spikes stay visible. Short series come back unchanged.
 */
export function downsample(xs, ys, target) {
  if (xs.length <= target) return [xs, ys];
  const buckets = Math.max(1, Math.floor(target / 3));
  const size = xs.length / buckets;
  const outX = [];
  const outY = [];
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(xs.length, Math.floor((b + 1) * size));
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i];
      if (y === null || y === undefined) continue;
      if (lo < 0 || y < ys[lo]) lo = i;
      if (hi < 0 || y > ys[hi]) hi = i;
    }
    const keep = [...new Set([start, lo, hi].filter((i) => i >= 0))].sort((a, b2) => a - b2);
    for (const i of keep) {
      outX.push(xs[i]);
      outY.push(ys[i]);
    }
  }
  const last = xs.length - 1;
  if (outX[outX.length - 1] !== xs[last]) {
    outX.push(xs[last]);
    outY.push(ys[last]);
  }
  return [outX, outY];
}

function markersPlugin(getMarkers) {
  return {
    hooks: {
      draw: [
        (u) => {
          const markers = getMarkers();
          if (!markers.length) return;
          const { ctx } = u;
          const { top, height } = u.bbox;
          ctx.save();
          ctx.strokeStyle = '#8a5a00';
          ctx.fillStyle = '#8a5a00';
          ctx.setLineDash([4, 4]);
          ctx.lineWidth = 1 * devicePixelRatio;
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          for (const marker of markers) {
            const x = Math.round(u.valToPos(marker.x, 'x', true));
            if (!Number.isFinite(x) || x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            ctx.fillText(marker.label, x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * A chart of named series, each {label, colour, xs, ys, points (draw dots), smooth (EMA applies)}.
 * Appending to a series' arrays and calling redraw() is cheap: the drawing is batched to one per
 * frame and each series is downsampled to about twice the plot's width.
 */
export class LineChart {
  constructor(container, { title, xLabel, yLabel, logX = false, logY = false, xRange = null, markers = () => [], height = 240 }) {
    this.container = container;
    this.options = { title, xLabel, yLabel, logX, logY, xRange, height };
    this.markers = markers;
    this.series = [];
    this.smoothing = 0;
    this.plot = null;
    this.signature = '';
    this.frame = 0;
    container.classList.add('chart');
    container.setAttribute('role', 'img');
    container.setAttribute('aria-label', title);
    this.resizer = new ResizeObserver(() => {
      if (this.plot) this.plot.setSize(this.size());
    });
    this.resizer.observe(container);
  }

  size() {
    const narrow = this.container.clientWidth < 500;
    return { width: Math.max(240, this.container.clientWidth), height: narrow ? Math.round(this.options.height * 0.8) : this.options.height };
  }

  setSeries(series) {
    this.series = series;
    this.redraw();
  }

  setSmoothing(beta) {
    this.smoothing = beta;
    this.redraw();
  }

  redraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The number of points kept (not drawn) in each series, for people and tests. */
  pointCounts() {
    return this.series.map((s) => s.xs.length);
  }

  draw() {
    const counts = this.pointCounts();
    this.container.dataset.points = counts.join(',');
    this.container.dataset.series = this.series.map((s) => s.label).join('|');
    const visible = this.series.filter((s) => s.xs.length > 0);
    if (!visible.length) {
      if (this.plot) {
        this.plot.destroy();
        this.plot = null;
        this.signature = '';
      }
      if (!this.container.querySelector('.chart-empty')) {
        const empty = document.createElement('p');
        empty.className = 'chart-empty';
        empty.textContent = `${this.options.title}: no data yet`;
        this.container.replaceChildren(empty);
      }
      return;
    }
    const target = Math.max(200, this.size().width * 2);
    const tables = visible.map((s) => {
      const ys = s.smooth ? ema(s.ys, this.smoothing) : s.ys;
      const [xs, ys2] = downsample(s.xs, ys, target);
      return [xs, ys2];
    });
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    const signature = visible.map((s) => `${s.label}/${s.colour}/${s.points ? 1 : 0}`).join('|');
    if (!this.plot || signature !== this.signature) {
      if (this.plot) this.plot.destroy();
      this.container.replaceChildren();
      this.plot = new uPlot(this.plotOptions(visible), data, this.container);
      this.signature = signature;
    } else {
      this.plot.setData(data);
    }
  }

  plotOptions(visible) {
    const { title, xLabel, yLabel, logX, logY, xRange } = this.options;
    return {
      title,
      ...this.size(),
      scales: {
        x: { time: false, distr: logX ? 3 : 1, range: xRange ? (u, min, max) => [Math.min(min, xRange[0]), Math.max(max, xRange[1])] : undefined },
        y: { distr: logY ? 3 : 1 },
      },
      axes: [
        { label: xLabel, values: logX ? (u, ticks) => ticks.map((t) => (t === null || t === undefined ? '' : Number(t).toExponential(0))) : undefined },
        { label: yLabel, size: 60 },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: xLabel },
        ...visible.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: s.points ? 1.5 : 1.25,
          spanGaps: true,
          points: { show: !!s.points, size: 6, fill: s.colour },
          value: (u, v) => (v === null || v === undefined ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toPrecision(4)),
        })),
      ],
      plugins: [markersPlugin(this.markers)],
    };
  }

  destroy() {
    this.resizer.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.plot) this.plot.destroy();
  }
}
