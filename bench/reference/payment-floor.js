// The floor under an HTTP payment on this machine: what any group-committed ledger must do per
// payment, and nothing more. node:http with no framework, no sign-in, no fee, no QR code: a body
// names payer, payee and amount, and carries an idempotency key. The payments that arrive while a
// batch commits form the next batch, one transaction: balance rows locked in sorted order, each
// payment decided in memory (no overdraft), then one statement writes balances, transfers, both
// entries and the answers under their keys; the commit comes before any answer.
// Started by the currency scenarios on the bench's own database; prints its port.
import pg from 'pg';
import { serveGroupCommitted } from './group-commit.js';

const [databaseUrl, accounts = '10000', shops = '20'] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
await pool.query(`drop schema if exists bench_pay cascade; create schema bench_pay;
  create table bench_pay.balance (account int primary key, balance bigint not null check (balance >= 0));
  create table bench_pay.transfer (id bigserial primary key, created_at timestamptz not null default now());
  create table bench_pay.entry (transfer_id bigint not null, account int not null, amount bigint not null, balance_after bigint not null);
  create table bench_pay.idempotency (key text primary key, result jsonb not null);
  insert into bench_pay.balance select i, case when i < ${Number(shops)} then 0 else 1000000000 end from generate_series(0, ${Number(accounts) + Number(shops)}) i;`);

serveGroupCommitted({
  name: 'payment floor',
  pool,
  payment: (req, p) => ({ from: p.from, to: p.to, amount: p.amount, key: req.headers['idempotency-key'] }),
  async write(client, batch) {
    const ids = [...new Set(batch.flatMap((p) => [p.from, p.to]))].sort((a, b) => a - b);
    const { rows } = await client.query('select account, balance from bench_pay.balance where account = any($1) order by account for update', [ids]);
    const balance = new Map(rows.map((r) => [r.account, Number(r.balance)]));
    const done = batch.map((p) => {
      const from = balance.get(p.from) ?? 0;
      if (from < p.amount) return { ...p, ok: false };
      balance.set(p.from, from - p.amount);
      balance.set(p.to, (balance.get(p.to) ?? 0) + p.amount);
      return { ...p, ok: true, fromAfter: from - p.amount, toAfter: balance.get(p.to) };
    });
    const ok = done.filter((d) => d.ok);
    await client.query(
      `with b as (update bench_pay.balance b set balance = v.balance from unnest($1::int[], $2::bigint[]) v(account, balance) where b.account = v.account),
        t as (insert into bench_pay.transfer select nextval('bench_pay.transfer_id_seq'), now() from generate_series(1, $3::int) returning id),
        n as (select id, row_number() over (order by id) as i from t),
        e as (insert into bench_pay.entry select n.id, x.account, x.amount, x.after from n join unnest($4::int[], $5::int[], $6::bigint[], $7::bigint[]) x(i, account, amount, after) on x.i = n.i)
      insert into bench_pay.idempotency select * from unnest($8::text[], $9::jsonb[])`,
      [
        [...balance.keys()],
        [...balance.values()],
        ok.length,
        ok.flatMap((_, i) => [i + 1, i + 1]),
        ok.flatMap((d) => [d.from, d.to]),
        ok.flatMap((d) => [-d.amount, d.amount]),
        ok.flatMap((d) => [d.fromAfter, d.toAfter]),
        done.map((d) => d.key),
        done.map((d) => JSON.stringify({ ok: d.ok, amount: d.amount })),
      ],
    );
    return done;
  },
});
