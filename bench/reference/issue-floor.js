// The floor under everything issue 4 asks of one payment, on this machine: payment-floor.js plus
// what that floor leaves out. The caller is signed in (a session token, looked up in memory:
// the least any server does); the shop pays its fee to the city's fee account in the same
// transfer (two more entries), under an annual cap kept per shop and fiscal year; the payment's
// result goes to linkage under the payer's live opt-in (read in the batch's transaction), with
// the payer's hash-chained access-log entry (heads remembered in memory), in the payment's own
// transaction. Each table has only the indexes a reader needs: an account's entries, a citizen's
// records and access log. No framework, no schemas, no metrics, no queue: one transaction of
// two statements per batch, the commit before any answer.
// Started by the currency scenarios on the bench's own database; prints its port.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { serveGroupCommitted } from './group-commit.js';

const [databaseUrl, accounts = '10000', shops = '20'] = process.argv.slice(2);
const WALLETS = Number(accounts);
const SHOPS = Number(shops);
const FEE_ACCOUNT = SHOPS + WALLETS + 1;
const FEE_RATE = 0.02;
const FEE_CAP = 12_000;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
await pool.query(`drop schema if exists bench_issue cascade; create schema bench_issue;
  create table bench_issue.balance (account int primary key, balance bigint not null check (balance >= 0));
  create table bench_issue.fee_year (shop int primary key, fees bigint not null);
  create table bench_issue.transfer (id bigserial primary key, created_at timestamptz not null default now());
  create table bench_issue.entry (transfer_id bigint not null, account int not null, amount bigint not null, balance_after bigint not null);
  create index on bench_issue.entry (account, transfer_id);
  create table bench_issue.idempotency (key text primary key, result jsonb not null);
  create table bench_issue.consent (account int primary key, categories text[] not null);
  create table bench_issue.record (id bigserial primary key, account int not null, data jsonb not null);
  create index on bench_issue.record (account, id);
  create table bench_issue.access_log (seq bigserial primary key, account int not null, at timestamptz not null,
    outcome text not null, prev_hash text not null, hash text not null);
  create index on bench_issue.access_log (account, seq);
  insert into bench_issue.balance select i, case when i < ${SHOPS} then 0 else 1000000000 end from generate_series(0, ${FEE_ACCOUNT}) i;
  insert into bench_issue.fee_year select i, 0 from generate_series(0, ${SHOPS - 1}) i;
  insert into bench_issue.consent select i, array['payment_results'] from generate_series(${SHOPS}, ${SHOPS + WALLETS - 1}) i;`);

// Session tokens as the bench hands them out: `session-<wallet>` names the wallet's owner.
const sessions = new Map(Array.from({ length: WALLETS }, (_, i) => [`session-${SHOPS + i}`, SHOPS + i]));
const heads = new Map();

/** Each payment's legs (payer → shop, shop → fee account) with the balances after them. */
function decide(batch, balance, fees) {
  return batch.map((p) => {
    const from = balance.get(p.from) ?? 0;
    if (from < p.amount) return { ...p, ok: false };
    const fee = Math.min(Math.floor(p.amount * FEE_RATE), FEE_CAP - (fees.get(p.to) ?? 0));
    fees.set(p.to, (fees.get(p.to) ?? 0) + fee);
    balance.set(p.from, from - p.amount);
    const shopAfterSale = (balance.get(p.to) ?? 0) + p.amount;
    balance.set(p.to, shopAfterSale - fee);
    balance.set(FEE_ACCOUNT, (balance.get(FEE_ACCOUNT) ?? 0) + fee);
    const legs = [
      [p.from, -p.amount, from - p.amount],
      [p.to, p.amount, shopAfterSale],
    ];
    if (fee > 0) legs.push([p.to, -fee, shopAfterSale - fee], [FEE_ACCOUNT, fee, balance.get(FEE_ACCOUNT)]);
    return { ...p, ok: true, fee, legs };
  });
}

/** The payer's access-log entry for writing the payment result, chained on their last one. */
function logEntry(account, at, outcome) {
  const prev = heads.get(account) ?? '0'.repeat(64);
  const hash = createHash('sha256')
    .update(prev)
    .update(JSON.stringify([account, at, 'payment_results', 'write', outcome]))
    .digest('hex');
  heads.set(account, hash);
  return { prev, hash };
}

serveGroupCommitted({
  name: 'issue floor',
  pool,
  payment(req, p) {
    const payer = sessions.get(/session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '');
    return payer === undefined ? undefined : { from: payer, to: p.to, amount: p.amount, key: `${payer}:${req.headers['idempotency-key']}` };
  },
  async write(client, batch) {
    const ids = [...new Set([...batch.flatMap((p) => [p.from, p.to]), FEE_ACCOUNT])].sort((a, b) => a - b);
    const payers = [...new Set(batch.map((p) => p.from))];
    const shopIds = [...new Set(batch.map((p) => p.to))].sort((a, b) => a - b);
    const { rows } = await client.query(
      `with b as (select account, balance from bench_issue.balance where account = any($1) order by account for update),
        f as (select shop, fees from bench_issue.fee_year where shop = any($2) order by shop for update)
      select 'b' as k, account, balance as n, null::text[] as categories from b
      union all select 'f', shop, fees, null from f
      union all select 'c', account, null, categories from bench_issue.consent where account = any($3)`,
      [ids, shopIds, payers],
    );
    const balance = new Map(rows.filter((r) => r.k === 'b').map((r) => [r.account, Number(r.n)]));
    const fees = new Map(rows.filter((r) => r.k === 'f').map((r) => [r.account, Number(r.n)]));
    const consented = new Set(rows.filter((r) => r.k === 'c' && r.categories.includes('payment_results')).map((r) => r.account));
    const done = decide(batch, balance, fees);
    const ok = done.filter((d) => d.ok);
    const at = new Date().toISOString();
    const logs = ok.map((d) => ({
      account: d.from,
      outcome: consented.has(d.from) ? 'allowed' : 'denied',
      ...logEntry(d.from, at, consented.has(d.from) ? 'allowed' : 'denied'),
    }));
    const shared = ok.filter((d) => consented.has(d.from));
    await client.query(
      `with b as (update bench_issue.balance b set balance = v.balance from unnest($1::int[], $2::bigint[]) v(account, balance) where b.account = v.account),
        y as (update bench_issue.fee_year y set fees = v.fees from unnest($3::int[], $4::bigint[]) v(shop, fees) where y.shop = v.shop),
        t as (insert into bench_issue.transfer select nextval('bench_issue.transfer_id_seq'), now() from generate_series(1, $5::int) returning id),
        n as (select id, row_number() over (order by id) as i from t),
        e as (insert into bench_issue.entry select n.id, x.account, x.amount, x.after from n join unnest($6::int[], $7::int[], $8::bigint[], $9::bigint[]) x(i, account, amount, after) on x.i = n.i),
        r as (insert into bench_issue.record (account, data) select * from unnest($10::int[], $11::jsonb[])),
        l as (insert into bench_issue.access_log (account, at, outcome, prev_hash, hash) select v.account, $12::timestamptz, v.outcome, v.prev, v.hash
          from unnest($13::int[], $14::text[], $15::text[], $16::text[]) v(account, outcome, prev, hash))
      insert into bench_issue.idempotency select * from unnest($17::text[], $18::jsonb[])`,
      [
        [...balance.keys()],
        [...balance.values()],
        [...fees.keys()],
        [...fees.values()],
        ok.length,
        ok.flatMap((d, i) => d.legs.map(() => i + 1)),
        ok.flatMap((d) => d.legs.map((l) => l[0])),
        ok.flatMap((d) => d.legs.map((l) => l[1])),
        ok.flatMap((d) => d.legs.map((l) => l[2])),
        shared.map((d) => d.from),
        shared.map((d) => JSON.stringify({ payee: d.to, amount: d.amount, field: 'retail', paidAt: at })),
        at,
        logs.map((l) => l.account),
        logs.map((l) => l.outcome),
        logs.map((l) => l.prev),
        logs.map((l) => l.hash),
        done.map((d) => d.key),
        done.map((d) => JSON.stringify({ ok: d.ok, amount: d.amount, fee: d.fee ?? 0 })),
      ],
    );
    return done;
  },
  // The chain heads moved for entries that were not written: start those chains again.
  failed: (batch) => batch.forEach((p) => heads.delete(p.from)),
});
