// Mean curves with bands: each variant's mean curve over its seeds, with a band of ± one standard deviation (uPlot bands).
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';

const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#9c755f'];

let chart = null;

/** Draws `variants` (each {name, curve: [{epoch, top1, trainLoss, validLoss}]}) into `container`. */
export function drawCurves(container, variants, metric) {
  if (chart) {
    chart.destroy();
    chart = null;
  }
  container.replaceChildren();
  container.dataset.series = variants.map((v) => v.name).join('|');
  container.dataset.means = '';
  const epochs = [...new Set(variants.flatMap((v) => v.curve.map((p) => p.epoch)))].sort((a, b) => a - b);
  if (epochs.length === 0) {
    container.textContent = 'No epoch has finished yet.';
    return;
  }
  const data = [epochs];
  const series = [{ label: 'epoch' }];
  const bands = [];
  variants.forEach((variant, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const at = (pick) => epochs.map((e) => {
      const point = variant.curve.find((p) => p.epoch === e);
      const stats = point ? point[metric] : null;
      return stats && stats.mean !== null ? pick(stats) : null;
    });
    const base = data.length;
    data.push(at((s) => s.mean), at((s) => s.mean + (s.std ?? 0)), at((s) => s.mean - (s.std ?? 0)));
    series.push(
      { label: variant.name, stroke: colour, width: 2 },
      { label: `${variant.name} +std`, stroke: colour, width: 0, show: true },
      { label: `${variant.name} −std`, stroke: colour, width: 0, show: true },
    );
    bands.push({ series: [base + 1, base + 2], fill: `${colour}33` });
  });
  // Per variant (in the order of data-series), the means drawn, epoch by epoch.
  container.dataset.means = variants.map((v, i) => data[1 + 3 * i].filter((y) => y !== null).join(';')).join('|');
  chart = new uPlot({
    width: container.clientWidth || 800,
    height: 280,
    scales: { x: { time: false } },
    // Epochs are whole numbers: no ticks between them.
    axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { label: metric }],
    series,
    bands,
    legend: { live: false },
  }, data, container);
}
