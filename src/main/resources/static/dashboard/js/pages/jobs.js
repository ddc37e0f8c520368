// Every job, newest first, filtered by status. Up to three active jobs are followed over their
// event streams for live progress and ETA; the list itself is read again when one of them changes
// status, and otherwise every 20 s while the tab is visible.

import { api } from '../api.js';
import { architectureName, clear, fmt, h, hashQuery, problemBox, progressBar, setHashQuery, table } from '../dom.js';
import { StreamPool } from '../sse.js';

const STATUSES = ['', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export async function render(main) {
  const query = hashQuery();
  const filter = h(
    'select',
    { id: 'status-filter', onchange: () => changeFilter() },
    STATUSES.map((s) => h('option', { value: s, selected: s === (query.get('status') || '') }, s || 'all')),
  );
  const listBox = h('div', { id: 'jobs-list' });
  main.append(
    h('h1', {}, 'Jobs'),
    h('div', { class: 'toolbar' }, h('label', { for: 'status-filter' }, 'Status'), filter, h('a', { href: '#/new', class: 'button' }, 'New job'), h('a', { href: '#/lr-finder', class: 'button' }, 'Find a learning rate')),
    listBox,
  );

  const pool = new StreamPool(3);
  const followed = new Map();
  const live = new Map();
  let timer = 0;
  let loading = false;

  function changeFilter() {
    const params = hashQuery();
    if (filter.value) params.set('status', filter.value);
    else params.delete('status');
    setHashQuery(params);
    load();
  }

  function follow(jobs) {
    const wanted = new Set(jobs.filter((j) => j.status === 'RUNNING' || j.status === 'QUEUED').slice(0, 3).map((j) => j.id));
    for (const [id, stream] of followed) {
      if (!wanted.has(id)) {
        stream.close();
        followed.delete(id);
      }
    }
    for (const id of wanted) {
      if (followed.has(id)) continue;
      followed.set(
        id,
        pool.openStream(`/api/v1/training-jobs/${id}/events`, {
          onEvent: ({ type, data }) => {
            if (type === 'batch') {
              live.set(id, data);
              const row = listBox.querySelector(`tr[data-job="${id}"]`);
              if (row) {
                clear(row.querySelector('.col-progress')).append(progressBar(data.progress, `Progress of ${fmt.shortId(id)}`));
                row.querySelector('.col-eta').textContent = fmt.seconds(data.etaSeconds);
              }
            } else if (type === 'status' || type === 'done') {
              if (type === 'done') {
                followed.get(id)?.close();
                followed.delete(id);
              }
              scheduleLoad(300);
            }
          },
        }),
      );
    }
  }

  async function load() {
    if (loading) return;
    loading = true;
    try {
      const status = filter.value ? `&status=${filter.value}` : '';
      const page = await api(`/api/v1/training-jobs?size=100${status}`);
      const rows = page.items.map((job) => {
        const request = job.request || job.lrFinderRequest || {};
        const latest = live.get(job.id);
        const link = job.kind === 'lr-finder' ? `#/lr-finder?job=${job.id}` : `#/job/${job.id}`;
        return [
          h('a', { href: link }, h('code', {}, fmt.shortId(job.id))),
          job.kind,
          h('span', { class: `badge status-${job.status.toLowerCase()}` }, job.status),
          architectureName(request.architecture),
          request.dataset || '—',
          h('span', { class: 'col-progress' }, progressBar(latest ? latest.progress : job.progress, `Progress of ${fmt.shortId(job.id)}`)),
          h('span', { class: 'col-eta' }, latest && job.status === 'RUNNING' ? fmt.seconds(latest.etaSeconds) : '—'),
          fmt.pct(job.bestMetrics?.top1),
          fmt.age(job.createdAt),
        ];
      });
      const view = table(`${page.total} job(s)`, ['job', 'kind', 'status', 'architecture', 'dataset', 'progress', 'ETA', 'best top-1', 'age'], rows, { id: 'jobs-table' });
      view.querySelectorAll('tbody tr').forEach((tr, i) => {
        tr.dataset.job = page.items[i].id;
      });
      clear(listBox).append(page.items.length ? view : h('p', {}, 'No jobs yet. ', h('a', { href: '#/new' }, 'Submit one.')));
      follow(page.items);
    } catch (error) {
      clear(listBox).append(problemBox(error));
    } finally {
      loading = false;
      scheduleLoad(20000);
    }
  }

  function scheduleLoad(ms) {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (document.visibilityState === 'visible') load();
      else scheduleLoad(ms);
    }, ms);
  }

  await load();
  return () => {
    clearTimeout(timer);
    for (const stream of followed.values()) stream.close();
  };
}
