// The floor under a consent-checked read on this machine: what any implementation must do per
// read, and nothing more. node:http with no framework; a token names a citizen; the reads that
// arrive in one turn of the event loop share one statement (token, live consent, newest records);
// each read's access-log entry, hash-chained per citizen, is committed before the answer, the
// entries of one turn in one INSERT. No token expiry, no schemas, no metrics, no logs.
// Started by the linkage-read scenario on the bench's own database; prints its port.
import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const [databaseUrl, citizens = '100'] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
await pool.query(`drop schema if exists bench_floor cascade; create schema bench_floor;
  create table bench_floor.consent (token text primary key, account int not null, categories text[] not null);
  create table bench_floor.record (id bigserial primary key, account int not null, data jsonb not null);
  create index on bench_floor.record (account, id desc);
  create table bench_floor.access_log (seq bigserial primary key, account int not null, at timestamptz not null,
    outcome text not null, prev_hash text not null, hash text not null);
  insert into bench_floor.consent select 'token-' || i, i, array['lifelog'] from generate_series(1, ${Number(citizens)}) i;
  insert into bench_floor.record (account, data) select i, jsonb_build_object('code', '8867-4', 'value', 60 + i) from generate_series(1, ${Number(citizens)}) i;`);

/** Calls gathered until the event loop turns, then run as one. */
function sameTurn(run) {
  let queue = [];
  return (item) =>
    new Promise((resolve, reject) => {
      if (queue.push({ item, resolve, reject }) > 1) return;
      setImmediate(async () => {
        const batch = queue;
        queue = [];
        try {
          const results = await run(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      });
    });
}

const read = sameTurn(async (tokens) => {
  const { rows } = await pool.query(
    `select t.ord, c.account, c.categories,
       (select coalesce(jsonb_agg(r.data order by r.id desc), '[]') from bench_floor.record r where r.account = c.account) as records
     from unnest($1::text[]) with ordinality t(token, ord) left join bench_floor.consent c on c.token = t.token order by t.ord`,
    [tokens],
  );
  return rows;
});
const heads = new Map();
const log = sameTurn(async (entries) => {
  const rows = entries.map((e) => {
    const at = new Date().toISOString();
    const prev = heads.get(e.account) ?? '0'.repeat(64);
    const hash = createHash('sha256')
      .update(prev)
      .update(JSON.stringify([e.account, at, e.outcome]))
      .digest('hex');
    heads.set(e.account, hash);
    return { ...e, at, prev, hash };
  });
  await pool.query(
    `insert into bench_floor.access_log (account, at, outcome, prev_hash, hash)
     select * from unnest($1::int[], $2::timestamptz[], $3::text[], $4::text[], $5::text[])`,
    [rows.map((r) => r.account), rows.map((r) => r.at), rows.map((r) => r.outcome), rows.map((r) => r.prev), rows.map((r) => r.hash)],
  );
  return rows;
});

const server = http.createServer(async (req, res) => {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const row = await read(token);
  if (!row.account) {
    res.writeHead(401).end();
    return;
  }
  const allowed = row.categories.includes('lifelog');
  await log({ account: row.account, outcome: allowed ? 'allowed' : 'denied' });
  res.writeHead(allowed ? 200 : 403, { 'content-type': 'application/json' });
  res.end(JSON.stringify(allowed ? { category: 'lifelog', data: row.records } : { status: 403 }));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
