// The Experiments page: the list, then one experiment's bars, curves and results table.
import { drawBars } from '/experiments/bars.js';
import { drawCurves } from '/experiments/curves.js';

const API = '/api/v1/experiments';
const REFRESH_MS = 5000;
const INTEGER_METRICS = new Set(['parameters', 'multiplyAccumulates']);

const state = { id: new URLSearchParams(location.search).get('id'), experiment: null, timer: null };

function format(value, digits = 4) {
  if (value === null || value === undefined) return '';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  return Number(value).toPrecision(digits);
}

/** A deviation needs two significant digits, not four. */
function formatStd(value) {
  return format(value, 2);
}

async function json(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || `${response.status} ${response.statusText}`);
  }
  return response.json();
}

function cell(text, number) {
  const td = document.createElement('td');
  td.textContent = text;
  if (number) td.className = 'number';
  return td;
}

async function loadList() {
  const status = document.getElementById('list-status');
  try {
    const page = await json(`${API}?size=50`);
    const body = document.querySelector('#experiments tbody');
    body.replaceChildren(...page.items.map((e) => {
      const row = document.createElement('tr');
      row.dataset.id = e.id;
      row.classList.toggle('selected', e.id === state.id);
      row.append(cell(e.name), cell(e.preset ?? ''), cell(e.status), cell(`${Math.round(e.progress * 100)}%`, true),
        cell(String(e.jobs), true), cell(new Date(e.createdAt).toLocaleString()));
      row.addEventListener('click', () => select(e.id));
      return row;
    }));
    status.textContent = page.items.length === 0 ? 'No experiments yet: POST /api/v1/experiments.' : '';
  } catch (error) {
    status.textContent = `Could not list experiments: ${error.message}`;
  }
}

function select(id) {
  state.id = id;
  history.replaceState(null, '', `?id=${encodeURIComponent(id)}`);
  document.querySelectorAll('#experiments tbody tr').forEach((r) => r.classList.toggle('selected', r.dataset.id === id));
  loadExperiment();
}

function fillMetricChoices(experiment) {
  const select = document.getElementById('metric');
  if (select.dataset.experiment === experiment.id) return;
  select.dataset.experiment = experiment.id;
  const keys = Object.keys(experiment.variants[0]?.metrics ?? {});
  select.replaceChildren(...keys.map((key) => new Option(key, key)));
  select.value = experiment.definition.headline[0] ?? keys[0];
}

function drawTable(experiment) {
  const keys = Object.keys(experiment.variants[0]?.metrics ?? {});
  const head = document.createElement('tr');
  head.append(cell('variant'), cell('n'), ...keys.map((k) => cell(k)));
  document.querySelector('#results thead').replaceChildren(head);
  document.querySelector('#results tbody').replaceChildren(...experiment.variants.map((v) => {
    const row = document.createElement('tr');
    row.append(cell(v.name), cell(String(v.n), true), ...keys.map((k) => {
      const s = v.metrics[k];
      const text = s.mean === null ? '' : INTEGER_METRICS.has(k) ? format(s.mean)
        : format(s.mean) + (s.std === null ? '' : ` ± ${formatStd(s.std)}`);
      return cell(text, true);
    }));
    return row;
  }));
}

function draw() {
  const experiment = state.experiment;
  if (!experiment) return;
  const metric = document.getElementById('metric').value;
  drawBars(document.getElementById('bars'), experiment.variants.map((v) => ({
    name: v.name, n: v.n, mean: v.metrics[metric]?.mean ?? null, std: v.metrics[metric]?.std ?? null,
  })), format, formatStd);
  drawCurves(document.getElementById('curves'), experiment.variants, document.getElementById('curve-metric').value);
  drawTable(experiment);
}

async function loadExperiment() {
  clearTimeout(state.timer);
  if (!state.id) return;
  const status = document.getElementById('detail-status');
  try {
    const experiment = await json(`${API}/${encodeURIComponent(state.id)}`);
    state.experiment = experiment;
    document.getElementById('detail').hidden = false;
    document.getElementById('detail-title').textContent = `${experiment.name} (${experiment.status})`;
    document.getElementById('csv').href = `${API}/${experiment.id}/results.csv`;
    status.textContent = `${experiment.jobs} jobs, ${Math.round(experiment.progress * 100)}% done`
      + (experiment.cancelRequested ? ', cancel requested' : '');
    fillMetricChoices(experiment);
    draw();
    if (!['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(experiment.status)) {
      state.timer = setTimeout(() => { loadExperiment(); loadList(); }, REFRESH_MS);
    }
  } catch (error) {
    document.getElementById('detail').hidden = false;
    status.textContent = `Could not load the experiment: ${error.message}`;
  }
}

document.getElementById('metric').addEventListener('change', draw);
document.getElementById('curve-metric').addEventListener('change', draw);
loadList();
loadExperiment();
