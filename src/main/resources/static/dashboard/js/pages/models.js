// Models and their versions (activate, roll back), publishing a checkpoint, and the playground:
// drop or pick images and see each one's top-5 as labelled probability bars.

import { api } from '../api.js';
import { clear, field, fmt, h, hashQuery, problemBox, table } from '../dom.js';

export async function render(main, [name]) {
  return name ? renderModel(main, name) : renderList(main);
}

async function renderList(main) {
  const query = hashQuery();
  const listBox = h('div', { id: 'models-list' });
  const result = h('div', { id: 'publish-result' });
  const modelName = h('input', { id: 'publish-name', type: 'text', required: true, placeholder: 'fashion' });
  const checkpoint = h('select', { id: 'publish-checkpoint' });
  const activate = h('input', { id: 'publish-activate', type: 'checkbox' });
  const form = h(
    'form',
    { id: 'publish-form', novalidate: true, onsubmit: (event) => publish(event) },
    h('div', { class: 'grid' }, field('Model name', modelName, { field: 'name' }), field('Checkpoint', checkpoint, { field: 'checkpointId' })),
    h('div', { class: 'check' }, activate, h('label', { for: 'publish-activate' }, 'Activate it (a first version always is)')),
    result,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Publish version')),
  );
  main.append(h('h1', {}, 'Models'), listBox, h('h2', {}, 'Publish a checkpoint'), form);

  const [models, checkpoints] = await Promise.all([api('/api/v1/models'), api('/api/v1/checkpoints?limit=200').catch(() => [])]);
  clear(listBox).append(
    models.length
      ? table(
          null,
          ['model', 'active version', 'versions', 'updated'],
          models.map((m) => [h('a', { href: `#/models/${encodeURIComponent(m.name)}` }, m.name), m.activeVersion ?? '—', String(m.versions), fmt.age(m.updatedAt)]),
          { id: 'models-table' },
        )
      : h('p', {}, 'No model yet: publish a checkpoint below, or train a job with "Publish as model".'),
  );
  const wanted = query.get('checkpoint');
  checkpoint.append(
    ...checkpoints.map((c) => h('option', { value: c.id, selected: c.id === wanted }, `${fmt.shortId(c.id)} · job ${fmt.shortId(c.jobId)} · epoch ${c.epoch} · top-1 ${fmt.pct(c.top1)}`)),
  );

  async function publish(event) {
    event.preventDefault();
    for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
    clear(result);
    try {
      const version = await api('/api/v1/models', { method: 'POST', json: { name: modelName.value.trim(), checkpointId: checkpoint.value, activate: activate.checked || undefined } });
      location.hash = `#/models/${encodeURIComponent(version.model)}`;
    } catch (error) {
      for (const e of error.fieldErrors || []) {
        const slot = form.querySelector(`.field[data-field="${CSS.escape(e.field)}"] .field-error`);
        if (slot) slot.textContent = e.message;
      }
      result.append(problemBox(error));
    }
  }
  return null;
}

async function renderModel(main, name) {
  const path = `/api/v1/models/${encodeURIComponent(name)}`;
  const versionsBox = h('div', { id: 'versions' });
  const messages = h('div', { id: 'model-messages' });
  const files = h('input', { id: 'playground-files', type: 'file', multiple: true, accept: 'image/png,image/jpeg', class: 'visually-hidden' });
  const tta = h('input', { id: 'tta', type: 'checkbox' });
  const zone = h(
    'div',
    { id: 'drop-zone', class: 'drop-zone', tabindex: '0', role: 'button', 'aria-label': 'Drop images here, or press Enter to choose files' },
    h('p', {}, 'Drop PNG or JPEG images here'),
    h('p', {}, h('label', { for: 'playground-files', class: 'button' }, 'or choose files'), files),
  );
  const results = h('div', { id: 'predictions', class: 'predictions', 'aria-live': 'polite' });
  const header = h('p', { class: 'meta', id: 'model-meta' });
  main.append(
    h('h1', {}, 'Model ', h('code', {}, name)),
    header,
    messages,
    h('h2', {}, 'Versions'),
    versionsBox,
    h('h2', {}, 'Playground'),
    h('div', { class: 'check' }, tta, h('label', { for: 'tta' }, 'Test-time augmentation (average with the mirror image)')),
    zone,
    results,
  );

  async function load() {
    const model = await api(path);
    header.textContent = `Active version ${model.activeVersion ?? '—'} · serving: ${model.serving} · ${model.classes?.length ?? 0} classes · input ${JSON.stringify(model.inputShape)}`;
    clear(versionsBox).append(
      table(
        null,
        ['version', 'checkpoint', 'job', 'epoch', 'top-1', 'created', ''],
        model.versions.map((v) => [
          String(v.version),
          h('code', {}, fmt.shortId(v.checkpointId)),
          v.jobId ? h('a', { href: `#/job/${v.jobId}` }, fmt.shortId(v.jobId)) : '—',
          String(v.epoch ?? '—'),
          fmt.pct(v.metrics?.top1),
          fmt.age(v.createdAt),
          v.active
            ? h('strong', {}, 'active')
            : h('button', { type: 'button', onclick: () => activate(v.version) }, v.version < (model.activeVersion ?? 0) ? `Roll back to v${v.version}` : `Activate v${v.version}`),
        ]),
        { id: 'versions-table' },
      ),
    );
  }

  async function activate(version) {
    clear(messages).append(h('p', { role: 'status' }, `Activating version ${version}…`));
    try {
      await api(`${path}/versions/${version}/activate`, { method: 'POST' });
      clear(messages).append(h('p', { role: 'status' }, `Version ${version} is active.`));
      await load();
    } catch (error) {
      clear(messages).append(problemBox(error));
    }
  }

  const previews = [];
  async function predict(list) {
    const images = [...list].filter((f) => f.type === 'image/png' || f.type === 'image/jpeg' || /\.(png|jpe?g)$/i.test(f.name));
    if (!images.length) {
      clear(results).append(problemBox({ problem: { title: 'No image', detail: 'Drop PNG or JPEG files.' } }));
      return;
    }
    const form = new FormData();
    for (const image of images) form.append('images', image, image.name);
    clear(results).append(h('p', { role: 'status' }, `Predicting ${images.length} image(s)…`));
    try {
      const answer = await api(`${path}/predictions?topK=5&tta=${tta.checked}`, { method: 'POST', body: form });
      previews.splice(0).forEach((url) => URL.revokeObjectURL(url));
      clear(results);
      results.dataset.version = answer.version;
      for (const prediction of answer.predictions) {
        const image = images[prediction.index];
        const url = URL.createObjectURL(image);
        previews.push(url);
        results.append(
          h(
            'figure',
            { class: 'prediction', dataset: { index: prediction.index } },
            h('img', { src: url, alt: image.name, width: '96', height: '96' }),
            h(
              'figcaption',
              {},
              h('span', { class: 'file-name' }, image.name),
              h(
                'ol',
                { class: 'bars', 'aria-label': `Top ${prediction.classes.length} for ${image.name}` },
                prediction.classes.map((c) => {
                  const fill = h('span', { class: 'bar-fill' });
                  fill.style.width = `${(c.probability * 100).toFixed(1)}%`;
                  return h(
                    'li',
                    { class: 'bar', dataset: { label: c.label, probability: c.probability } },
                    h('span', { class: 'bar-label' }, c.label),
                    h('span', { class: 'bar-track' }, fill),
                    h('span', { class: 'bar-value' }, fmt.pct(c.probability)),
                  );
                }),
              ),
            ),
          ),
        );
      }
      results.append(h('p', { class: 'meta' }, `version ${answer.version} · TTA ${answer.tta ? 'on' : 'off'} · ${fmt.num(answer.timings?.totalMs, 3)} ms`));
    } catch (error) {
      clear(results).append(problemBox(error));
    }
  }

  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    predict(event.dataTransfer.files);
  });
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      files.click();
    }
  });
  files.addEventListener('change', () => predict(files.files));

  await load();
  return () => previews.forEach((url) => URL.revokeObjectURL(url));
}
