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
  /**
   * Listens on a channel (`LISTEN`) until the database is closed: `heard` gets each
   * notification's payload, and `listening` says when the listener starts or stops listening.
   * Notifications sent while it is not listening are lost, so whatever it remembers on their
   * strength must be forgotten when it stops. A lost PostgreSQL connection is made again.
   */
  listen(channel: string, listener: Listener): void;
  close(): Promise<void>;
};

export type Listener = { heard(payload: string): void; listening(yes: boolean): void };

/** How long a lost listening connection waits before it connects again. */
const RELISTEN_MS = 1000;

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
    const url = options.databaseUrl;
    return wrap(db, 'postgres', (channel, listener) => listenOnServer(url, channel, listener));
  }
  const inMemory = options.dataDir === 'memory://';
  const dir = inMemory ? undefined : path.join(options.dataDir, 'pglite');
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), parsers: { [INT8_OID]: int8 } });
  const db = new Kysely<NoTables>({ dialect: new PGliteDialect(pglite) });
  return wrap(db, 'pglite', (channel, listener) => {
    // PGlite is one session: LISTEN goes through the driver like any query (never inside another's transaction).
    const off = pglite.onNotification((heardOn, payload) => {
      if (heardOn === channel) listener.heard(payload);
    });
    void sql`listen ${sql.id(channel)}`.execute(db).then(
      () => listener.listening(true),
      () => undefined,
    );
    return async () => {
      off();
      listener.listening(false);
    };
  });
}

/** Stops a listener. */
type Unlisten = () => Promise<void>;

function wrap(db: Kysely<NoTables>, kind: Database['kind'], listen: (channel: string, listener: Listener) => Unlisten): Database {
  const listeners: Unlisten[] = [];
  return {
    db,
    kind,
    async ping() {
      await sql`select 1`.execute(db);
    },
    listen(channel, listener) {
      listeners.push(listen(channel, listener));
    },
    async close() {
      await Promise.all(listeners.splice(0).map((stop) => stop()));
      await db.destroy();
    },
  };
}

/** A connection of its own that listens on `channel`, made again whenever it is lost, until stopped. */
function listenOnServer(databaseUrl: string, channel: string, listener: Listener): Unlisten {
  let client: pg.Client | undefined;
  let heard = false;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const connect = () => {
    const mine = new pg.Client({ connectionString: databaseUrl });
    client = mine;
    let lost = false;
    const lose = () => {
      if (lost) return;
      lost = true;
      if (heard) listener.listening((heard = false));
      mine.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(connect, RELISTEN_MS).unref();
    };
    mine.on('error', lose);
    mine.on('end', lose);
    mine.on('notification', (n) => {
      if (n.channel === channel) listener.heard(n.payload ?? '');
    });
    mine
      .connect()
      .then(() => mine.query(`listen ${mine.escapeIdentifier(channel)}`))
      .then(() => {
        if (!lost && !stopped) listener.listening((heard = true));
      }, lose);
  };
  connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    if (heard) listener.listening((heard = false));
    await client?.end().catch(() => undefined);
  };
}

/** Runs `work` in one transaction; everything inside must use `tx`, never the outer handle. */
export function withTransaction<DB, T>(db: Kysely<DB>, work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
