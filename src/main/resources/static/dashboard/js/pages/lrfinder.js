// fastai's lr_find as a page: start a sweep, watch loss against learning rate on a log axis,
// see the suggested rates and open the new-job form with one of them.

import { api } from '../api.js';
import { LineChart } from '../charts.js';
import { architectureName, clear, field, fmt, h, hashQuery, problemBox, table } from '../dom.js';
import { openStream } from '../sse.js';

export async function render(main) {
  const id = hashQuery().get('job');
  return id ? renderSweep(main, id) : renderStart(main);
}

async function renderStart(main) {
  const [architectures, datasets, page] = await Promise.all([api('/api/v1/architectures'), api('/api/v1/datasets'), api('/api/v1/training-jobs?size=100')]);
  const dataset = h('select', { id: 'lr-dataset' }, datasets.map((d) => h('option', { value: d.name, selected: d.name === 'fashion-mnist' }, d.name)));
  const architecture = h('select', { id: 'lr-architecture' }, architectures.map((a) => h('option', { value: a.name }, a.name)));
  const batchSize = h('input', { id: 'lr-batch', type: 'number', placeholder: 'default 128' });
  const iterations = h('input', { id: 'lr-iterations', type: 'number', placeholder: 'default 100' });
  const optimizer = h('select', { id: 'lr-optimizer' }, ['', 'nesterov', 'sgd', 'adamw'].map((o) => h('option', { value: o }, o || 'default (nesterov)')));
  const problems = h('div', { id: 'lr-problem' });
  const form = h(
    'form',
    { id: 'lr-form', novalidate: true, onsubmit: (event) => start(event) },
    h('div', { class: 'grid' }, field('Dataset', dataset, { field: 'dataset' }), field('Architecture', architecture, { field: 'architecture' }), field('Batch size', batchSize, { field: 'batchSize' }), field('Iterations', iterations, { field: 'numIterations' }), field('Optimizer', optimizer, { field: 'optimizer' })),
    problems,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Start sweep')),
  );
  const sweeps = page.items.filter((j) => j.kind === 'lr-finder');
  main.append(
    h('h1', {}, 'Learning-rate finder'),
    form,
    h('h2', {}, 'Sweeps'),
    sweeps.length
      ? table(null, ['sweep', 'status', 'architecture', 'dataset', 'suggested', 'age'], sweeps.map((j) => [h('a', { href: `#/lr-finder?job=${j.id}` }, h('code', {}, fmt.shortId(j.id))), j.status, architectureName(j.lrFinderRequest?.architecture), j.lrFinderRequest?.dataset, fmt.rate(j.lrFinder?.suggestedLearningRate), fmt.age(j.createdAt)]))
      : h('p', {}, 'No sweep yet.'),
  );

  async function start(event) {
    event.preventDefault();
    for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
    clear(problems);
    const body = { dataset: dataset.value, architecture: architecture.value };
    if (batchSize.value) body.batchSize = Number(batchSize.value);
    if (iterations.value) body.numIterations = Number(iterations.value);
    if (optimizer.value) body.optimizer = optimizer.value;
    try {
      const job = await api('/api/v1/lr-finder', { method: 'POST', json: body });
      location.hash = `#/lr-finder?job=${job.id}`;
    } catch (error) {
      for (const e of error.fieldErrors || []) {
        const slot = form.querySelector(`.field[data-field="${CSS.escape(String(e.field).split('.')[0])}"] .field-error`);
        if (slot) slot.textContent = e.message;
      }
      problems.append(problemBox(error));
    }
  }
  return null;
}

async function renderSweep(main, id) {
  const job = await api(`/api/v1/training-jobs/${encodeURIComponent(id)}`);
  const request = job.lrFinderRequest || {};
  const state = h('span', { id: 'lr-state', role: 'status' });
  const chartBox = h('div', { id: 'lr-curve' });
  const suggestions = h('div', { id: 'lr-suggestions' });
  main.append(
    h('h1', {}, 'LR finder ', h('code', {}, fmt.shortId(job.id))),
    h('p', { class: 'meta' }, `${architectureName(request.architecture)} on ${request.dataset} · ${request.optimizer} · batch ${request.batchSize} · ${request.startLr} → ${request.endLr} over ${request.numIterations} iterations · `, state),
    h('section', { class: 'charts' }, chartBox),
    suggestions,
  );
  const points = { xs: [], ys: [] };
  let markers = [];
  const chart = new LineChart(chartBox, { title: 'Smoothed loss against learning rate', xLabel: 'learning rate', yLabel: 'loss', logX: true, markers: () => markers, height: 300 });
  chart.setSeries([{ label: 'smoothed loss', colour: '#1f6fb2', xs: points.xs, ys: points.ys }]);

  const trainLink = (rate) => {
    const params = new URLSearchParams({ dataset: request.dataset, learningRate: String(Number(rate.toPrecision(2))) });
    if (typeof request.architecture === 'string') params.set('architecture', request.architecture);
    else params.set('spec', JSON.stringify(request.architecture));
    if (request.optimizer) params.set('optimizer', request.optimizer);
    if (request.batchSize) params.set('batchSize', String(request.batchSize));
    return `#/new?${params}`;
  };

  function showResult(result) {
    points.xs.length = 0;
    points.ys.length = 0;
    for (const p of result.points || []) {
      points.xs.push(p.learningRate);
      points.ys.push(p.loss);
    }
    markers = [
      { x: result.suggestedLearningRate, label: `valley ${fmt.rate(result.suggestedLearningRate)}` },
      { x: result.minimumLearningRate, label: `minimum/10 ${fmt.rate(result.minimumLearningRate)}` },
    ].filter((m) => Number.isFinite(m.x));
    chart.redraw();
    clear(suggestions).append(
      h('h2', {}, 'Suggestions'),
      h(
        'ul',
        { class: 'suggestions' },
        h('li', {}, `Valley: ${fmt.rate(result.suggestedLearningRate)} `, h('a', { class: 'button', id: 'train-suggested', href: trainLink(result.suggestedLearningRate) }, 'Train with this rate')),
        h('li', {}, `Minimum / 10: ${fmt.rate(result.minimumLearningRate)} `, h('a', { class: 'button', href: trainLink(result.minimumLearningRate) }, 'Train with this rate')),
      ),
      h('p', { class: 'meta' }, `${result.iterations} iterations, stopped: ${result.stopReason}, ${fmt.seconds(result.seconds)}`),
    );
  }

  const stream = openStream(`/api/v1/training-jobs/${encodeURIComponent(job.id)}/events`, {
    onEvent: ({ type, data }) => {
      if (type === 'batch') {
        if (points.xs.length && data.learningRate <= points.xs[points.xs.length - 1]) return;
        points.xs.push(data.learningRate);
        points.ys.push(data.smoothedLoss ?? data.loss);
        chart.redraw();
      } else if (type === 'status') state.textContent = data.status;
      else if (type === 'done') {
        stream.close();
        state.textContent = data.status;
        if (data.points) showResult(data);
        else if (job.lrFinder) showResult(job.lrFinder);
      }
    },
    onState: (s, detail) => {
      if (s === 'failed') suggestions.append(problemBox(detail));
      else if (s === 'reconnecting') state.textContent = 'reconnecting…';
    },
  });
  return () => {
    stream.close();
    chart.destroy();
  };
}
