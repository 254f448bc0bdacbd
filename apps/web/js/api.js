import { getSession } from './session.js';

/** An error answer of the API: `{statusCode, error, message, details?: [{path, message}]}`. */
export class ApiError extends Error {
  constructor(status, body, retryAfterSeconds = null) {
    super(body?.message || `Máy chủ trả lỗi ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    /** With a 429: seconds to wait before trying again (the Retry-After header). */
    this.retryAfterSeconds = retryAfterSeconds;
    this.error = body?.error ?? null;
    this.details = Array.isArray(body?.details) ? body.details : [];
  }
}

/** The network failed (server down, connection lost): the request may be retried with the same key. */
export class NetworkError extends Error {
  constructor() {
    super('Không kết nối được máy chủ. Kiểm tra kết nối rồi thử lại.');
    this.name = 'NetworkError';
  }
}

const listeners = new Set();
/** Called with the error whenever the API answers 401 to a signed-in call. */
export function onUnauthenticated(listener) {
  listeners.add(listener);
}

/** A random UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Calls `/api{path}`. Every mutating request carries an Idempotency-Key (the caller's, so that a
 * repeated click or a retry reuses it; else a fresh one). Answers the parsed JSON body. Cookies are
 * sent only when `credentials: 'same-origin'` asks for them (sign-in and sign-out set and clear one).
 */
export async function api(path, options = {}) {
  const { method = 'GET', body, query, idempotencyKey, token, rawBody, contentType, credentials = 'omit' } = options;
  const url = new URL(`/api${path}`, window.location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const headers = { Accept: 'application/json' };
  const bearer = token === undefined ? getSession()?.token : token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let payload;
  if (rawBody !== undefined) {
    payload = rawBody;
    headers['Content-Type'] = contentType ?? 'text/plain';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') headers['Idempotency-Key'] = idempotencyKey ?? newIdempotencyKey();

  let response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials, cache: 'no-store' });
  } catch {
    throw new NetworkError();
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text.slice(0, 300) };
    }
  }
  if (!response.ok) {
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    const error = new ApiError(response.status, data, Number.isFinite(retryAfter) ? retryAfter : null);
    if (response.status === 401 && bearer) for (const listener of listeners) listener(error);
    throw error;
  }
  return data;
}

/**
 * Downloads `/api{path}` as a file with the signed-in user's token (a plain link cannot send the
 * Authorization header): answers `{blob, fileName}`, the name from Content-Disposition.
 */
export async function apiDownload(path, { query, accept = '*/*', fallbackName = 'tai-lieu' } = {}) {
  const url = new URL(`/api${path}`, window.location.origin);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  const headers = { Accept: accept };
  const bearer = getSession()?.token;
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(url, { headers, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new NetworkError();
  }
  if (!response.ok) {
    let data = null;
    try {
      data = JSON.parse(await response.text());
    } catch {
      data = null;
    }
    const error = new ApiError(response.status, data);
    if (response.status === 401 && bearer) for (const listener of listeners) listener(error);
    throw error;
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition) ?? /filename="?([^";]+)"?/i.exec(disposition);
  let fileName = fallbackName;
  if (named) {
    try {
      fileName = decodeURIComponent(named[1]);
    } catch {
      fileName = named[1];
    }
  }
  return { blob: await response.blob(), fileName };
}

/** Hands a downloaded blob to the browser as a file to save. */
export function saveBlob(blob, fileName) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
