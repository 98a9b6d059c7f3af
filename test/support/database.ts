import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@lib/db/database.ts';

/** Where medium tests run: PGlite in memory, or PostgreSQL when DATABASE_URL is set. */
export const testDatabaseUrl = process.env.DATABASE_URL || undefined;

export type TestDatabase = { database: Database; url: string | undefined; drop(): Promise<void> };

/**
 * A fresh, empty database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server named by DATABASE_URL (dropped afterwards), so files never share rows.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  if (!testDatabaseUrl) {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `tsunagu_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://', poolSize: 4 });
  return {
    database,
    url: url.toString(),
    async drop() {
      // Dropped even when closing fails (WITH (FORCE) ends any connection left), so no run leaves a database behind.
      try {
        await database.close();
      } finally {
        const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      }
    },
  };
}
