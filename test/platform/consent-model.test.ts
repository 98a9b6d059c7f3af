import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformCore, type Platform } from '@platform/core.ts';
import type { DataCategory } from '@platform/consent/categories.ts';
import { LinkageError } from '@platform/linkage/errors.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const CATEGORIES = ['basic_four', 'contact', 'household', 'family'] as const satisfies readonly DataCategory[];

type Step =
  | { kind: 'grant'; categories: DataCategory[] }
  | { kind: 'narrow'; categories: DataCategory[] }
  | { kind: 'withdraw' }
  | { kind: 'read'; category: DataCategory };

const subset = fc.subarray([...CATEGORIES], { minLength: 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  subset.map((categories) => ({ kind: 'grant' as const, categories })),
  subset.map((categories) => ({ kind: 'narrow' as const, categories })),
  fc.constant({ kind: 'withdraw' as const }),
  fc.constantFrom(...CATEGORIES).map((category) => ({ kind: 'read' as const, category })),
  fc.constantFrom(...CATEGORIES).map((category) => ({ kind: 'read' as const, category })),
);

let app: TestApp;
let platform: Platform;
const clientId = 'model-service';

beforeAll(async () => {
  app = await startTestApp({ SEED_DEMO: 'false' });
  platform = await platformCore({ config: app.config, database: app.testDatabase.database, log: app.log, platformFetch: fetch });
  await platform.directory.register({
    clientId,
    name: { ja: 'モデル検査サービス', en: 'Model service' },
    company: '検査株式会社',
    description: { ja: '', en: '' },
    purposes: [{ ja: '検査', en: 'Checking' }],
    categories: CATEGORIES.map((category) => ({ category, reason: { ja: '検査', en: 'Checking' }, required: false })),
    redirectUris: ['https://model.example.jp/cb'],
    postLogoutRedirectUris: [],
  });
});
afterAll(async () => {
  await app.stop();
});

/** Issues an access token the way the consent screen's grant would, to watch it through introspection. */
async function issueToken(accountId: string, categories: readonly DataCategory[]): Promise<string> {
  const { provider } = platform;
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(['openid', ...categories.map((c) => `tsunagu:${c}`)].join(' '));
  const grantId = await grant.save();
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error('client missing');
  const token = new provider.AccessToken({ accountId, client, grantId, gty: 'authorization_code', scope: grant.getOIDCScope() });
  return token.save();
}

async function outcomeOfRead(accountId: string, category: DataCategory, by: Platform = platform): Promise<'allowed' | 'denied'> {
  try {
    await by.linkage.read({ accountId, clientId, category });
    return 'allowed';
  } catch (err) {
    if (err instanceof LinkageError && err.code === 'no_data') return 'allowed'; // allowed, but the account is not linked to a resident
    if (err instanceof LinkageError && err.code === 'not_consented') return 'denied';
    throw err;
  }
}

describe('consent against a simple model', () => {
  it('keeps linkage decisions, the portal list, introspection and the access log in step with grant, narrow, withdraw and re-grant', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const account = await platform.accounts.signUp({
          email: `model-${run++}-${Date.now()}@example.jp`,
          password: 'model password 123',
          displayName: 'モデル',
          kind: 'citizen',
        });
        let model: Set<DataCategory> | null = null; // null: never opted in or withdrawn
        let token: string | null = null;
        const expectedLog: { category: string; outcome: 'allowed' | 'denied' }[] = [];

        for (const s of steps) {
          if (s.kind === 'grant') {
            await platform.ledger.grant(account.id, clientId, s.categories);
            model = new Set(s.categories);
            token = await issueToken(account.id, s.categories);
          } else if (s.kind === 'narrow' || s.kind === 'withdraw') {
            const attempt = platform.ledger.withdraw(account.id, clientId, s.kind === 'withdraw' ? 'all' : s.categories);
            if (!model) {
              await expect(attempt).rejects.toMatchObject({ code: 'nothing_to_withdraw' });
              continue;
            }
            await attempt;
            const remaining: DataCategory[] = s.kind === 'withdraw' ? [] : [...model].filter((c) => !s.categories.includes(c));
            model = remaining.length > 0 ? new Set(remaining) : null;
          } else {
            const expected = model?.has(s.category) ? 'allowed' : 'denied';
            expect(await outcomeOfRead(account.id, s.category)).toBe(expected);
            expectedLog.push({ category: s.category, outcome: expected });
          }

          const listed = (await platform.ledger.current(account.id)).find((c) => c.client_id === clientId);
          if (model) expect(listed && listed.status === 'active' ? [...listed.categories].sort() : null).toEqual([...model].sort());
          else if (listed) expect(listed.status).toBe('withdrawn');
          if (token) expect(Boolean(await platform.provider.AccessToken.find(token))).toBe(model !== null);
        }

        const log = await platform.linkage.log.forAccount(account.id, 100);
        expect(log.reverse().map((e) => ({ category: e.category, outcome: e.outcome }))).toEqual(expectedLog);
      }),
      { numRuns: 30 },
    );
    expect((await platform.linkage.log.verify()).problems).toEqual([]);
  });

  it('logs every read once and allows none after a withdrawal, while two processes read the same citizens at once', async () => {
    // Another process: its own linkage service, remembering its own consent versions and chain heads.
    const other = await platformCore({ config: app.config, database: app.testDatabase.database, log: app.log, platformFetch: fetch });
    const citizens = await Promise.all(
      [0, 1, 2].map((i) =>
        platform.accounts.signUp({
          email: `race-${i}-${Date.now()}@example.jp`,
          password: 'model password 123',
          displayName: '競合',
          kind: 'citizen',
        }),
      ),
    );
    for (const c of citizens) await platform.ledger.grant(c.id, clientId, ['contact']);
    const readAll = () =>
      Promise.all(Array.from({ length: 30 }, (_, i) => outcomeOfRead((citizens[i % 3] as { id: string }).id, 'contact', i % 2 ? other : platform)));
    // Warm both processes up, so that their next reads are logged by the statement that reads the consent.
    expect(new Set(await readAll())).toEqual(new Set(['allowed']));
    const before = await readAll();
    const [withdrawn] = citizens;
    if (!withdrawn) throw new Error('no citizen');
    await platform.ledger.withdraw(withdrawn.id, clientId, 'all');
    const after = await readAll();

    expect(before.every((o) => o === 'allowed')).toBe(true);
    expect(after.filter((_, i) => i % 3 === 0)).toEqual(Array(10).fill('denied'));
    expect(after.filter((_, i) => i % 3 !== 0)).toEqual(Array(20).fill('allowed'));
    for (const c of citizens) {
      const log = (await platform.linkage.log.forAccount(c.id, 100)).reverse().map((e) => e.outcome);
      expect(log).toEqual([...Array(20).fill('allowed'), ...Array(10).fill(c === withdrawn ? 'denied' : 'allowed')]);
    }
    expect((await platform.linkage.log.verify()).problems).toEqual([]);
  });
});
