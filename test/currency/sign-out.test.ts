import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN } from '../support/app.ts';
import { serving } from '../support/cli.ts';
import { freshDatabase, testDatabaseUrl } from '../support/database.ts';
import { freePort } from '../support/platform.ts';
import { person, preparedFor } from './support.ts';

const SERVICE_SECRET = 'sign-out-test-secret-0123456789abcdef';
/** Requests on fresh connections, which the supervisor hands to its HTTP processes in turn. */
const ROUNDS = 8;

// Each HTTP process remembers the sessions it has looked up (src/lib/service-kit/session-store.ts).
// Several processes need a database server: this runs in the PostgreSQL pass of the suite.
describe.runIf(testDatabaseUrl)('tsunagu serve with two HTTP processes', () => {
  it('refuses a signed-out wallet cookie in every process, though each had looked the session up', async () => {
    const postgres = await freshDatabase();
    try {
      const env = { DATABASE_URL: postgres.url, OPERATOR_TOKEN, SERVICE_SECRET };
      const payer = await preparedFor(env, (app) => person(app, 'sign-out@example.jp'));

      const port = await freePort();
      const server = await serving(
        { ...env, WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', CURRENCY_WORKERS: 'off' },
        (logs) => logs.includes('Tsunagu is serving') && (logs.match(/Server listening/g) ?? []).length >= 2,
      );
      expect(server.children()).toHaveLength(2);
      const call = (method: string, path: string) =>
        new Promise<number>((resolve, reject) => {
          const request = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers: { cookie: payer.cookie } }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          });
          request.on('error', reject);
          request.end();
        });
      const rounds = async () => {
        const statuses: number[] = [];
        for (let i = 0; i < ROUNDS; i++) statuses.push(await call('GET', '/api/currency/me'));
        return statuses;
      };

      // Both processes answer the wallet, and so remember the session.
      expect(await rounds()).toEqual(Array(ROUNDS).fill(200));
      expect(await call('POST', '/api/currency/auth/logout')).toBe(204);
      // The process that signed her out has forgotten it; the other hears of it within moments.
      await expect.poll(rounds, { timeout: 5_000, interval: 50 }).toEqual(Array(ROUNDS).fill(401));
      expect(await server.stop()).toBe(0);
    } finally {
      await postgres.drop();
    }
  }, 120_000);
});
