// Several runs on the same axes: training loss per batch, validation loss and top-1 per epoch,
// each run in a colour of its own, and a table of best and last metrics, time and parameters.
// The selection is in the URL (#/compare?runs=a,b).

import { api } from '../api.js';
import { LineChart } from '../charts.js';
import { architectureName, clear, coloursOf, fmt, h, hashQuery, problemBox, setHashQuery, table } from '../dom.js';
import { StreamPool } from '../sse.js';

export async function render(main) {
  const query = hashQuery();
  const selected = new Set((query.get('runs') || '').split(',').filter(Boolean));
  const smoothing = h(
    'select',
    { id: 'compare-smoothing', onchange: () => setSmoothing() },
    [['0', 'raw'], ['0.6', 'EMA 0.6'], ['0.9', 'EMA 0.9'], ['0.98', 'EMA 0.98']].map(([v, l]) => h('option', { value: v, selected: v === (query.get('smooth') || '0.9') }, l)),
  );
  const picker = h('fieldset', { id: 'run-picker', class: 'picker' }, h('legend', {}, 'Runs'));
  const problems = h('div', { id: 'compare-problems' });
  const lossBox = h('div', { id: 'compare-loss' });
  const validBox = h('div', { id: 'compare-valid' });
  const top1Box = h('div', { id: 'compare-top1' });
  const tableBox = h('div', { id: 'compare-table' });
  main.append(
    h('h1', {}, 'Compare runs'),
    h('div', { class: 'toolbar' }, h('label', { for: 'compare-smoothing' }, 'Training loss smoothing'), smoothing),
    picker,
    problems,
    h('section', { class: 'charts' }, lossBox, validBox, top1Box),
    tableBox,
  );

  const axis = { xLabel: 'epoch', xRange: [0, 1] };
  const lossChart = new LineChart(lossBox, { title: 'Training loss', yLabel: 'loss', ...axis });
  const validChart = new LineChart(validBox, { title: 'Validation loss', yLabel: 'loss', ...axis });
  const top1Chart = new LineChart(top1Box, { title: 'Validation top-1', yLabel: 'top-1', ...axis });
  lossChart.smoothing = Number(smoothing.value);
  const pool = new StreamPool(4);
  const runs = new Map();
  const datasetsByName = new Map();
  const parameterCounts = new Map();

  const [page, datasets] = await Promise.all([api('/api/v1/training-jobs?size=200'), api('/api/v1/datasets').catch(() => [])]);
  for (const d of datasets) datasetsByName.set(d.name, d);
  const candidates = page.items.filter((j) => j.kind !== 'lr-finder');
  for (const id of selected) {
    if (!candidates.some((j) => j.id === id)) {
      try {
        candidates.unshift(await api(`/api/v1/training-jobs/${encodeURIComponent(id)}`));
      } catch (error) {
        problems.append(problemBox(error));
        selected.delete(id);
      }
    }
  }
  for (const job of candidates) {
    const box = h('input', { type: 'checkbox', id: `run-${job.id}`, value: job.id, checked: selected.has(job.id), onchange: () => toggle(job, box.checked) });
    picker.append(
      h(
        'div',
        { class: 'pick' },
        box,
        h('label', { for: `run-${job.id}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), ` ${fmt.shortId(job.id)} · ${architectureName(job.request?.architecture)} · ${job.request?.dataset} · ${job.status} · best ${fmt.pct(job.bestMetrics?.top1)}`),
      ),
    );
  }
  if (!candidates.length) picker.append(h('p', {}, 'No training jobs yet.'));

  function setSmoothing() {
    lossChart.setSmoothing(Number(smoothing.value));
    saveQuery();
  }

  function saveQuery() {
    const params = hashQuery();
    params.set('runs', [...selected].join(','));
    params.set('smooth', smoothing.value);
    setHashQuery(params);
  }

  function toggle(job, on) {
    if (on) {
      selected.add(job.id);
      startRun(job);
    } else {
      selected.delete(job.id);
      runs.get(job.id)?.stream.close();
      runs.delete(job.id);
    }
    saveQuery();
    refresh();
  }

  function startRun(job) {
    const run = {
      job,
      colour: '',
      label: `${fmt.shortId(job.id)} ${architectureName(job.request?.architecture)}`,
      batch: { xs: [], ys: [] },
      epochs: { xs: [], valid: [], top1: [], top5: [], train: [] },
      status: job.status,
    };
    run.stream = pool.openStream(`/api/v1/training-jobs/${job.id}/events`, {
      onEvent: ({ type, data }) => {
        if (type === 'batch') {
          const x = data.epoch - 1 + data.batch / Math.max(1, data.batches);
          while (run.batch.xs.length && run.batch.xs[run.batch.xs.length - 1] >= x) {
            run.batch.xs.pop();
            run.batch.ys.pop();
          }
          run.batch.xs.push(x);
          run.batch.ys.push(data.loss);
          lossChart.redraw();
        } else if (type === 'epoch') {
          run.epochs.xs.push(data.epoch);
          run.epochs.valid.push(data.validLoss);
          run.epochs.top1.push(data.top1);
          run.epochs.top5.push(data.top5);
          run.epochs.train.push(data.trainLoss);
          validChart.redraw();
          top1Chart.redraw();
          scheduleTable();
        } else if (type === 'status' || type === 'done') {
          run.status = data.status;
          if (type === 'done') {
            run.stream.close();
            api(`/api/v1/training-jobs/${job.id}`).then((fresh) => {
              run.job = fresh;
              scheduleTable();
            }, () => {});
          }
          scheduleTable();
        }
      },
      onState: (state, error) => {
        if (state === 'failed') problems.append(problemBox(error));
      },
    });
    runs.set(job.id, run);
    parametersOf(job.request).then(scheduleTable);
  }

  async function parametersOf(request) {
    const dataset = datasetsByName.get(request?.dataset);
    if (!request || !dataset?.imageShape || !dataset.classes?.length) return null;
    const size = request.imageSize;
    const key = JSON.stringify([request.architecture, dataset.name, size]);
    if (!parameterCounts.has(key)) {
      const [c, height, width] = dataset.imageShape;
      parameterCounts.set(
        key,
        api('/api/v1/architectures/summary', { method: 'POST', json: { architecture: request.architecture, inputShape: [c, size || height, size || width], numClasses: dataset.classes.length } }).then(
          (s) => s.parameters,
          () => null,
        ),
      );
    }
    return parameterCounts.get(key);
  }

  let tableTimer = 0;
  function scheduleTable() {
    clearTimeout(tableTimer);
    tableTimer = setTimeout(renderTable, 150);
  }

  async function renderTable() {
    const rows = [];
    for (const run of runs.values()) {
      const e = run.epochs;
      const last = e.xs.length - 1;
      const bestAt = e.top1.reduce((best, v, i) => (v > (e.top1[best] ?? -1) ? i : best), 0);
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.background = run.colour;
      rows.push([
        h('span', {}, swatch, ' ', h('a', { href: `#/job/${run.job.id}` }, h('code', {}, fmt.shortId(run.job.id)))),
        architectureName(run.job.request?.architecture),
        run.status,
        String(e.xs.length),
        last >= 0 ? fmt.pct(e.top1[bestAt]) : '—',
        last >= 0 ? fmt.pct(e.top5[bestAt]) : '—',
        last >= 0 ? fmt.pct(e.top1[last]) : '—',
        last >= 0 ? fmt.pct(e.top5[last]) : '—',
        last >= 0 ? fmt.num(e.valid[last]) : '—',
        fmt.seconds(run.job.durationSeconds),
        fmt.int(await parametersOf(run.job.request)),
      ]);
    }
    clear(tableBox).append(
      rows.length
        ? table('Runs', ['run', 'architecture', 'status', 'epochs', 'best top-1', 'top-5 at best', 'last top-1', 'last top-5', 'last valid loss', 'time', 'parameters'], rows, { id: 'compare-runs' })
        : h('p', {}, 'Choose runs above.'),
    );
  }

  function refresh() {
    const list = [...runs.values()];
    const colours = coloursOf([...selected]);
    for (const run of list) run.colour = colours.get(run.job.id);
    for (const swatch of picker.querySelectorAll('.swatch')) {
      const id = swatch.closest('.pick').querySelector('input').value;
      swatch.style.background = colours.get(id) || 'transparent';
    }
    lossChart.setSeries(list.map((r) => ({ label: r.label, colour: r.colour, xs: r.batch.xs, ys: r.batch.ys, smooth: true })));
    validChart.setSeries(list.map((r) => ({ label: r.label, colour: r.colour, xs: r.epochs.xs, ys: r.epochs.valid, points: true })));
    top1Chart.setSeries(list.map((r) => ({ label: r.label, colour: r.colour, xs: r.epochs.xs, ys: r.epochs.top1, points: true })));
    scheduleTable();
  }

  for (const id of selected) {
    const job = candidates.find((j) => j.id === id);
    if (job) startRun(job);
  }
  refresh();

  return () => {
    clearTimeout(tableTimer);
    for (const run of runs.values()) run.stream.close();
    lossChart.destroy();
    validChart.destroy();
    top1Chart.destroy();
  };
}
