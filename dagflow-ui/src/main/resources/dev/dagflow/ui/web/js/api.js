// The HTTP API as the UI uses it: JSON in and out, RFC 9457 problems as ApiError, and the API
// token. A 401 asks the user for a token (kept in sessionStorage for this tab only), then retries.
const TOKEN_KEY = 'dagflow.token';
const tokenWaiters = [];
let tokenPrompt = null;

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
  tokenWaiters.splice(0).forEach((resolve) => resolve());
}

/** The app registers how to ask for a token; api() awaits the answer. */
export function onTokenNeeded(prompt) {
  tokenPrompt = prompt;
}

function needToken(reason) {
  const answered = new Promise((resolve) => tokenWaiters.push(resolve));
  if (tokenPrompt) tokenPrompt(reason);
  return answered;
}

export async function api(path, options = {}) {
  const text = await apiText(path, options);
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return { detail: text };
  }
}

let capabilities = null;

/**
 * The routes this server offers, read once from its OpenAPI description: pages and buttons for
 * optional routes (schedules, retry) show only where the server has them.
 */
export function routes() {
  if (!capabilities) {
    capabilities = apiText('/openapi.yaml')
      .then((yaml) => new Set([...yaml.matchAll(/^ {2}(\/\S*):\s*$/gm)].map((m) => m[1])))
      .catch(() => new Set());
  }
  return capabilities;
}

async function apiText(path, { method = 'GET', body } = {}) {
  for (;;) {
    const headers = { Accept: 'application/json' };
    const t = token();
    if (t) headers.Authorization = `Bearer ${t}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) {
      await needToken(t ? 'The token was refused.' : 'This server needs an API token.');
      continue;
    }
    const text = await res.text();
    if (!res.ok) {
      let problem;
      try {
        problem = JSON.parse(text);
      } catch {
        problem = { detail: text };
      }
      throw new ApiError(res.status, problem);
    }
    return text;
  }
}

/** A WebSocket to the API: the token travels as a subprotocol entry, never in the URL. */
export function openSocket(path) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  const t = token();
  return t ? new WebSocket(url, ['dagflow.v1', `bearer.dagflow.dev.${t}`]) : new WebSocket(url);
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
