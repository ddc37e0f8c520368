// Calls to the Residual API: bearer token from sessionStorage, problem details as ApiError.

const TOKEN_KEY = 'residual.token';
let pendingPrompt = null;

/** A failed call: the HTTP status and its RFC 9457 problem detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** [{field, message}] when the service named the offending fields. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

export function authHeaders(headers = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { ...headers, Authorization: `Bearer ${token}` } : headers;
}

/** Reads a failed response's problem detail, or makes one from its status line. */
export async function problemOf(response) {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // not JSON: fall through
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 300) };
}

/**
 * Asks for a token in the page's dialog and keeps it for the browser session. Several calls that
 * get 401 at once share one question.
 */
export function askForToken(problem) {
  if (pendingPrompt) return pendingPrompt;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  const reason = document.getElementById('token-reason');
  const invalid = sessionStorage.getItem(TOKEN_KEY) !== null;
  reason.textContent = invalid
    ? `The token was refused (${problem?.detail || 'invalid token'}). Enter another one.`
    : 'This service needs a bearer token. It is kept for this browser tab only.';
  pendingPrompt = new Promise((resolve) => {
    // Escape would close the dialog with the page's calls still waiting for a token.
    const onCancel = (event) => event.preventDefault();
    const onSubmit = (event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      input.value = '';
      form.removeEventListener('submit', onSubmit);
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
      pendingPrompt = null;
      resolve();
    };
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('cancel', onCancel);
  });
  dialog.showModal();
  input.focus();
  return pendingPrompt;
}

/**
 * One API call. `json` is sent as a JSON body, `body` as is. Answers the parsed JSON (or text,
 * or null for 204); throws ApiError for any 4xx or 5xx. A 401 asks for a token and tries again.
 */
export async function api(path, { method = 'GET', json, body, headers = {}, signal } = {}) {
  for (let attempt = 0; ; attempt++) {
    const sent = authHeaders({ Accept: 'application/json', ...headers });
    let payload = body;
    if (json !== undefined) {
      sent['Content-Type'] = 'application/json';
      payload = JSON.stringify(json);
    }
    const response = await fetch(path, { method, headers: sent, body: payload, signal });
    if (response.status === 401 && attempt < 3) {
      await askForToken(await problemOf(response));
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }
}

/**
 * A multipart upload through XMLHttpRequest, the one browser API that reports upload progress.
 * onProgress gets a fraction in [0, 1].
 */
export function upload(path, formData, onProgress) {
  const send = () =>
    new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', path);
      for (const [name, value] of Object.entries(authHeaders({ Accept: 'application/json' }))) {
        request.setRequestHeader(name, value);
      }
      request.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      });
      request.addEventListener('load', () => resolve(request));
      request.addEventListener('error', () => reject(new ApiError(0, { title: 'Network error', detail: 'The upload did not reach the service' })));
      request.send(formData);
    });
  const parse = (request) => {
    try {
      return JSON.parse(request.responseText);
    } catch {
      return { title: request.statusText, detail: request.responseText.slice(0, 300) };
    }
  };
  return (async () => {
    for (let attempt = 0; ; attempt++) {
      const request = await send();
      if (request.status === 401 && attempt < 3) {
        await askForToken(parse(request));
        continue;
      }
      if (request.status >= 400) throw new ApiError(request.status, parse(request));
      return parse(request);
    }
  })();
}
