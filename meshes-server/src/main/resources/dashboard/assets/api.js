// The one way the dashboard talks to the server: the JSON API with the session cookie, or, embedded,
// with the embed session's token (Authorization: Bearer, no cookie, no CSRF). Every permission and
// tenancy check stays in the API; this only adds the CSRF header or the token and turns errors into
// something a person can read and quote (the correlation id).
import { embed, accessToken, tokenRefused } from './embed.js';

/** An error answer of the API, in its shape {message, error, details?, correlation_id}. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `The server answered ${status}`);
    this.status = status;
    this.code = (body && body.error) || 'http_' + status;
    this.details = (body && body.details) || [];
    this.correlationId = (body && body.correlation_id) || null;
  }
}

let onSignedOut = () => {};

/** Called with no argument when the API says the session is gone (401). */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

function cookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

// Where a 401 means "wrong password", not "session ended".
const SIGN_IN_CALLS = ['/auth/login', '/auth/signup', '/auth/invitations/accept', '/auth/session'];

export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (embed) {
    headers.Authorization = 'Bearer ' + accessToken();
  } else if (method !== 'GET' && method !== 'HEAD') {
    const csrf = cookie('meshes_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: embed ? 'omit' : 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { message: 'The server could not be reached: ' + e.message, error: 'network_error' });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = { message: `The server answered ${response.status} with something that is not JSON` };
  }
  if (!response.ok) {
    if (response.status === 401 && embed) tokenRefused();
    else if (response.status === 401 && !SIGN_IN_CALLS.includes(path)) onSignedOut();
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body = {}) => request('POST', path, body);
export const put = (path, body = {}) => request('PUT', path, body);
export const del = (path, body) => request('DELETE', path, body);

/** A query string from the non-empty values of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

/** The answer of /auth/*: the MeshAI shape {success, data} or a bare object. */
export const data = (answer) => (answer && answer.data !== undefined ? answer.data : answer);
