import { sql, type Kysely, type Migration } from 'kysely';

export const municipality: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .withSchema('registry')
      .createTable('municipality')
      .addColumn('code', 'char(6)', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{6}$'`))
      .addColumn('prefecture_ja', 'text', (c) => c.notNull())
      .addColumn('prefecture_en', 'text', (c) => c.notNull())
      .addColumn('name_ja', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('name_kana', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .withSchema('registry')
      .createTable('district')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('municipality_code', 'char(6)', (c) => c.notNull().references('registry.municipality.code'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_kana', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addUniqueConstraint('district_name_unique', ['municipality_code', 'name'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.withSchema('registry').dropTable('district').execute();
    await db.schema.withSchema('registry').dropTable('municipality').execute();
  },
};
