// Datasets: the list with classes and sizes, an archive upload with a progress bar, and downloads
// followed live over their event streams.

import { api, upload } from '../api.js';
import { clear, field, fmt, h, problemBox, progressBar, table } from '../dom.js';
import { StreamPool } from '../sse.js';

export async function render(main) {
  const listBox = h('div', { id: 'datasets-list' });
  const downloadsBox = h('div', { id: 'downloads' });
  const name = h('input', { id: 'upload-name', type: 'text', placeholder: 'shapes', required: true });
  const archive = h('input', { id: 'upload-archive', type: 'file', accept: '.zip,.tar,.tar.gz,.tgz', required: true });
  const uploadProgress = h('div', { id: 'upload-progress' });
  const uploadResult = h('div', { id: 'upload-result' });
  const form = h(
    'form',
    { id: 'upload-form', novalidate: true, onsubmit: (event) => send(event) },
    h('div', { class: 'grid' }, field('Name', name, { field: 'name' }), field('Archive (zip, tar, tar.gz of class folders)', archive, { field: 'archive' })),
    uploadProgress,
    uploadResult,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'upload-submit' }, 'Upload')),
  );
  main.append(h('h1', {}, 'Datasets'), listBox, downloadsBox, h('h2', {}, 'Upload an archive'), form);

  const pool = new StreamPool(2);
  const streams = new Map();

  async function load() {
    try {
      const datasets = await api('/api/v1/datasets');
      clear(listBox).append(
        table(
          null,
          ['name', 'status', 'kind', 'classes', 'image', 'train', 'valid', ''],
          datasets.map((d) => [
            h('strong', {}, d.name),
            d.status,
            d.kind || '—',
            d.classes?.length ? h('details', {}, h('summary', {}, `${d.classes.length} classes`), d.classes.join(', ')) : '—',
            d.imageShape ? d.imageShape.join('×') : '—',
            fmt.int(d.trainSize),
            fmt.int(d.validSize),
            d.status === 'downloadable' ? h('button', { type: 'button', onclick: () => download(d.name) }, `Download ${d.name}`) : '',
          ]),
          { id: 'datasets-table' },
        ),
      );
      for (const d of datasets) if (d.status === 'downloading') follow(d.name);
    } catch (error) {
      clear(listBox).append(problemBox(error));
    }
  }

  async function download(dataset) {
    try {
      await api(`/api/v1/datasets/${encodeURIComponent(dataset)}/download`, { method: 'POST' });
      follow(dataset);
    } catch (error) {
      downloadsBox.append(problemBox(error));
    }
  }

  function follow(dataset) {
    if (streams.has(dataset)) return;
    const phase = h('span', { class: 'phase' }, 'queued');
    const bar = h('span', {}, progressBar(0, `Download of ${dataset}`));
    const detail = h('span', { class: 'meta' });
    const box = h('div', { class: 'download', dataset: { name: dataset } }, h('strong', {}, dataset), ' ', phase, ' ', bar, ' ', detail);
    downloadsBox.append(box);
    const stream = pool.openStream(`/api/v1/datasets/${encodeURIComponent(dataset)}/download/events`, {
      onEvent: ({ type, data }) => {
        if (type === 'phase') phase.textContent = data.phase;
        else if (type === 'progress') {
          clear(bar).append(progressBar((data.percent ?? 0) / 100, `Download of ${dataset}`));
          detail.textContent = `${fmt.bytes(data.bytes)} of ${fmt.bytes(data.total)} · ${fmt.bytes(data.bytesPerSecond)}/s · ETA ${fmt.seconds(data.etaSeconds)}`;
        } else if (type === 'decode') {
          clear(bar).append(progressBar((data.percent ?? 0) / 100, `Decoding of ${dataset}`));
          detail.textContent = `${fmt.int(data.images)} of ${fmt.int(data.total)} images decoded`;
        } else if (type === 'done' || type === 'failed') {
          stream.close();
          streams.delete(dataset);
          phase.textContent = type === 'done' ? 'done' : 'failed';
          if (type === 'failed') box.append(problemBox({ problem: { title: 'Download failed', detail: data.reason } }));
          load();
        }
      },
      onState: (state, error) => {
        if (state === 'reconnecting') phase.textContent = 'reconnecting…';
        if (state === 'failed') box.append(problemBox(error));
      },
    });
    streams.set(dataset, stream);
  }

  async function send(event) {
    event.preventDefault();
    clear(uploadResult);
    for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
    if (!archive.files.length) {
      form.querySelector('.field[data-field="archive"] .field-error').textContent = 'Choose an archive';
      return;
    }
    const data = new FormData();
    data.append('name', name.value.trim());
    data.append('archive', archive.files[0]);
    clear(uploadProgress).append(progressBar(0, 'Upload'));
    try {
      const created = await upload('/api/v1/datasets', data, (fraction) => clear(uploadProgress).append(progressBar(fraction, 'Upload')));
      clear(uploadProgress).append(progressBar(1, 'Upload'));
      uploadResult.append(h('p', { role: 'status' }, `${created.name}: ${created.classes?.length ?? 0} classes, ${fmt.int(created.trainSize)} training and ${fmt.int(created.validSize)} validation images.`));
      load();
    } catch (error) {
      for (const e of error.fieldErrors || []) {
        const slot = form.querySelector(`.field[data-field="${CSS.escape(e.field)}"] .field-error`);
        if (slot) slot.textContent = e.message;
      }
      uploadResult.append(problemBox(error));
    }
  }

  await load();
  return () => {
    for (const stream of streams.values()) stream.close();
  };
}
