// The dashboard's router: each page is a hash URL (#/job/<id>, #/compare?runs=a,b, …) so that it
// can be bookmarked and shared; a page's render() answers a function that stops its streams.

import { h, hashQuery, problemBox } from './dom.js';
import * as jobs from './pages/jobs.js';
import * as job from './pages/job.js';
import * as compare from './pages/compare.js';
import * as lrFinder from './pages/lrfinder.js';
import * as newJob from './pages/newjob.js';
import * as evaluation from './pages/evaluation.js';
import * as models from './pages/models.js';
import * as datasets from './pages/datasets.js';
import * as experiments from './pages/experiments.js';

const ROUTES = [
  [/^\/?(jobs)?$/, jobs, 'jobs'],
  [/^\/job\/([^/]+)$/, job, 'jobs'],
  [/^\/new$/, newJob, 'new'],
  [/^\/compare$/, compare, 'compare'],
  [/^\/lr-finder$/, lrFinder, 'lr-finder'],
  [/^\/evaluate$/, evaluation, 'evaluate'],
  [/^\/models(?:\/([^/]+))?$/, models, 'models'],
  [/^\/datasets$/, datasets, 'datasets'],
  [/^\/experiments(?:\/([^/]+))?$/, experiments, 'experiments'],
];

let cleanup = null;
let lastPath = null;

function currentPath() {
  const hash = location.hash.replace(/^#/, '');
  const at = hash.indexOf('?');
  return at < 0 ? hash : hash.slice(0, at);
}

async function route() {
  const path = currentPath();
  if (path === lastPath && document.getElementById('main').dataset.page) return;
  lastPath = path;
  if (cleanup) {
    try {
      cleanup();
    } catch {
      // a page that failed to render has nothing to stop
    }
    cleanup = null;
  }
  const main = document.getElementById('main');
  main.replaceChildren();
  const match = ROUTES.map(([pattern, page, nav]) => [pattern.exec(path), page, nav]).find(([m]) => m);
  if (!match) {
    main.dataset.page = 'missing';
    main.append(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/jobs' }, 'Go to the jobs')));
    return;
  }
  const [m, page, nav] = match;
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.page === nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.dataset.page = nav;
  try {
    cleanup = (await page.render(main, m.slice(1).map((part) => (part ? decodeURIComponent(part) : part)), hashQuery())) || null;
  } catch (error) {
    main.append(problemBox(error));
  }
}

/** Navigates to another page (a new history entry). */
export function go(hash) {
  location.hash = hash;
}

window.addEventListener('hashchange', () => {
  lastPath = null;
  route();
});
route();
