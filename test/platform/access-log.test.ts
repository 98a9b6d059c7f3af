import { sql } from 'kysely';
import { withAppendOnlyOff } from '../support/tamper.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/app.ts';
import { ALL_MODULES } from '../../src/modules.ts';
import { AccessLog, type AccessEntry } from '@platform/linkage/access-log.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let test: TestDatabase;
const ACCOUNTS = ['0190a000-0000-7000-8000-00000000000a', '0190a000-0000-7000-8000-00000000000b', '0190a000-0000-7000-8000-00000000000c'];

const entry = (accountId: string, category: string): AccessEntry => ({
  at: new Date(),
  accountId,
  clientId: 'log-test',
  serviceName: 'ログ検査',
  company: '検査株式会社',
  category,
  action: 'read',
  purpose: '検査',
  consentId: null,
  consentVersion: null,
  outcome: 'allowed',
  reason: null,
});

beforeAll(async () => {
  test = await freshDatabase();
  await migrate(test.database, ALL_MODULES);
});
afterAll(async () => {
  await test.drop();
});

describe('the access log', () => {
  it('keeps every chain intact when many appends race, from two writers at once', async () => {
    const first = new AccessLog(test.database.db);
    const second = new AccessLog(test.database.db); // as another process would
    await Promise.all(Array.from({ length: 150 }, (_, i) => (i % 2 ? first : second).append(entry(ACCOUNTS[i % 3] ?? '', `c${i}`))));
    const { checked, problems } = await first.verify();
    expect(problems).toEqual([]);
    expect(checked).toBe(150);
    for (const account of ACCOUNTS) expect(await first.forAccount(account, 200)).toHaveLength(50);
  });

  it('keeps one chain intact when eight writers append to it at once', async () => {
    const account = '0190a000-0000-7000-8000-00000000000e';
    const log = new AccessLog(test.database.db);
    const writers = [log, ...Array.from({ length: 7 }, () => new AccessLog(test.database.db))]; // as eight processes would
    await Promise.all(Array.from({ length: 400 }, (_, i) => (writers[i % 8] ?? log).append(entry(account, `c${i}`))));
    const { problems } = await log.verify();
    expect(problems).toEqual([]);
    const categories = (await log.forAccount(account, 500)).map((e) => e.category);
    expect(new Set(categories).size).toBe(400);
  });

  it('keeps a chain intact when another process wrote to it since this one last did', async () => {
    const account = '0190a000-0000-7000-8000-00000000000d';
    const here = new AccessLog(test.database.db);
    const there = new AccessLog(test.database.db);
    await here.append(entry(account, 'first')); // here now remembers the chain's head
    await there.append(entry(account, 'second')); // and another process moves it
    await here.append(entry(account, 'third'));
    await Promise.all([here.append(entry(account, 'fourth')), there.append(entry(account, 'fifth'))]);
    const { problems } = await here.verify();
    expect(problems).toEqual([]);
    const categories = (await here.forAccount(account, 10)).map((e) => e.category);
    expect(categories.slice(2)).toEqual(['third', 'second', 'first']);
    expect(categories.slice(0, 2).sort()).toEqual(['fifth', 'fourth']);
  });

  it('writes each entry under its own service, company and purpose when several services log together', async () => {
    const account = '0190a000-0000-7000-8000-00000000000f';
    const log = new AccessLog(test.database.db);
    const services = [
      { serviceName: '地域通貨', company: '会津若松市', purpose: '決済結果の記録' },
      { serviceName: '観光案内', company: '株式会社あいづ観光', purpose: 'おすすめの提示' },
      { serviceName: '遠隔診療', company: '医療法人つなぐ', purpose: '診療予約' },
    ];
    // Appended in one turn of the event loop, so they share one statement.
    await Promise.all(Array.from({ length: 12 }, (_, i) => log.append({ ...entry(account, `s${i}`), ...services[i % 3] })));
    expect((await log.verify()).problems).toEqual([]);
    const stored = await log.forAccount(account, 20);
    expect(stored).toHaveLength(12);
    for (const e of stored) {
      const expected = services[Number(e.category.slice(1)) % 3];
      expect({ serviceName: e.service_name, company: e.company, purpose: e.purpose }).toEqual(expected);
    }
  });

  it('refuses to update or delete an entry', async () => {
    await expect(sql`update linkage.access_log set purpose = 'x'`.execute(test.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from linkage.access_log`.execute(test.database.db)).rejects.toThrow(/append-only/);
  });

  it('names an entry removed from the middle of a chain', async () => {
    const log = new AccessLog(test.database.db);
    await withAppendOnlyOff(test.database.db, () =>
      sql`delete from linkage.access_log where seq = (select min(seq) + 5 from linkage.access_log)`.execute(test.database.db),
    );
    const { problems } = await log.verify();
    expect(problems.some((p) => p.includes('removed or reordered'))).toBe(true);
  });

  it('names a chain whose newest entries were removed', async () => {
    const fresh = await freshDatabase();
    try {
      await migrate(fresh.database, ALL_MODULES);
      const log = new AccessLog(fresh.database.db);
      for (const category of ['a', 'b', 'c']) await log.append(entry(ACCOUNTS[0] ?? '', category));
      await withAppendOnlyOff(fresh.database.db, () =>
        sql`delete from linkage.access_log where seq = (select max(seq) from linkage.access_log)`.execute(fresh.database.db),
      );
      const { problems } = await log.verify();
      expect(problems).toEqual([expect.stringMatching(/newest entries are missing/)]);
    } finally {
      await fresh.drop();
    }
  });
});
