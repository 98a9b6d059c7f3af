// Consent-checked linkage reads while citizens withdraw (issue 3).
import { Agent } from '../../test/support/agent.ts';
import pg from 'pg';
import { authorize, registerService, relyingParty, signUp } from '../../test/support/platform.ts';
import { measureLinkageFloor } from '../reference/floor.js';

const CITIZENS = 100;
/** Citizens who withdraw during the run, one every 250 ms; the rest keep reading under their consent. */
const WITHDRAWING = 20;
const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';
/**
 * The city's other citizens (PostgreSQL only): each with a consent, an access token, a lifelog
 * record and an (empty) access-log chain, so a read looks among as many rows as in a city, not among
 * the 100 readers' own.
 */
const OTHER_CITIZENS = 20_000;

/**
 * Copies of the readers' rows for other citizens, written straight into the platform's tables
 * (through the API, 20,000 sign-ups would take the bench many minutes).
 * @param {string} databaseUrl
 */
async function addOtherCitizens(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  // Each copy is a reader's row with its keys replaced (jsonb_populate_record keeps every other column).
  const copy = (/** @type {string} */ table, /** @type {string} */ where, /** @type {string} */ keys) =>
    db.query(`insert into ${table} select (jsonb_populate_record(null::${table}, to_jsonb(r) || ${keys})).*
      from (select * from ${table} where ${where} limit 1) r, other`);
  try {
    await db.query('begin');
    await db.query('create temp table other on commit drop as select gen_random_uuid() as account from generate_series(1, $1::int)', [
      OTHER_CITIZENS,
    ]);
    await copy('consent.record', 'true', "jsonb_build_object('id', gen_random_uuid(), 'account_id', other.account)");
    await copy('linkage.record', 'true', "jsonb_build_object('id', gen_random_uuid(), 'account_id', other.account, 'idempotency_key', null)");
    await copy(
      'identity.oidc_payload',
      "model = 'AccessToken'",
      "jsonb_build_object('id', md5(other.account::text), 'grant_id', md5('grant' || other.account::text))",
    );
    await db.query("insert into linkage.chain_head (account_id, seq, hash) select account, 0, repeat('0', 64) from other");
    await db.query('commit');
  } finally {
    await db.end();
  }
}

/** @type {import('./index.js').Scenario} */
export default {
  name: 'linkage-read',
  description: `GET /api/linkage/me/lifelog with ${CITIZENS} citizens' access tokens (among ${OTHER_CITIZENS.toLocaleString('en')} other citizens' rows on PostgreSQL): token check, live consent check, read, hash-chained access log; ${WITHDRAWING} of them withdraw, one every 250 ms`,
  target: '≥ 5,000 reads/s with p99 ≤ 10 ms, and no read allowed after a withdrawal (issue 3)',
  limits: { ops_per_s: 5000, p99_ms: 10 },
  analyze: true,
  env: { OPERATOR_TOKEN },
  async setup({ url, databaseUrl, connections }) {
    // The issuer names localhost (BASE_URL's default); the relying party must use the same origin.
    const origin = url.replace('127.0.0.1', 'localhost');
    const service = await registerService(
      origin,
      [
        { category: 'lifelog', required: true },
        { category: 'contact', required: false },
      ],
      'ベンチ用ヘルスケア',
    );
    const config = await relyingParty(origin, service);
    /** @type {{ agent: Agent, token: string }[]} */
    const citizens = [];
    for (let i = 0; i < CITIZENS; i++) {
      const agent = new Agent(origin);
      await signUp(agent, `bench-${i}@example.jp`);
      const tokens = await authorize(config, agent, service, ['tsunagu:lifelog', 'tsunagu:contact'], ['lifelog', 'contact']);
      const written = await fetch(`${origin}/api/linkage/me/lifelog`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          data: { code: '8867-4', display: '心拍数', value: 60 + i, unit: '/min', effectiveDateTime: new Date().toISOString() },
        }),
      });
      if (written.status !== 201) throw new Error(`lifelog write failed: ${written.status}`);
      citizens.push({ agent, token: tokens.access_token });
    }
    if (databaseUrl) await addOtherCitizens(databaseUrl);
    /** @type {{ agent: Agent, at: number }[]} */
    const withdrawals = [];
    return {
      requests: citizens.map((c) => ({ method: 'GET', path: '/api/linkage/me/lifelog', headers: { authorization: `Bearer ${c.token}` } })),
      async during(signal) {
        for (const citizen of citizens.slice(0, WITHDRAWING)) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          if (signal.aborted) return;
          const response = await citizen.agent.request(`/api/consent/mine/${service.clientId}/withdraw`, { json: { categories: ['lifelog'] } });
          if (response.status !== 200) throw new Error(`withdrawal failed: ${response.status}`);
          withdrawals.push({ agent: citizen.agent, at: Date.now() });
        }
      },
      async check() {
        let allowedAfter = 0;
        let deniedAfter = 0;
        for (const { agent, at } of withdrawals) {
          let before;
          for (;;) {
            const page = /** @type {{ entries: { at: string, outcome: string, category: string }[], next: number | null }} */ (
              await (await agent.request(`/api/linkage/access-log?limit=200${before ? `&before=${before}` : ''}`)).json()
            );
            for (const entry of page.entries) {
              if (entry.category !== 'lifelog' || Date.parse(entry.at) <= at) continue;
              if (entry.outcome === 'allowed') allowedAfter++;
              else deniedAfter++;
            }
            if (!page.next || Date.parse(page.entries[page.entries.length - 1]?.at ?? '0') <= at) break;
            before = page.next;
          }
        }
        const figures = { withdrawals: withdrawals.length, reads_after_withdrawal_denied: deniedAfter, reads_after_withdrawal_allowed: allowedAfter };
        if (!databaseUrl) return figures;
        // What this machine gives any implementation of a logged, consent-checked read (bench/reference/linkage-floor.js).
        process.stderr.write(`linkage-read: measuring the floor (node:http and pg only, same load, ${connections} connections)…\n`);
        const floor = await measureLinkageFloor(databaseUrl, { connections, seconds: 10 });
        return { ...figures, floor_reads_per_s: floor.ops_per_s, floor_p99_ms: floor.p99_ms, floor_cpu_us_per_op: floor.cpu_us_per_op };
      },
    };
  },
};
