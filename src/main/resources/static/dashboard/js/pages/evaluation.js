// Evaluate a checkpoint on a dataset split: loss and accuracy, the confusion matrix as a heatmap
// with class names, and per-class accuracy.

import { api } from '../api.js';
import { clear, field, fmt, h, hashQuery, problemBox, setHashQuery } from '../dom.js';

export async function render(main) {
  const query = hashQuery();
  const [checkpoints, datasets] = await Promise.all([api('/api/v1/checkpoints?limit=200'), api('/api/v1/datasets')]);
  const checkpoint = h(
    'select',
    { id: 'eval-checkpoint' },
    checkpoints.map((c) => h('option', { value: c.id, selected: c.id === query.get('checkpoint') }, `${fmt.shortId(c.id)} · job ${fmt.shortId(c.jobId)} · epoch ${c.epoch} · top-1 ${fmt.pct(c.top1)}`)),
  );
  const dataset = h('select', { id: 'eval-dataset' }, datasets.map((d) => h('option', { value: d.name, selected: d.name === (query.get('dataset') || 'fashion-mnist') }, d.name)));
  const split = h('select', { id: 'eval-split' }, ['valid', 'train'].map((s) => h('option', { value: s, selected: s === query.get('split') }, s)));
  const limit = h('input', { id: 'eval-limit', type: 'number', placeholder: 'every image', value: query.get('limitBatches') || '' });
  const output = h('div', { id: 'evaluation' });
  const submit = h('button', { type: 'submit' }, 'Evaluate');
  const form = h(
    'form',
    { id: 'eval-form', novalidate: true, onsubmit: (event) => run(event) },
    h('div', { class: 'grid' }, field('Checkpoint', checkpoint, { field: 'checkpoint' }), field('Dataset', dataset, { field: 'dataset' }), field('Split', split, { field: 'split' }), field('Batches (at most)', limit, { field: 'limitBatches' })),
    h('div', { class: 'actions' }, submit),
  );
  main.append(h('h1', {}, 'Evaluate a checkpoint'), checkpoints.length ? form : h('p', {}, 'No checkpoint yet: train a job first.'), output);

  async function run(event) {
    event.preventDefault();
    for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
    const body = { dataset: dataset.value, split: split.value };
    if (limit.value) body.limitBatches = Number(limit.value);
    setHashQuery(new URLSearchParams({ checkpoint: checkpoint.value, ...body }));
    submit.disabled = true;
    clear(output).append(h('p', { role: 'status' }, 'Evaluating…'));
    try {
      show(await api(`/api/v1/checkpoints/${checkpoint.value}/evaluations`, { method: 'POST', json: body }));
    } catch (error) {
      for (const e of error.fieldErrors || []) {
        const slot = form.querySelector(`.field[data-field="${CSS.escape(e.field)}"] .field-error`);
        if (slot) slot.textContent = e.message;
      }
      clear(output).append(problemBox(error));
    } finally {
      submit.disabled = false;
    }
  }

  function show(result) {
    const labels = result.perClass.map((c) => c.label);
    const matrix = result.confusionMatrix;
    const heat = h('table', { class: 'heatmap', id: 'confusion-matrix' }, h('caption', {}, 'Confusion matrix: rows are the true class, columns the predicted one'));
    heat.append(h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'true \\ predicted'), labels.map((l) => h('th', { scope: 'col', class: 'rot' }, h('span', {}, l))))));
    const body = h('tbody');
    matrix.forEach((row, i) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      const tr = h('tr', {}, h('th', { scope: 'row' }, labels[i]));
      row.forEach((count, j) => {
        const share = count / total;
        const cell = h('td', { title: `${labels[i]} → ${labels[j]}: ${count}` }, String(count));
        cell.style.background = i === j ? `rgba(30, 132, 73, ${0.1 + 0.9 * share})` : `rgba(192, 57, 43, ${share === 0 ? 0 : 0.1 + 0.9 * share})`;
        if (share > 0.55) cell.classList.add('dark');
        tr.append(cell);
      });
      body.append(tr);
    });
    heat.append(body);
    const perClass = h(
      'ul',
      { class: 'bars', id: 'per-class' },
      result.perClass.map((c) => {
        const fill = h('span', { class: 'bar-fill' });
        fill.style.width = `${((c.accuracy ?? 0) * 100).toFixed(1)}%`;
        return h('li', { class: 'bar', dataset: { label: c.label } }, h('span', { class: 'bar-label' }, c.label), h('span', { class: 'bar-track' }, fill), h('span', { class: 'bar-value' }, `${fmt.pct(c.accuracy)} of ${c.count}`));
      }),
    );
    clear(output).append(
      h('p', { class: 'stats' }, `${fmt.int(result.images)} images · loss ${fmt.num(result.loss)} · top-1 ${fmt.pct(result.top1)} · top-5 ${fmt.pct(result.top5)} · ${fmt.seconds(result.seconds)}`),
      h('div', { class: 'table-wrap' }, heat),
      h('h2', {}, 'Per-class accuracy'),
      perClass,
    );
  }
  return null;
}
