// The new-job form: architectures from the API, a custom-spec editor, the parameter and
// multiply-accumulate count before submitting, and each 400 problem detail next to its field.

import { api } from '../api.js';
import { clear, field, fmt, h, problemBox } from '../dom.js';

const CUSTOM = '__custom__';
const NUMBERS = [
  ['epochs', 'Epochs', { min: 1, max: 1000, value: '5' }],
  ['batchSize', 'Batch size', { min: 1, max: 1024, placeholder: 'default 128' }],
  ['learningRate', 'Peak learning rate', { step: 'any', placeholder: 'default for the optimizer' }],
  ['weightDecay', 'Weight decay', { step: 'any', placeholder: 'default for the optimizer' }],
  ['labelSmoothing', 'Label smoothing', { step: 'any', placeholder: 'default 0.1' }],
  ['mixup', 'MixUp alpha', { step: 'any', placeholder: 'default 0 (off)' }],
  ['imageSize', 'Image size (px)', { placeholder: "the dataset's own" }],
  ['limitTrainBatches', 'Training batches per epoch', { placeholder: 'all' }],
  ['limitValidBatches', 'Validation batches per epoch', { placeholder: 'all' }],
  ['keepCheckpoints', 'Checkpoints kept', { placeholder: 'default 3' }],
  ['seed', 'Seed', { placeholder: 'drawn at submission' }],
];
const EXAMPLE_SPEC = { stem: [16, 16, 32], widths: [32, 64, 128], blocks: [1, 1, 1], block: 'basic', head: 'avgpool', residual: true };

export async function render(main, _params, query) {
  const [architectures, datasets] = await Promise.all([api('/api/v1/architectures'), api('/api/v1/datasets')]);
  const general = h('div', { id: 'form-problem' });
  const summary = h('div', { id: 'summary', class: 'summary', role: 'status', 'aria-live': 'polite' }, 'Choose a dataset and an architecture.');

  const dataset = h(
    'select',
    { id: 'dataset', name: 'dataset' },
    datasets.map((d) => h('option', { value: d.name, selected: d.name === (query.get('dataset') || 'fashion-mnist') }, `${d.name} (${d.status})`)),
  );
  const querySpec = query.get('spec');
  const architecture = h(
    'select',
    { id: 'architecture', name: 'architecture' },
    architectures.map((a) => h('option', { value: a.name, selected: a.name === query.get('architecture') }, `${a.name} (${a.block}, ${a.blocksPerStage.join('-')})`)),
    h('option', { value: CUSTOM, selected: !!querySpec }, 'custom spec (JSON)'),
  );
  const spec = h('textarea', { id: 'spec', name: 'spec', rows: '6', spellcheck: 'false' }, querySpec || JSON.stringify(EXAMPLE_SPEC, null, 1));
  const specField = field('Custom spec (JSON)', spec, { field: 'architecture', hint: 'stem, widths, blocks (required), block: basic | bottleneck, head: avgpool | flatten, residual' });
  const optimizer = h(
    'select',
    { id: 'optimizer', name: 'optimizer' },
    ['', 'nesterov', 'sgd', 'adamw'].map((o) => h('option', { value: o, selected: o === (query.get('optimizer') || '') }, o || 'default (nesterov)')),
  );
  const schedule = h(
    'select',
    { id: 'schedule', name: 'schedule' },
    ['', 'one-cycle', 'cosine', 'constant'].map((o) => h('option', { value: o, selected: o === (query.get('schedule') || '') }, o || 'default (one-cycle)')),
  );
  const numbers = NUMBERS.map(([name, label, attributes]) => {
    const input = h('input', { id: name, name, type: 'number', inputmode: 'decimal', ...attributes });
    if (query.has(name)) input.value = query.get(name);
    return field(label, input, { field: name });
  });
  const publishAs = h('input', { id: 'publishAs', name: 'publishAs', type: 'text', placeholder: 'none', value: query.get('publishAs') || '' });
  const extra = h('textarea', { id: 'extra', name: 'extra', rows: '3', spellcheck: 'false', placeholder: '{"imageSizes": [{"fromEpoch": 0, "size": 20}, {"fromEpoch": 3, "size": 28}], "augment": {"crop": "pad"}}' }, query.get('extra') || '');
  const submit = h('button', { type: 'submit', id: 'submit-job' }, 'Submit job');

  const form = h(
    'form',
    { id: 'new-job', novalidate: true, onsubmit: (event) => submitJob(event) },
    h('div', { class: 'grid' }, field('Dataset', dataset, { field: 'dataset' }), field('Architecture', architecture, { field: 'architecture' })),
    specField,
    h('div', { class: 'grid' }, field('Optimizer', optimizer, { field: 'optimizer' }), field('Schedule', schedule, { field: 'schedule' }), ...numbers, field('Publish as model', publishAs, { field: 'publishAs' })),
    field('Other request fields (JSON object)', extra, { field: '*', hint: 'Any other field of the job request, e.g. imageSizes, augment, pctStart, divFactor' }),
    summary,
    general,
    h('div', { class: 'actions' }, submit),
  );
  main.append(h('h1', {}, 'New training job'), form);

  const showSpec = () => {
    specField.hidden = architecture.value !== CUSTOM;
  };
  showSpec();

  function clearErrors() {
    for (const error of form.querySelectorAll('.field-error')) error.textContent = '';
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    clear(general);
  }

  /** The request as the form states it; throws a field error for JSON that does not parse. */
  function request() {
    const body = {};
    let extras = {};
    if (extra.value.trim()) {
      try {
        extras = JSON.parse(extra.value);
      } catch (error) {
        throw { fieldErrors: [{ field: '*', message: `not JSON: ${error.message}` }] };
      }
    }
    Object.assign(body, extras);
    body.dataset = dataset.value;
    if (architecture.value === CUSTOM) {
      try {
        body.architecture = JSON.parse(spec.value);
      } catch (error) {
        throw { fieldErrors: [{ field: 'architecture', message: `the spec is not JSON: ${error.message}` }] };
      }
    } else body.architecture = architecture.value;
    for (const [name] of NUMBERS) {
      const value = form.elements[name].value.trim();
      if (value !== '') body[name] = Number(value);
    }
    if (optimizer.value) body.optimizer = optimizer.value;
    if (schedule.value) body.schedule = schedule.value;
    if (publishAs.value.trim()) body.publishAs = publishAs.value.trim();
    return { body, extras };
  }

  function showFieldErrors(errors, extras = {}) {
    const names = [...form.querySelectorAll('.field')].map((f) => f.dataset.field).filter((n) => n && n !== '*');
    const unplaced = [];
    for (const error of errors) {
      const name = String(error.field || '');
      const root = name.split(/[.[]/)[0];
      let target = names.filter((n) => name === n || name.startsWith(`${n}.`) || name.startsWith(`${n}[`)).sort((a, b) => b.length - a.length)[0];
      if (!target && (name === '*' || root in extras)) target = '*';
      if (target === 'architecture' && architecture.value === CUSTOM) target = 'spec';
      const wrapper = target === 'spec' ? specField : target ? form.querySelector(`.field[data-field="${CSS.escape(target)}"]`) : null;
      if (!wrapper) {
        unplaced.push(error);
        continue;
      }
      const slot = wrapper.querySelector('.field-error');
      slot.textContent = slot.textContent ? `${slot.textContent}; ${name}: ${error.message}` : `${name === target || target === '*' ? '' : `${name}: `}${error.message}`;
      const control = wrapper.querySelector('input, select, textarea');
      if (control) control.setAttribute('aria-invalid', 'true');
    }
    return unplaced;
  }

  let summaryTimer = 0;
  let summaryCall = 0;
  async function updateSummary() {
    const call = ++summaryCall;
    const chosen = datasets.find((d) => d.name === dataset.value);
    if (!chosen || !chosen.imageShape || !chosen.classes?.length) {
      summary.textContent = 'The dataset has no shape or classes yet (download it first).';
      return;
    }
    let architectureValue;
    try {
      architectureValue = architecture.value === CUSTOM ? JSON.parse(spec.value) : architecture.value;
    } catch (error) {
      summary.textContent = `The spec is not JSON yet: ${error.message}`;
      return;
    }
    const size = Number(form.elements.imageSize.value) || null;
    const [channels, height, width] = chosen.imageShape;
    summary.textContent = 'Counting parameters…';
    try {
      const result = await api('/api/v1/architectures/summary', {
        method: 'POST',
        json: { architecture: architectureValue, inputShape: [channels, size || height, size || width], numClasses: chosen.classes.length },
      });
      if (call !== summaryCall) return;
      summary.dataset.parameters = result.parameters;
      summary.dataset.macs = result.multiplyAccumulates;
      summary.replaceChildren(
        h('strong', {}, `${fmt.int(result.parameters)} parameters`),
        ` · ${fmt.int(result.multiplyAccumulates)} multiply-accumulates per image · ${result.layers.length} layers · output ${JSON.stringify(result.outputShape)}`,
      );
    } catch (error) {
      if (call !== summaryCall) return;
      delete summary.dataset.parameters;
      summary.replaceChildren(problemBox(error));
    }
  }
  const scheduleSummary = () => {
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(updateSummary, 350);
  };
  architecture.addEventListener('change', () => {
    showSpec();
    scheduleSummary();
  });
  for (const control of [dataset, spec, form.elements.imageSize]) control.addEventListener('input', scheduleSummary);
  dataset.addEventListener('change', scheduleSummary);
  updateSummary();

  async function submitJob(event) {
    event.preventDefault();
    clearErrors();
    let built;
    try {
      built = request();
    } catch (error) {
      showFieldErrors(error.fieldErrors);
      return;
    }
    submit.disabled = true;
    try {
      const job = await api('/api/v1/training-jobs', { method: 'POST', json: built.body });
      location.hash = `#/job/${job.id}`;
    } catch (error) {
      const unplaced = showFieldErrors(error.fieldErrors || [], built.extras);
      general.replaceChildren(problemBox(error.fieldErrors?.length && !unplaced.length ? { problem: { ...error.problem, errors: [] }, status: error.status } : error));
      const firstInvalid = form.querySelector('[aria-invalid="true"]');
      if (firstInvalid) firstInvalid.focus();
    } finally {
      submit.disabled = false;
    }
  }

  return () => clearTimeout(summaryTimer);
}
