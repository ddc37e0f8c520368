// Experiments: the list, then one experiment's bars (mean ± std of a metric per variant), mean
// curves with a ± std band over the seeds, the results table and a CSV link. Refreshes while it runs.

import { api } from '../api.js';
import { drawBars } from '../bars.js';
import { drawCurves } from '../bands.js';
import { clear, fmt, h, problemBox, progressBar, table } from '../dom.js';

const API = '/api/v1/experiments';
const REFRESH_MS = 5000;
const COUNTS = new Set(['parameters', 'multiplyAccumulates']);
const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

const std = (value) => fmt.num(value, 2);

export async function render(main, [id]) {
  return id ? renderExperiment(main, id) : renderList(main);
}

async function renderList(main) {
  main.append(h('h1', {}, 'Experiments'),
    h('p', {}, 'Each variant runs with every seed; create one with POST /api/v1/experiments (see the presets below).'));
  const page = await api(`${API}?size=100`);
  main.append(
    page.items.length
      ? table(null, ['name', 'preset', 'status', 'progress', 'jobs', 'created'], page.items.map((e) => [
          h('a', { href: `#/experiments/${encodeURIComponent(e.id)}` }, e.name), e.preset ?? '—', e.status,
          progressBar(e.progress, `${Math.round(e.progress * 100)}%`), String(e.jobs), fmt.age(e.createdAt),
        ]), { id: 'experiments-table' })
      : h('p', {}, 'No experiment yet.'),
  );
  const presets = await api(`${API}/presets`);
  main.append(h('h2', {}, 'Presets'), table(null, ['preset', 'variants', 'dataset', 'headline', 'about'],
    presets.map((p) => [p.name, p.variants.join(', '), p.dataset, p.headline.join(', '), p.description]),
    { id: 'presets-table' }));
  return null;
}

async function renderExperiment(main, id) {
  const status = h('p', { id: 'experiment-status' });
  const metric = h('select', { id: 'experiment-metric' });
  const curveMetric = h('select', { id: 'experiment-curve-metric' },
    h('option', { value: 'top1' }, 'validation top-1'), h('option', { value: 'trainLoss' }, 'training loss'),
    h('option', { value: 'validLoss' }, 'validation loss'));
  const bars = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  bars.setAttribute('id', 'experiment-bars');
  bars.setAttribute('class', 'experiment-bars');
  const curves = h('div', { id: 'experiment-curves' });
  const results = h('div', { id: 'experiment-results' });
  const title = h('h1', { id: 'experiment-title' }, 'Experiment');
  main.append(title, status,
    h('div', { class: 'actions' },
      h('label', {}, 'Headline metric ', metric), h('label', {}, 'Curve ', curveMetric),
      h('a', { href: `${API}/${encodeURIComponent(id)}/results.csv`, download: true, id: 'experiment-csv' }, 'Download CSV')),
    h('h2', {}, 'Mean ± std per variant'), bars,
    h('h2', {}, "Per epoch: each variant's mean over its seeds, with a band of ± one std"), curves,
    h('h2', {}, 'Results'), results);

  let experiment = null;
  let timer = null;
  const draw = () => {
    if (!experiment) return;
    const key = metric.value;
    drawBars(bars, experiment.variants.map((v) => ({
      name: v.name, n: v.n, mean: v.metrics[key]?.mean ?? null, std: v.metrics[key]?.std ?? null,
    })), (v) => fmt.num(v, 4), std);
    drawCurves(curves, experiment.variants, curveMetric.value);
    const keys = Object.keys(experiment.variants[0]?.metrics ?? {});
    clear(results).append(table(null, ['variant', 'n', ...keys], experiment.variants.map((v) => [
      v.name, String(v.n), ...keys.map((k) => {
        const s = v.metrics[k];
        if (s.mean === null) return '—';
        return COUNTS.has(k) ? fmt.int(Math.round(s.mean)) : fmt.num(s.mean, 4) + (s.std === null ? '' : ` ± ${std(s.std)}`);
      }),
    ]), { id: 'experiment-results-table' }));
  };
  metric.addEventListener('change', draw);
  curveMetric.addEventListener('change', draw);

  const load = async () => {
    try {
      experiment = await api(`${API}/${encodeURIComponent(id)}`);
    } catch (error) {
      clear(status).append(problemBox(error));
      return;
    }
    title.textContent = `${experiment.name} (${experiment.status})`;
    status.textContent = `${experiment.jobs} jobs, ${Math.round(experiment.progress * 100)}% done`
      + (experiment.cancelRequested ? ', cancel requested' : '');
    if (!metric.options.length) {
      const keys = Object.keys(experiment.variants[0]?.metrics ?? {});
      metric.append(...keys.map((k) => h('option', { value: k }, k)));
      metric.value = experiment.definition.headline[0] ?? keys[0];
    }
    draw();
    if (!TERMINAL.includes(experiment.status)) timer = setTimeout(load, REFRESH_MS);
  };
  await load();
  return () => clearTimeout(timer);
}
