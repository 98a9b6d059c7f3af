import * as client from 'openid-client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { Agent } from '../support/agent.ts';
import { authorize, registerService, relyingParty, signUp, startListeningApp, type RegisteredService } from '../support/platform.ts';

type Result = { status: number; id?: string; code?: string };
type LogEntry = { category: string; action: string; outcome: string };

let app: TestApp & { origin: string };
let service: RegisteredService;
let config: client.Configuration;
let serviceToken: string;

const writeMany = (writes: unknown[], token = serviceToken) =>
  fetch(`${app.origin}/api/linkage/subjects/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ writes }),
  });
const logOf = async (agent: Agent) => ((await (await agent.request('/api/linkage/access-log')).json()) as { entries: LogEntry[] }).entries;

beforeAll(async () => {
  app = await startListeningApp();
  service = await registerService(app.origin, [
    { category: 'payment_results', required: true },
    { category: 'contact', required: false },
  ]);
  config = await relyingParty(app.origin, service);
  serviceToken = (await client.clientCredentialsGrant(config)).access_token;
});
afterAll(async () => {
  await app.stop();
});

describe('many linkage writes in one call', () => {
  it("answers each write in order as its own call would be, under each citizen's own consent", async () => {
    const optedIn = new Agent(app.origin);
    await signUp(optedIn, 'batch-yes@example.jp');
    const yes = (await authorize(config, optedIn, service, ['tsunagu:payment_results'], ['payment_results'])).claims()?.sub;
    const withdrew = new Agent(app.origin);
    await signUp(withdrew, 'batch-no@example.jp');
    const no = (await authorize(config, withdrew, service, ['tsunagu:payment_results'], ['payment_results'])).claims()?.sub;
    expect((await withdrew.request(`/api/consent/mine/${service.clientId}/withdraw`, { json: { categories: ['payment_results'] } })).status).toBe(
      200,
    );

    const payment = { amount: 500, payee: '七日町カフェ' };
    const response = await writeMany([
      { subject: yes, category: 'payment_results', data: payment, idempotencyKey: 'batch-payment-1' },
      { subject: no, category: 'payment_results', data: payment, idempotencyKey: 'batch-payment-2' },
      { subject: 'no-such-subject', category: 'payment_results', data: payment },
      { subject: yes, category: 'contact', data: { phone: '0242-00-0000' } },
      { subject: yes, category: 'payment_results', data: payment, idempotencyKey: 'batch-payment-1' },
      { subject: yes, category: 'payment_results', data: { amount: 900 }, idempotencyKey: 'batch-payment-1' },
    ]);
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Result[] };
    expect(results.map((r) => [r.status, r.code ?? null])).toEqual([
      [201, null],
      [403, 'not_consented'],
      [404, 'subject_not_found'],
      [405, 'not_writable'],
      [200, null],
      [409, 'idempotency_key_reused'],
    ]);
    expect(results[4]?.id).toBe(results[0]?.id);
    const stored = await sql<{ n: number }>`select count(*)::int as n from linkage.record where idempotency_key like 'batch-payment-%'`.execute(
      app.testDatabase.database.db,
    );
    expect(stored.rows[0]?.n).toBe(1);
    // Each citizen sees what happened to her own data, and only that.
    expect((await logOf(withdrew)).filter((e) => e.action === 'write')).toEqual([expect.objectContaining({ outcome: 'denied' })]);
    expect((await logOf(optedIn)).filter((e) => e.action === 'write' && e.outcome === 'allowed')).toHaveLength(3);
  });

  it('stores a full call of five hundred in order, the first of two writes under one key winning however far apart', async () => {
    const citizen = new Agent(app.origin);
    await signUp(citizen, 'batch-full@example.jp');
    const sub = (await authorize(config, citizen, service, ['tsunagu:payment_results'], ['payment_results'])).claims()?.sub;
    const writes = Array.from({ length: 500 }, (_, i) => ({
      subject: sub,
      category: 'payment_results',
      data: { amount: i + 1, payee: '鶴ヶ城前の土産物店「あかべこ」', field: '観光' },
      // The last write reuses the first one's key with other data.
      idempotencyKey: `full-call-${i === 499 ? 0 : i}`,
    }));
    const response = await writeMany(writes);
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: Result[] };
    expect(results.slice(0, 499).every((r) => r.status === 201)).toBe(true);
    expect(results[499]).toMatchObject({ status: 409, code: 'idempotency_key_reused' });
    const stored = await sql<{ amount: number; key: string }>`
      select (data->>'amount')::int as amount, idempotency_key as key from linkage.record
      where idempotency_key like 'full-call-%' order by (data->>'amount')::int`.execute(app.testDatabase.database.db);
    expect(stored.rows).toHaveLength(499);
    expect(stored.rows[0]).toEqual({ amount: 1, key: 'full-call-0' });
    expect(stored.rows.every((row, i) => row.amount === i + 1 && row.key === `full-call-${i}`)).toBe(true);
  });

  it('refuses an empty call, more than five hundred writes, and a citizen token, with a problem', async () => {
    const empty = await writeMany([]);
    expect(empty.status).toBe(400);
    expect(empty.headers.get('content-type')).toContain('application/problem+json');
    const many = Array.from({ length: 501 }, (_, i) => ({ subject: 's', category: 'payment_results', data: { i } }));
    expect((await writeMany(many)).status).toBe(400);
    const citizen = new Agent(app.origin);
    await signUp(citizen, 'batch-citizen@example.jp');
    const tokens = await authorize(config, citizen, service, ['tsunagu:payment_results'], ['payment_results']);
    const refused = await writeMany([{ subject: 'x', category: 'payment_results', data: {} }], tokens.access_token);
    expect([401, 403]).toContain(refused.status);
  });
});
