// Small DOM helpers, formatters and the URL state of a page.

/** h('div', {class: 'x', onclick: fn}, child, 'text', …): an element; null children are skipped. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** A <table> with a caption, header cells and rows of cells (strings or nodes). */
export function table(caption, headers, rows, attributes = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      attributes,
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell))))),
    ),
  );
}

/** A labelled control in a field wrapper with a place for its error message. */
export function field(label, control, { field: name, hint } = {}) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', dataset: { errorFor: name || '' } });
  control.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field', dataset: { field: name || '' } }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null, error);
}

/** Shows a problem detail (or any error) in a box with role=alert. */
export function problemBox(error) {
  const problem = error.problem || { title: 'Error', detail: String(error.message || error) };
  return h(
    'div',
    { class: 'problem', role: 'alert', dataset: { status: problem.status || error.status || '' } },
    h('strong', {}, `${problem.status || error.status || ''} ${problem.title || 'Error'}`.trim()),
    problem.detail ? h('p', {}, problem.detail) : null,
    (problem.errors || []).length ? h('ul', {}, problem.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))) : null,
  );
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

export const fmt = {
  pct: (value) => (value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(2)}%`),
  num: (value, digits = 4) => (value === null || value === undefined || Number.isNaN(Number(value)) ? '—' : Number(value).toPrecision(digits)),
  int: (value) => (value === null || value === undefined ? '—' : Number(value).toLocaleString('en')),
  rate: (value) => (value === null || value === undefined ? '—' : Number(value).toExponential(2)),
  seconds(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '—';
    const s = Math.round(value);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  },
  age(iso) {
    if (!iso) return '—';
    const seconds = (Date.now() - Date.parse(iso)) / 1000;
    if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s ago`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 129600) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} d ago`;
  },
  bytes(value) {
    if (value === null || value === undefined) return '—';
    const units = ['B', 'KB', 'MB', 'GB'];
    let v = value;
    let i = 0;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
  },
  shortId: (id) => (id ? String(id).slice(0, 8) : '—'),
};

/** A job's architecture as text: its name, or "custom" with the spec's blocks. */
export function architectureName(architecture) {
  if (typeof architecture === 'string') return architecture;
  if (architecture && Array.isArray(architecture.blocks)) return `custom [${architecture.blocks.join(',')}]`;
  return '—';
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#637939'];

function hashOf(id) {
  let hash = 2166136261;
  for (const char of String(id)) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/**
 * Colours for runs shown together, in the order given: each run takes its own palette slot (from a
 * hash of its id), or the next free one when an earlier run holds it, so that a run keeps its colour
 * as others come and go, and no two runs share one. Past the palette, hues from the hash.
 */
export function coloursOf(ids) {
  const colours = new Map();
  const used = new Set();
  for (const id of ids) {
    let slot = hashOf(id) % PALETTE.length;
    for (let tries = 0; used.has(slot) && tries < PALETTE.length; tries++) slot = (slot + 1) % PALETTE.length;
    if (used.has(slot)) {
      colours.set(id, `hsl(${((hashOf(id) * 137.508) % 360).toFixed(0)} 70% 42%)`);
      continue;
    }
    used.add(slot);
    colours.set(id, PALETTE[slot]);
  }
  return colours;
}

/** A progress bar with an accessible value. */
export function progressBar(fraction, label) {
  const value = Math.max(0, Math.min(1, fraction || 0));
  const bar = h('progress', { max: '1', value: value.toFixed(4), 'aria-label': label });
  return h('span', { class: 'progress' }, bar, h('span', { class: 'progress-text' }, `${Math.round(value * 100)}%`));
}

/** The page's query parameters, from the part of the hash after '?'. */
export function hashQuery() {
  const hash = location.hash || '';
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** Replaces the hash's query without adding a history entry or re-rendering the page. */
export function setHashQuery(params) {
  const hash = location.hash || '#/';
  const at = hash.indexOf('?');
  const base = at < 0 ? hash : hash.slice(0, at);
  const query = params.toString();
  history.replaceState(null, '', query ? `${base}?${query}` : base);
}
