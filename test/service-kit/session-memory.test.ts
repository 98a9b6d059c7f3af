import { createHash } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@lib/db/database.ts';
import { migrateModules } from '@lib/db/migrate.ts';
import { serviceSessionEndsMigration, serviceSessionMigration, SessionStore } from '@lib/service-kit/session-store.ts';
import { freshDatabase, testDatabaseUrl, type TestDatabase } from '../support/database.ts';

// A session a process has looked up is answered from its memory; these tests hold that a session
// ended anywhere (a sign-out in another process, an operator by hand) stops working everywhere.

const SCHEMA = 'probe';
const user = { subject: 'pairwise-subject-1', acr: 'urn:tsunagu:loa:self-asserted', accessToken: 'at', refreshToken: null };

let test: TestDatabase;
/** A second server process's own connections to the same database (on PGlite, the same one). */
let other: Database;

beforeAll(async () => {
  test = await freshDatabase();
  await migrateModules(test.database.db, [
    { schema: SCHEMA, migrations: { '0000_sessions': serviceSessionMigration(SCHEMA), '0001_session_ends': serviceSessionEndsMigration(SCHEMA) } },
  ]);
  other = test.url ? await openDatabase({ databaseUrl: test.url, dataDir: 'memory://', poolSize: 2 }) : test.database;
});
afterAll(async () => {
  if (other !== test.database) await other.close();
  await test.drop();
});

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A session store as a server process has it, once it hears sessions end. */
async function storeOf(database: Database): Promise<SessionStore> {
  const store = new SessionStore(database.db, SCHEMA, database);
  await expect.poll(() => store.remembers, { timeout: 10_000 }).toBe(true);
  return store;
}

describe('remembered sessions', () => {
  it('refuses a session signed out in another process, though this one had it in memory', async () => {
    const here = await storeOf(test.database);
    const there = await storeOf(other);
    const token = await there.open(user, 1);
    expect(await here.find(token)).toEqual({ subject: user.subject, acr: user.acr });
    // Asked again, it answers from memory: the row is gone only through the sign-out below.
    expect(await here.find(token)).toEqual({ subject: user.subject, acr: user.acr });
    await there.close(token);
    expect(await there.find(token)).toBeUndefined();
    await expect.poll(() => here.find(token), { timeout: 5_000 }).toBeUndefined();
  });

  it('refuses a session an operator ended by hand in SQL, or cut short', async () => {
    const here = await storeOf(test.database);
    const [ended, shortened] = [await here.open(user, 1), await here.open(user, 1)];
    expect(await here.find(ended)).toBeDefined();
    expect(await here.find(shortened)).toBeDefined();
    const table = sql.id(SCHEMA, 'user_session');
    await sql`delete from ${table} where token_hash = ${hashOf(ended)}`.execute(other.db);
    await sql`update ${table} set expires_at = now() - interval '1 second' where token_hash = ${hashOf(shortened)}`.execute(other.db);
    await expect.poll(() => here.find(ended), { timeout: 5_000 }).toBeUndefined();
    await expect.poll(() => here.find(shortened), { timeout: 5_000 }).toBeUndefined();
  });

  // Only a server connection can be lost; PGlite is the process's own.
  it.runIf(testDatabaseUrl)('forgets what it remembered when it stops hearing, and looks sessions up until it hears again', async () => {
    const here = await storeOf(other);
    const token = await here.open(user, 1);
    expect(await here.find(token)).toBeDefined();
    const admin = new pg.Client({ connectionString: test.url });
    await admin.connect();
    /** Ends every session of the schema without a word, as if the notice were lost. */
    const endSilently = async () => {
      await admin.query(`alter table ${SCHEMA}.user_session disable trigger session_ended`);
      await admin.query(`delete from ${SCHEMA}.user_session`);
      await admin.query(`alter table ${SCHEMA}.user_session enable trigger session_ended`);
    };
    try {
      // Remembered: a session ended with no notice is still answered from memory…
      await endSilently();
      expect(await here.find(token)).toEqual({ subject: user.subject, acr: user.acr });
      // …until the listening connection is cut: then it forgets, and asks the database.
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'listen %'`);
      await expect.poll(() => here.find(token), { timeout: 5_000 }).toBeUndefined();
      // It listens again, and a session it looks up from then on is remembered and ended as before.
      await expect.poll(() => here.remembers, { timeout: 10_000 }).toBe(true);
      const next = await here.open(user, 1);
      expect(await here.find(next)).toBeDefined();
      await (await storeOf(test.database)).close(next);
      await expect.poll(() => here.find(next), { timeout: 5_000 }).toBeUndefined();
    } finally {
      await admin.end();
    }
  });
});
