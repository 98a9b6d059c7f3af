import { callApi, ignoreBody, type ApiResult } from '../../api/http';

/** A fresh idempotency key (works outside secure contexts too, unlike crypto.randomUUID). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Calls /api/currency/… with the service's session cookie; every failure becomes a Problem. */
export function currencyCall<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  parse: (body: unknown) => T | null,
  options: { body?: unknown; key?: string; signal?: AbortSignal; bearer?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  return callApi(method, `/api/currency${path}`, parse, {
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

export const noBody = ignoreBody;
