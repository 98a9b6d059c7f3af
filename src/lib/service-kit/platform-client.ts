import * as client from 'openid-client';
import { jsonBodyOf } from '@lib/json-pieces.ts';
import type { LinkageOutcome, PlatformClient } from './types.ts';

type PlatformClientOptions = {
  baseUrl: string;
  fetch: typeof fetch;
  oidc: () => Promise<client.Configuration>;
};

/** Refresh the service token this long before it expires. */
const EARLY_MS = 30_000;

/** The platform's published API with the service's own client-credentials token. */
export function platformClient({ baseUrl, fetch, oidc }: PlatformClientOptions): PlatformClient {
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const serviceToken = async (): Promise<string> => {
    if (token && token.expiresAt - EARLY_MS > Date.now()) return token.value;
    pending ??= (async () => {
      try {
        const granted = await client.clientCredentialsGrant(await oidc());
        token = { value: granted.access_token, expiresAt: Date.now() + (granted.expires_in ?? 600) * 1000 };
        return token.value;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    body?: Uint8Array<ArrayBuffer> | Record<string, unknown>,
    headers: Record<string, string> = {},
    retried = false,
  ): Promise<Response> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await serviceToken()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      // A body already written as JSON bytes (a batch, see `jsonBodyOf`) goes as it is.
      ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
    });
    // A token revoked or expired early (operator action, clock skew): fetch a new one once.
    if (response.status === 401 && !retried) {
      token = undefined;
      return call(method, path, body, headers, true);
    }
    return response;
  };

  const outcome = async <T>(response: Response, ok: readonly number[], pick: (body: Record<string, unknown>) => T): Promise<LinkageOutcome<T>> => {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (ok.includes(response.status)) return { outcome: 'allowed', data: pick(body) };
    if (response.status >= 500)
      throw new Error(`The platform answered ${response.status} (${typeof body.code === 'string' ? body.code : 'no code'})`);
    return { outcome: 'refused', status: response.status, code: typeof body.code === 'string' ? body.code : 'refused' };
  };

  const linkagePath = (subject: string, category: string) => `/api/linkage/subjects/${encodeURIComponent(subject)}/${encodeURIComponent(category)}`;

  return {
    async read<T>(subject: string, category: string) {
      return outcome(await call('GET', linkagePath(subject, category)), [200], (body) => body.data as T);
    },
    async write(subject, category, data, idempotencyKey) {
      const headers: Record<string, string> = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
      // 200: a retried write the platform had stored already.
      return outcome(await call('POST', linkagePath(subject, category), { data }, headers), [200, 201], (body) => ({
        id: String(body.id),
        recordedAt: String(body.recordedAt),
      }));
    },
    async writeMany(writes) {
      const response = await call('POST', '/api/linkage/subjects/records', jsonBodyOf('writes', writes));
      const body = (await response.json().catch(() => ({}))) as { results?: { status: number; id?: string; recordedAt?: string; code?: string }[] };
      if (response.status !== 200 || !body.results) throw new Error(`The platform answered ${response.status} to ${writes.length} linkage writes`);
      return body.results.map((r) =>
        r.status === 200 || r.status === 201
          ? { outcome: 'allowed' as const, data: { id: String(r.id), recordedAt: String(r.recordedAt) } }
          : { outcome: 'refused' as const, status: r.status, code: r.code ?? 'refused' },
      );
    },
    async publish(type, data) {
      const response = await call('POST', '/api/events/publications', { type, data });
      if (response.status !== 201) throw new Error(`Publishing ${type} failed: ${response.status} ${await response.text()}`);
    },
  };
}
