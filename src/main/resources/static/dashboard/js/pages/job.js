// One job: live curves from its event stream (replayed from the start, so a reload keeps them),
// its request with every default, the epoch table, checkpoints and cancel.

import { api } from '../api.js';
import { LineChart } from '../charts.js';
import { architectureName, clear, fmt, h, hashQuery, problemBox, progressBar, setHashQuery, table } from '../dom.js';
import { openStream } from '../sse.js';

const ACTIVE = new Set(['QUEUED', 'RUNNING']);
const SMOOTHING = [
  ['0', 'raw'],
  ['0.6', 'EMA 0.6'],
  ['0.9', 'EMA 0.9'],
  ['0.98', 'EMA 0.98'],
];

export async function render(main, [id]) {
  const job = await api(`/api/v1/training-jobs/${encodeURIComponent(id)}`);
  if (job.kind === 'lr-finder') {
    location.replace(`#/lr-finder?job=${encodeURIComponent(id)}`);
    return null;
  }
  const request = job.request || {};
  const query = hashQuery();
  const smoothing = SMOOTHING.some(([value]) => value === query.get('smooth')) ? query.get('smooth') : '0.6';

  const statusBadge = h('span', { id: 'job-status', class: 'badge' });
  const streamState = h('span', { id: 'stream-state', role: 'status', 'aria-live': 'polite' });
  const progress = h('span', { id: 'job-progress' });
  const speed = h('span', { id: 'job-speed' });
  const eta = h('span', { id: 'job-eta' });
  const messages = h('div', { id: 'job-messages' });
  const cancel = h('button', { type: 'button', id: 'cancel-job', onclick: () => cancelJob() }, 'Cancel job');
  const smoothSelect = h(
    'select',
    { id: 'smoothing', onchange: () => setSmoothing(smoothSelect.value) },
    SMOOTHING.map(([value, label]) => h('option', { value, selected: value === smoothing }, label)),
  );
  const lossBox = h('div', { id: 'loss-chart' });
  const accuracyBox = h('div', { id: 'accuracy-chart' });
  const lrBox = h('div', { id: 'lr-chart' });
  const epochsBox = h('div', { id: 'epoch-table' });
  const checkpointsBox = h('div', { id: 'checkpoints' });

  main.append(
    h('h1', {}, 'Job ', h('code', {}, fmt.shortId(job.id)), ' ', statusBadge),
    h(
      'p',
      { class: 'meta' },
      `${architectureName(request.architecture)} on ${request.dataset} · ${request.epochs} epochs · batch ${request.batchSize} · ${request.optimizer} at ${request.learningRate}`,
    ),
    h('div', { class: 'stats' }, h('span', {}, 'Stream: ', streamState), h('span', {}, 'Progress: ', progress), h('span', {}, 'ETA: ', eta), h('span', {}, 'Images/s: ', speed)),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { for: 'smoothing' }, 'Training loss smoothing'),
      smoothSelect,
      cancel,
      h('a', { href: `#/compare?runs=${job.id}`, class: 'button' }, 'Compare with other runs'),
    ),
    messages,
    h('section', { class: 'charts' }, lossBox, accuracyBox, lrBox),
    h('h2', {}, 'Epochs'),
    epochsBox,
    h('h2', {}, 'Checkpoints'),
    checkpointsBox,
    h('h2', {}, 'Request, with every default filled in'),
    h('pre', { id: 'job-request', class: 'json' }, JSON.stringify(request, null, 2)),
  );

  const resizeMarkers = (request.imageSizes || []).filter((s) => s.fromEpoch > 0).map((s) => ({ x: s.fromEpoch, label: `${s.size}px` }));
  const batches = { xs: [], loss: [], lr: [] };
  const epochs = { xs: [], train: [], valid: [], top1: [], top5: [], rows: [] };
  const axis = { xLabel: 'epoch', xRange: [0, request.epochs || 1], markers: () => resizeMarkers };
  const lossChart = new LineChart(lossBox, { title: 'Loss', yLabel: 'loss', ...axis });
  const accuracyChart = new LineChart(accuracyBox, { title: 'Validation accuracy', yLabel: 'accuracy', ...axis });
  const lrChart = new LineChart(lrBox, { title: 'Learning rate', yLabel: 'learning rate', ...axis });
  lossChart.smoothing = Number(smoothing);
  lossChart.setSeries([
    { label: 'training loss (batches)', colour: '#1f6fb2', xs: batches.xs, ys: batches.loss, smooth: true },
    { label: 'training loss (epoch)', colour: '#7aa7d6', xs: epochs.xs, ys: epochs.train, points: true },
    { label: 'validation loss', colour: '#c0392b', xs: epochs.xs, ys: epochs.valid, points: true },
  ]);
  accuracyChart.setSeries([
    { label: 'top-1', colour: '#1e8449', xs: epochs.xs, ys: epochs.top1, points: true },
    { label: 'top-5', colour: '#7d3c98', xs: epochs.xs, ys: epochs.top5, points: true },
  ]);
  lrChart.setSeries([{ label: 'learning rate', colour: '#8a5a00', xs: batches.xs, ys: batches.lr }]);

  let status = job.status;
  const showStatus = (value) => {
    status = value;
    statusBadge.textContent = value;
    statusBadge.dataset.status = value;
    statusBadge.className = `badge status-${value.toLowerCase()}`;
    cancel.hidden = !ACTIVE.has(value);
  };
  showStatus(job.status);
  clear(progress).append(progressBar(job.progress, 'Job progress'));

  function setSmoothing(value) {
    lossChart.setSmoothing(Number(value));
    const params = hashQuery();
    params.set('smooth', value);
    setHashQuery(params);
  }

  function renderEpochs() {
    clear(epochsBox).append(
      epochs.rows.length
        ? table(
            null,
            ['epoch', 'train loss', 'valid loss', 'top-1', 'top-5', 'time', 'images/s'],
            epochs.rows.map((e) => [String(e.epoch), fmt.num(e.trainLoss), fmt.num(e.validLoss), fmt.pct(e.top1), fmt.pct(e.top5), fmt.seconds(e.seconds), fmt.num(e.imagesPerSecond, 4)]),
          )
        : h('p', {}, 'No epoch finished yet.'),
    );
  }

  async function loadCheckpoints() {
    try {
      const list = await api(`/api/v1/checkpoints?jobId=${encodeURIComponent(job.id)}`);
      const items = Array.isArray(list) ? list : list.items || [];
      clear(checkpointsBox).append(
        items.length
          ? table(
              null,
              ['epoch', 'top-1', 'size', 'checkpoint', ''],
              items.map((c) => [
                String(c.epoch),
                fmt.pct(c.top1),
                fmt.bytes(c.sizeBytes),
                h('code', {}, fmt.shortId(c.id)),
                h('span', { class: 'links' }, h('a', { href: `#/evaluate?checkpoint=${c.id}&dataset=${encodeURIComponent(request.dataset)}` }, 'Evaluate'), ' ', h('a', { href: `#/models?checkpoint=${c.id}` }, 'Publish')),
              ]),
            )
          : h('p', {}, 'No checkpoint yet.'),
      );
    } catch (error) {
      clear(checkpointsBox).append(problemBox(error));
    }
  }

  async function cancelJob() {
    cancel.disabled = true;
    try {
      const updated = await api(`/api/v1/training-jobs/${job.id}/cancel`, { method: 'POST' });
      messages.replaceChildren(h('p', { class: 'note', role: 'status' }, updated.status === 'CANCELLED' ? 'Cancelled.' : 'Cancel requested: the job stops at its next batch.'));
    } catch (error) {
      messages.replaceChildren(problemBox(error));
    } finally {
      cancel.disabled = false;
    }
  }

  function onBatch(b) {
    const x = b.epoch - 1 + b.batch / Math.max(1, b.batches);
    // A job resumed after a crash trains its interrupted epoch again: its batches replace the old.
    while (batches.xs.length && batches.xs[batches.xs.length - 1] >= x) {
      batches.xs.pop();
      batches.loss.pop();
      batches.lr.pop();
    }
    batches.xs.push(x);
    batches.loss.push(b.loss);
    batches.lr.push(b.learningRate);
    lossChart.redraw();
    lrChart.redraw();
    clear(progress).append(progressBar(b.progress, 'Job progress'));
    speed.textContent = fmt.num(b.imagesPerSecond, 4);
    eta.textContent = fmt.seconds(b.etaSeconds);
  }

  function onEpoch(e) {
    const at = epochs.rows.findIndex((row) => row.epoch >= e.epoch);
    if (at >= 0) {
      for (const list of [epochs.xs, epochs.train, epochs.valid, epochs.top1, epochs.top5, epochs.rows]) list.length = at;
    }
    epochs.xs.push(e.epoch);
    epochs.train.push(e.trainLoss);
    epochs.valid.push(e.validLoss);
    epochs.top1.push(e.top1);
    epochs.top5.push(e.top5);
    epochs.rows.push(e);
    lossChart.redraw();
    accuracyChart.redraw();
    renderEpochs();
    speed.textContent = fmt.num(e.imagesPerSecond, 4);
  }

  let checkpointTimer = 0;
  const stream = openStream(`/api/v1/training-jobs/${encodeURIComponent(job.id)}/events`, {
    onEvent: ({ type, data }) => {
      if (type === 'batch') onBatch(data);
      else if (type === 'epoch') onEpoch(data);
      else if (type === 'status') showStatus(data.status);
      else if (type === 'checkpoint') {
        clearTimeout(checkpointTimer);
        checkpointTimer = setTimeout(loadCheckpoints, 300);
      } else if (type === 'done') {
        stream.close();
        showStatus(data.status);
        streamState.textContent = `done (${data.status})`;
        streamState.dataset.state = 'done';
        if (data.status === 'SUCCEEDED') clear(progress).append(progressBar(1, 'Job progress'));
        eta.textContent = '—';
        loadCheckpoints();
      }
    },
    onState: (state, detail) => {
      if (streamState.dataset.state === 'done') return;
      streamState.dataset.state = state;
      if (state === 'reconnecting') streamState.textContent = `reconnecting in ${Math.round(detail / 1000) || 1} s…`;
      else if (state === 'failed') {
        streamState.textContent = 'failed';
        messages.replaceChildren(problemBox(detail));
      } else streamState.textContent = state;
    },
  });

  renderEpochs();
  loadCheckpoints();
  if (!ACTIVE.has(status) && job.error) messages.append(problemBox({ problem: { title: status, detail: job.error } }));

  return () => {
    stream.close();
    clearTimeout(checkpointTimer);
    lossChart.destroy();
    accuracyChart.destroy();
    lrChart.destroy();
  };
}
