import { randomUUID } from 'node:crypto';
import { serviceKit } from '@lib/service-kit/index.ts';
import { currencyManifest } from '@services/currency/manifest.ts';
import { loadConfig } from '@lib/config.ts';
import { createApp, type TsunaguApp } from '../../src/app.ts';
import { OPERATOR_TOKEN } from '../support/app.ts';

export const DEMO_PASSWORD = 'tsunagu-demo-2026';
export const operator = { authorization: `Bearer ${OPERATOR_TOKEN}` };
/** What the helpers below use of an app: a test app, or one a test made with createApp. */
type App = Pick<TsunaguApp, 'http' | 'context'>;

export type Person = { cookie: string; subject: string };

/**
 * Prepares people, shops and money on an in-process app over `env`'s database, then closes it:
 * for tests that go on to start a real `tsunagu serve` on that database.
 */
export async function preparedFor<T>(env: Record<string, string | undefined>, prepare: (app: TsunaguApp) => Promise<T>): Promise<T> {
  const app = await createApp(loadConfig({ ...env, CURRENCY_WORKERS: 'off', LOG_LEVEL: 'silent', SEED_DEMO: 'false', WEB_DIR: 'web/dist' }));
  try {
    return await prepare(app);
  } finally {
    await app.close();
  }
}

/** Signs a person in to the currency service through City OS ID (a new account unless `email` is a demo one). */
export async function person(app: App, email = `p-${randomUUID().slice(0, 8)}@example.jp`): Promise<Person> {
  if (!email.endsWith('@demo.tsunagu.example')) {
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/identity/accounts',
      payload: { email, password: DEMO_PASSWORD, displayName: 'テスト 利用者' },
    });
    if (created.statusCode !== 201) throw new Error(`sign-up failed: ${created.body}`);
  }
  return serviceKit(app.context, currencyManifest).signIn(email, DEMO_PASSWORD);
}

/** A money-moving request as a person, with an idempotency key. */
export function as(app: App, who: Person) {
  return {
    get: (url: string) => app.http.inject({ url, headers: { cookie: who.cookie } }),
    post: (url: string, payload: unknown, key: string = randomUUID()) =>
      app.http.inject({ method: 'POST', url, payload: payload as object, headers: { cookie: who.cookie, 'idempotency-key': key } }),
    put: (url: string, payload: unknown) => app.http.inject({ method: 'PUT', url, payload: payload as object, headers: { cookie: who.cookie } }),
  };
}

/** A shop registered by the operator with `owner` as its owner. */
export async function shop(app: App, owner: Person, extra: Record<string, unknown> = {}) {
  const response = await app.http.inject({
    method: 'POST',
    url: '/api/currency/admin/businesses',
    headers: operator,
    payload: { name: '七日町 珈琲店', kind: 'shop', size: 'small', field: 'retail', bankAccount: 'demo-777', ownerSubject: owner.subject, ...extra },
  });
  if (response.statusCode !== 201) throw new Error(`shop failed: ${response.body}`);
  return response.json<{ id: string; staticCode: string; accountId: string }>();
}

/** A wallet with `amount` charged from the demo bank. */
export async function funded(app: App, who: Person, amount: number): Promise<void> {
  const client = as(app, who);
  await client.put('/api/currency/wallet/bank-account', { bankName: 'デモ銀行', accountNumber: '1234567' });
  const charged = await client.post('/api/currency/wallet/charges', { amount });
  if (charged.statusCode !== 201) throw new Error(`charge failed: ${charged.body}`);
}
