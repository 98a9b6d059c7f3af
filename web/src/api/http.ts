import { isRecord } from './fetchJson';

/** An RFC 9457 problem as the server sends it, reduced to what the web app shows. */
export type Problem = {
  status: number;
  /** The server's stable code; `network_error` and `unexpected_response` are the app's own. */
  code: string;
  title: string;
  detail: string | null;
};

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: Problem };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function parseProblem(status: number, body: unknown, fallbackTitle: string): Problem {
  if (!isRecord(body)) return { status, code: `http_${status}`, title: fallbackTitle, detail: null };
  return {
    status,
    code: typeof body.code === 'string' ? body.code : `http_${status}`,
    title: typeof body.title === 'string' ? body.title : fallbackTitle,
    detail: typeof body.detail === 'string' ? body.detail : null,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Calls a same-origin JSON API with the session cookie. Every failure — network,
 * problem+json, or a body of the wrong shape — comes back as a `Problem`, so callers
 * have one error case to render. An aborted call also resolves; check the signal.
 */
export async function callApi<T>(
  method: Method,
  url: string,
  parse: (body: unknown) => T | null,
  options: { body?: unknown; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'network_error', title: 'Network error', detail: null } };
  }
  const body = await readJson(response).catch(() => null);
  if (!response.ok) return { ok: false, problem: parseProblem(response.status, body, response.statusText) };
  const value = parse(body);
  if (value === null)
    return { ok: false, problem: { status: response.status, code: 'unexpected_response', title: 'Unexpected response', detail: null } };
  return { ok: true, value };
}

/** For endpoints whose body the app does not need (204, or anything 2xx). */
export const ignoreBody = (): true => true;
