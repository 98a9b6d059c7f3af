import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@lib/db/database.ts';
import { migrateModules } from '@lib/db/migrate.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { migrate } from '../../src/app.ts';
import { ALL_MODULES } from '../../src/modules.ts';

let test: TestDatabase;

beforeAll(async () => {
  test = await freshDatabase();
});
afterAll(async () => {
  await test.drop();
});

type Row = { name: string };

describe('migrations', () => {
  it("put each module's tables in its own schema and track them there", async () => {
    const applied = await migrate(test.database, ALL_MODULES);
    expect(applied).toContainEqual({ schema: 'registry', migration: '0001_municipality', status: 'applied' });
    const tables = await sql<{ table_schema: string; table_name: string }>`
      select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema') order by table_name`.execute(
      test.database.db,
    );
    const schemas = new Set(tables.rows.map((t) => t.table_schema));
    expect([...schemas].sort()).toEqual(ALL_MODULES.flatMap((m) => (m.migrations ? [m.migrations.schema] : [])).sort());
    for (const schema of schemas) {
      const own = tables.rows.filter((t) => t.table_schema === schema).map((t) => t.table_name);
      expect(own).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock']));
    }
    expect(tables.rows.filter((t) => t.table_schema === 'registry').map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['district', 'municipality']),
    );
  });

  it('apply nothing the second time', async () => {
    expect(await migrate(test.database, ALL_MODULES)).toEqual([]);
  });

  it('apply none of a run when one of its migrations fails, and name the failing one', async () => {
    const broken = {
      schema: 'scratch',
      migrations: {
        '0001_ok': { up: async (db: typeof test.database.db) => void (await sql`create table scratch.kept (name text)`.execute(db)) },
        '0002_broken': {
          up: async (db: typeof test.database.db) => {
            await sql`create table scratch.half (name text)`.execute(db);
            await sql`select no_such_function()`.execute(db);
          },
        },
      },
    };
    await expect(migrateModules(test.database.db, [broken])).rejects.toThrow(/scratch.*0002_broken/);
    const tables =
      await sql<Row>`select table_name as name from information_schema.tables where table_schema = 'scratch' and table_name in ('kept', 'half')`.execute(
        test.database.db,
      );
    expect(tables.rows).toEqual([]);
    expect(await migrateModules(test.database.db, [{ schema: 'scratch', migrations: { '0001_ok': broken.migrations['0001_ok'] } }])).toHaveLength(1);
  });
});

describe('withTransaction', () => {
  it('commits everything the work did when it succeeds', async () => {
    await sql`create table if not exists scratch.notes (name text primary key)`.execute(test.database.db);
    await withTransaction(test.database.db, async (tx) => {
      await sql`insert into scratch.notes values ('a'), ('b')`.execute(tx);
    });
    const rows = await sql<Row>`select name from scratch.notes order by name`.execute(test.database.db);
    expect(rows.rows.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('writes nothing when the work fails halfway', async () => {
    await expect(
      withTransaction(test.database.db, async (tx) => {
        await sql`insert into scratch.notes values ('c')`.execute(tx);
        await sql`insert into scratch.notes values ('a')`.execute(tx); // duplicate key
      }),
    ).rejects.toThrow();
    const rows = await sql<Row>`select name from scratch.notes order by name`.execute(test.database.db);
    expect(rows.rows.map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('lets other queries wait rather than interleave with an open transaction', async () => {
    let release!: () => void; // set synchronously by the Promise executor
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inside = withTransaction(test.database.db, async (tx) => {
      await sql`insert into scratch.notes values ('pending')`.execute(tx);
      await gate;
      throw new Error('roll back');
    });
    const outside = sql<Row>`select name from scratch.notes where name = 'pending'`.execute(test.database.db);
    release();
    await expect(inside).rejects.toThrow('roll back');
    expect((await outside).rows).toEqual([]);
  });
});
