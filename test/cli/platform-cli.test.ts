import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { withAppendOnlyOff } from '../support/tamper.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@lib/db/database.ts';
import { AccessLog } from '@platform/linkage/access-log.ts';
import { tsunagu } from '../support/cli.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let dir: string;
let postgres: TestDatabase | undefined;
let env: Record<string, string | undefined>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-platform-cli-'));
  postgres = process.env.DATABASE_URL ? await freshDatabase() : undefined;
  env = { DATABASE_URL: postgres?.url, DATA_DIR: dir, SEED_DEMO: 'false' };
});
afterAll(async () => {
  await postgres?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function withLog<T>(work: (log: AccessLog, db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: postgres?.url, dataDir: dir });
  try {
    return await work(new AccessLog(database.db), database);
  } finally {
    await database.close();
  }
}

describe('tsunagu service register', () => {
  it('registers a service from a JSON file and prints its client id and secret once', async () => {
    const file = path.join(dir, 'service.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        clientId: 'aizu-coin',
        name: { ja: '会津コイン', en: 'Aizu Coin' },
        company: '会津コイン株式会社',
        purposes: [{ ja: '決済結果を記録するため', en: 'To record payment results' }],
        categories: [{ category: 'payment_results', reason: { ja: '決済の記録', en: 'Payment records' }, required: true }],
        redirectUris: ['https://coin.example.jp/callback'],
      }),
    );
    const { code, stdout, stderr } = await tsunagu(['service', 'register', '--file', file], env);
    expect(code).toBe(0);
    expect(stderr).toContain('Registered 会津コイン');
    const printed = JSON.parse(stdout) as { clientId: string; clientSecret: string };
    expect(printed.clientId).toBe('aizu-coin');
    expect(printed.clientSecret.length).toBeGreaterThan(30);
  });

  it('names every problem in an invalid file and registers nothing', async () => {
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ name: { ja: '名無し' }, company: '', purposes: [], redirectUris: ['not a url'] }));
    const { code, stderr } = await tsunagu(['service', 'register', '--file', file], env);
    expect(code).toBe(1);
    expect(stderr).toContain('/name');
    expect(stderr).toContain('is not a valid service description');
  });
});

describe('tsunagu audit verify', () => {
  it('says the log is intact, then names the entry someone altered', async () => {
    await withLog(async (log) => {
      for (const category of ['basic_four', 'contact', 'household']) {
        await log.append({
          at: new Date(),
          accountId: '0190a000-0000-7000-8000-000000000001',
          clientId: 'aizu-coin',
          serviceName: '会津コイン',
          company: '会津コイン株式会社',
          category,
          action: 'read',
          purpose: 'テスト',
          consentId: null,
          consentVersion: null,
          outcome: 'allowed',
          reason: null,
        });
      }
    });
    const intact = await tsunagu(['audit', 'verify'], env);
    expect(intact.code).toBe(0);
    expect(intact.stderr).toContain('The access log is intact');

    const altered = await withLog(async (_log, database) => {
      const row = await withAppendOnlyOff(database.db, () =>
        sql<{ id: string }>`update linkage.access_log set purpose = '改ざん' where category = 'contact' returning id`.execute(database.db),
      );
      return row.rows[0]?.id ?? '';
    });
    const tampered = await tsunagu(['audit', 'verify'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain(`entry ${altered}`);
    expect(tampered.stderr).toContain('tampered with');
  });
});
