import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const DATABASE_KINDS = /** @type {const} */ (['pglite', 'postgres']);
/** @typedef {(typeof DATABASE_KINDS)[number]} DatabaseKind */

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A database made for one bench run and thrown away after it.
 * @typedef {object} BenchDatabase
 * @property {DatabaseKind} kind
 * @property {Record<string, string>} env   what the server needs to use it (DATA_DIR or DATABASE_URL)
 * @property {string} label                 for progress messages; never holds a password
 * @property {() => Promise<void>} analyze  refreshes the planner's statistics after a scenario's setup (PostgreSQL; PGlite needs none)
 * @property {() => Promise<void>} dispose  call once the server has stopped
 */

/** PostgreSQL when the user set DATABASE_URL, PGlite otherwise. */
export function defaultDatabaseKind() {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

/**
 * @param {DatabaseKind} kind
 * @returns {Promise<BenchDatabase>}
 */
export async function provisionDatabase(kind) {
  return kind === 'pglite' ? freshPglite() : freshPostgres(process.env.DATABASE_URL || DEFAULT_POSTGRES_URL);
}

/** @returns {Promise<BenchDatabase>} */
async function freshPglite() {
  const dir = await mkdtemp(path.join(tmpdir(), 'tsunagu-bench-'));
  return {
    kind: 'pglite',
    env: { DATA_DIR: dir },
    label: `PGlite in ${dir}`,
    analyze: async () => undefined,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Creates `tsunagu_bench_<random>` on the server that `adminUrl` reaches, so a bench never
 * touches the data in the database the URL names.
 * @param {string} adminUrl
 * @returns {Promise<BenchDatabase>}
 */
async function freshPostgres(adminUrl) {
  const name = `tsunagu_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  const where = `${url.hostname}:${url.port || 5432}`;
  await asAdmin(adminUrl, where, `create database "${name}"`, `create database ${name}`);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    label: `PostgreSQL database ${name} on ${where}`,
    analyze: () => asAdmin(url.toString(), where, 'analyze', `analyze ${name}`),
    // FORCE ends any connection a killed server left behind (PostgreSQL 13 or newer).
    dispose: () => asAdmin(adminUrl, where, `drop database if exists "${name}" with (force)`, `drop database ${name}`),
  };
}

/**
 * @param {string} adminUrl
 * @param {string} where
 * @param {string} statement
 * @param {string} doing  the statement in words, for the error message
 */
async function asAdmin(adminUrl, where, statement, doing) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query(statement);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`could not ${doing} on PostgreSQL at ${where}: ${reason}`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}
