import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OPERATOR_TOKEN } from '../support/app.ts';
import { JOBS_NICE } from '../../src/cli/serve.ts';
import { serving } from '../support/cli.ts';
import { freshDatabase, testDatabaseUrl } from '../support/database.ts';
import { freePort } from '../support/platform.ts';
import { funded, person, preparedFor, shop } from './support.ts';

const SERVICE_SECRET = 'jobs-process-test-secret-0123456789abcdef';

/** The role `tsunagu serve` gave a process it forked, from its environment. */
function roleOf(pid: string): string | undefined {
  const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return env.find((v) => v.startsWith('TSUNAGU_ROLE='))?.slice('TSUNAGU_ROLE='.length);
}

/**
 * The nice value of each of a process's threads (V8's own helpers among them): field 19 of
 * /proc/<pid>/task/<tid>/stat, counted after the command's closing parenthesis.
 */
function niceOfThreads(pid: string): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[16]);
  });
}

// Several processes need a database server: this runs in the PostgreSQL pass of the suite.
describe.runIf(testDatabaseUrl)('tsunagu serve with JOBS_PROCESS', () => {
  it('answers payments from the HTTP process and shares their results with linkage from a jobs process that serves nothing', async () => {
    const postgres = await freshDatabase();
    const db = new pg.Client({ connectionString: postgres.url });
    try {
      const env = { DATABASE_URL: postgres.url, OPERATOR_TOKEN, SERVICE_SECRET };
      // A payer who opted in to payment results (the sign-in's consent page) with a funded wallet, and her shop.
      const { payer, shopCode } = await preparedFor(env, async (app) => {
        const payer = await person(app, 'jobs@example.jp');
        const { staticCode: shopCode } = await shop(app, payer, { name: '鶴ヶ城 茶店', field: 'tourism' });
        await funded(app, payer, 5_000);
        return { payer, shopCode };
      });

      const port = await freePort();
      const server = await serving(
        { ...env, JOBS_PROCESS: 'true', PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false' },
        (logs) => logs.includes('Tsunagu is serving') && logs.includes('Tsunagu background jobs are running'),
      );
      // One HTTP process and one jobs process; only the HTTP process listens.
      expect(server.children().map(roleOf).sort()).toEqual(['http', 'jobs']);
      expect(server.logs().match(/Server listening/g)).toHaveLength(1);
      // On a busy machine the jobs yield the CPU to the HTTP process, garbage collection and all
      // (relative: the test runner may run niced itself).
      const pidOf = (role: string) => server.children().find((pid) => roleOf(pid) === role) ?? '';
      const [httpNice] = niceOfThreads(pidOf('http'));
      const jobsThreads = niceOfThreads(pidOf('jobs'));
      expect(jobsThreads.length).toBeGreaterThan(1);
      expect(jobsThreads).toEqual(jobsThreads.map(() => (httpNice ?? 0) + JOBS_NICE));

      const paid = await fetch(`http://127.0.0.1:${port}/api/currency/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: payer.cookie, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ shopCode, amount: 1_200 }),
      });
      expect(paid.status).toBe(201);
      const { transferId } = (await paid.json()) as { transferId: string };

      // The HTTP process runs no share worker: the result reaches linkage only through the jobs process.
      await db.connect();
      const shared = async () =>
        (await db.query<{ data: Record<string, unknown> }>(`select data from linkage.record where data->>'transferId' = $1`, [transferId])).rows;
      await expect.poll(shared, { timeout: 15_000, interval: 200 }).toHaveLength(1);
      expect((await shared())[0]?.data).toMatchObject({ payee: '鶴ヶ城 茶店', amount: 1_200, field: 'tourism' });

      expect(await server.stop()).toBe(0);
      expect(server.logs().match(/"msg":"stopped"/g)).toHaveLength(2);
    } finally {
      await db.end().catch(() => undefined);
      await postgres.drop();
    }
  }, 120_000);
});
