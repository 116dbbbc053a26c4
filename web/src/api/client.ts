/**
 * The one way the UI talks to the server. The API key lives in session storage (gone when the tab closes)
 * and travels only in the Authorization header: never in a URL, so it cannot leak through history, logs or
 * a Referer. That is also why downloads, chart images and progress streams are fetched here and handed to
 * the page as blob URLs, instead of being plain links the browser would request without the header.
 */
import type { PiiFinding } from './types';

const KEY_STORAGE = 'sdg.apiKey';

export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly pointer?: string;
  readonly hint?: string;
  readonly runId?: string;
  /** PII_BLOCKED downloads: what was found and how to fix it. */
  readonly findings?: readonly PiiFinding[];
  readonly remediation?: readonly string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  clear: (): void => sessionStorage.removeItem(KEY_STORAGE),
};

/** Fired when the server no longer accepts the key (revoked, or a new server): the app logs out. */
export const UNAUTHORIZED_EVENT = 'sdg:unauthorized';

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = apiKey.get();
  return { ...(key ? { authorization: `Bearer ${key}` } : {}), ...extra };
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: ApiErrorBody = { code: `HTTP_${response.status}`, message: response.statusText || `the server answered ${response.status}` };
  try {
    const parsed = (await response.json()) as { error?: ApiErrorBody };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) body = parsed.error;
  } catch {
    // Not the API's error shape (a proxy's page, say): keep the status text.
  }
  if (response.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: body }));
  return new ApiError(response.status, body);
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init: { signal?: AbortSignal } = {},
): Promise<ApiResponse<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: headers({ accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'NETWORK', message: 'the server cannot be reached', hint: 'check that synthdatagen serve is running' });
  }
  if (!response.ok) throw await errorOf(response);
  const data = response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  return { status: response.status, headers: response.headers, data };
}

export const api = {
  get: async <T>(path: string, init?: { signal?: AbortSignal }): Promise<T> => (await request<T>('GET', path, undefined, init)).data,
  post: async <T>(path: string, body: unknown, init?: { signal?: AbortSignal }): Promise<T> =>
    (await request<T>('POST', path, body, init)).data,
  put: async <T>(path: string, body: unknown): Promise<T> => (await request<T>('PUT', path, body)).data,
  delete: async <T>(path: string): Promise<T> => (await request<T>('DELETE', path)).data,
};

/** A query string from the defined, non-empty values. */
export function query(params: Readonly<Record<string, string | number | undefined | null>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export async function fetchBlob(path: string, init: { signal?: AbortSignal } = {}): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { headers: headers(), ...(init.signal ? { signal: init.signal } : {}) });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'NETWORK', message: 'the server cannot be reached' });
  }
  if (!response.ok) throw await errorOf(response);
  return response.blob();
}

export async function fetchText(path: string): Promise<string> {
  return (await fetchBlob(path)).text();
}

/** Fetches a file with the key and saves it under `filename`. */
export async function download(path: string, filename: string): Promise<void> {
  const blob = await fetchBlob(path);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Server-sent events over fetch (EventSource cannot send an Authorization header). Yields each event's
 * `data` parsed as JSON until the stream ends or `signal` aborts.
 */
export async function* serverEvents<T>(path: string, signal: AbortSignal): AsyncGenerator<{ event: string; data: T }> {
  const response = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal });
  if (!response.ok || response.body === null) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) yield { event, data: JSON.parse(data.join('\n')) as T };
      }
    }
  } finally {
    reader.releaseLock();
  }
}
