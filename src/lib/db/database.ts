import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { prepareRepeatedStatements } from './prepared.ts';

/** The tables of no module: each module narrows it with `db.withTables<Its Tables>()`. */
export type NoTables = Record<never, never>;

/** One connection to the city's database, embedded PGlite or a PostgreSQL server. */
export type Database = {
  db: Kysely<NoTables>;
  kind: 'pglite' | 'postgres';
  /** Resolves when the database answers a query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Largest number of pooled PostgreSQL connections. */
  poolSize?: number;
};

const INT8_OID = 20;

function int8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} does not fit a JavaScript number`);
  return n;
}

/** Opens PostgreSQL when `databaseUrl` is set, otherwise PGlite under `dataDir` (or in memory). */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Counts and other bigint columns arrive as numbers, as they do from PGlite.
      types: {
        getTypeParser: (oid: number, format?: string) =>
          oid === INT8_OID ? int8 : (pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown),
      },
    });
    pool.on('connect', prepareRepeatedStatements);
    pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
    const db = new Kysely<NoTables>({ dialect: new PostgresDialect({ pool }) });
    return wrap(db, 'postgres');
  }
  const inMemory = options.dataDir === 'memory://';
  const dir = inMemory ? undefined : path.join(options.dataDir, 'pglite');
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), parsers: { [INT8_OID]: int8 } });
  return wrap(new Kysely<NoTables>({ dialect: new PGliteDialect(pglite) }), 'pglite');
}

function wrap(db: Kysely<NoTables>, kind: Database['kind']): Database {
  return {
    db,
    kind,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Runs `work` in one transaction; everything inside must use `tx`, never the outer handle. */
export function withTransaction<DB, T>(db: Kysely<DB>, work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
