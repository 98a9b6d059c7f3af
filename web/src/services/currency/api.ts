import { isRecord } from '../../api/fetchJson';
import type { ApiResult, Problem } from '../../api/http';

/** Calls /api/currency/… with the service's session cookie; every failure becomes a Problem. */

type Method = 'GET' | 'POST' | 'PUT';

function problemOf(status: number, body: unknown, fallback: string): Problem {
  if (!isRecord(body)) return { status, code: status === 401 ? 'unauthorized' : `http_${status}`, title: fallback, detail: null };
  return {
    status,
    code: typeof body.code === 'string' ? body.code : `http_${status}`,
    title: typeof body.title === 'string' ? body.title : fallback,
    detail: typeof body.detail === 'string' ? body.detail : null,
  };
}

/** A fresh idempotency key (works outside secure contexts too, unlike crypto.randomUUID). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function currencyCall<T>(
  method: Method,
  path: string,
  parse: (body: unknown) => T | null,
  options: { body?: unknown; key?: string; signal?: AbortSignal; bearer?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  let response: Response;
  try {
    response = await fetch(`/api/currency${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch {
    return { ok: false, problem: { status: 0, code: 'network_error', title: 'Network error', detail: null } };
  }
  const text = await response.text().catch(() => '');
  const body = parseBody(text);
  if (!response.ok) return { ok: false, problem: problemOf(response.status, body, response.statusText) };
  const value = parse(body);
  if (value === null)
    return { ok: false, problem: { status: response.status, code: 'unexpected_response', title: 'Unexpected response', detail: null } };
  return { ok: true, value };
}

export const noBody = (): true => true;
