import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@lib/config.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { currencyManifest } from '@services/currency/manifest.ts';
import { createApp } from '../../src/app.ts';
import { OPERATOR_TOKEN } from '../support/app.ts';
import { start } from '../support/cli.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/platform.ts';
import { DEMO_PASSWORD } from './support.ts';

const SERVICE_SECRET = 'crash-test-service-secret-0123456789abcdef';
let dataDir: string;
let postgres: TestDatabase | undefined;
let env: Record<string, string | undefined>;
const payers: { cookie: string }[] = [];
let shopCode = '';

/** The city before the crash: payers signed in with funded wallets, and a shop; prepared in-process, then closed. */
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-currency-crash-'));
  postgres = process.env.DATABASE_URL ? await freshDatabase() : undefined;
  env = { DATA_DIR: dataDir, DATABASE_URL: postgres?.url, OPERATOR_TOKEN, SERVICE_SECRET, RATE_LIMIT_PER_MINUTE: '1000000', CURRENCY_WORKERS: 'off' };
  const app = await createApp(loadConfig({ ...env, LOG_LEVEL: 'silent', SEED_DEMO: 'true', WEB_DIR: 'web/dist' }));
  try {
    const kit = serviceKit(app.context, currencyManifest);
    const shop = await app.http.inject({
      method: 'POST',
      url: '/api/currency/admin/businesses',
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      payload: { name: '屋台 会津そば', kind: 'shop', size: 'small', field: 'tourism', shards: 4 },
    });
    shopCode = shop.json<{ staticCode: string }>().staticCode;
    for (let i = 0; i < 4; i++) {
      const email = `crash-${i}@example.jp`;
      await app.http.inject({ method: 'POST', url: '/api/identity/accounts', payload: { email, password: DEMO_PASSWORD, displayName: `会津 ${i}` } });
      const { cookie } = await kit.signIn(email, DEMO_PASSWORD);
      await app.http.inject({
        method: 'PUT',
        url: '/api/currency/wallet/bank-account',
        headers: { cookie },
        payload: { bankName: 'デモ銀行', accountNumber: '1111111' },
      });
      await app.http.inject({
        method: 'POST',
        url: '/api/currency/wallet/charges',
        headers: { cookie, 'idempotency-key': randomUUID() },
        payload: { amount: 1_000_000 },
      });
      payers.push({ cookie });
    }
  } finally {
    await app.close();
  }
}, 120_000);

afterAll(async () => {
  if (postgres) await postgres.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function serve(port: number): Promise<ChildProcess> {
  const child = start(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'info' });
  let logs = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
      if (logs.includes('Tsunagu is serving')) resolve();
    });
    child.on('exit', () => reject(new Error(`the server exited: ${logs}`)));
  });
  return child;
}

type Attempt = { key: string; payer: number; amount: number; status: number | 'lost'; transferId?: string };

async function pay(origin: string, attempt: Attempt): Promise<Attempt> {
  const payer = payers[attempt.payer] as { cookie: string };
  try {
    const response = await fetch(`${origin}/api/currency/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: payer.cookie, 'idempotency-key': attempt.key },
      body: JSON.stringify({ shopCode, amount: attempt.amount }),
    });
    const body = (await response.json()) as { transferId?: string };
    return { ...attempt, status: response.status, ...(body.transferId ? { transferId: body.transferId } : {}) };
  } catch {
    return { ...attempt, status: 'lost' };
  }
}

describe('a server killed (SIGKILL) under a load of payments', () => {
  it('keeps every acknowledged payment exactly once, answers retried keys as before, and the ledger sums to zero', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const first = await serve(port);
    const attempts: Attempt[] = [];
    let acknowledged = 0;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      const loops = Array.from({ length: 12 }, async (_, n) => {
        while (!killed) {
          const result = await pay(origin, {
            key: randomUUID(),
            payer: n % payers.length,
            amount: 1 + ((attempts.length * 7) % 900),
            status: 'lost',
          });
          attempts.push(result);
          if (result.status === 201) acknowledged++;
          if (acknowledged >= 150 && !killed) {
            killed = true;
            first.kill('SIGKILL');
            resolve();
          }
        }
      });
      void Promise.all(loops);
    });
    await killedAt;
    await once(first, 'exit');
    const second = await serve(port);
    try {
      const acked = attempts.filter((a) => a.status === 201);
      expect(acked.length).toBeGreaterThanOrEqual(150);
      // Every key again, as a client that did not hear back would: acknowledged ones answer as before.
      const retried = await Promise.all(attempts.map((a) => pay(origin, a)));
      for (const [i, again] of retried.entries()) {
        const before = attempts[i] as Attempt;
        if (before.status === 201) expect(again).toMatchObject({ status: 201, transferId: before.transferId });
        else expect(again.status).toBe(201); // lost in the crash or never sent: applied now, once
      }
      // Each key is one transfer: the shop's statement holds exactly one payment per key.
      const transferIds = new Set(retried.map((a) => a.transferId));
      expect(transferIds.size).toBe(attempts.length);
      const invariants = await fetch(`${origin}/api/currency/admin/invariants`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
      const check = (await invariants.json()) as { violations: number; currencies: { balances: number; entries: number }[] };
      expect(check.violations).toBe(0);
      for (const c of check.currencies) expect([c.balances, c.entries]).toEqual([0, 0]);
      let paidFromWallets = 0;
      for (const payer of payers) {
        const history = await fetch(`${origin}/api/currency/wallet/history?from=2000-01-01T00:00:00Z`, { headers: { cookie: payer.cookie } });
        const lines = ((await history.json()) as { lines: { kind: string; transferId: string }[] }).lines.filter((l) => l.kind === 'payment');
        expect(new Set(lines.map((l) => l.transferId)).size).toBe(lines.length);
        paidFromWallets += lines.length;
      }
      expect(paidFromWallets).toBe(attempts.length);
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
    }
  }, 180_000);
});
