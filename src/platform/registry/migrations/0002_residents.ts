import { sql, type Kysely, type Migration } from 'kysely';

// The code lists as they stand at this migration; a later migration that extends one replaces its check.
const RELATIONSHIPS = [
  'head',
  'wife',
  'husband',
  'child',
  'child_wife',
  'child_husband',
  'father',
  'mother',
  'grandchild',
  'grandfather',
  'grandmother',
  'elder_brother',
  'elder_sister',
  'younger_brother',
  'younger_sister',
  'cohabitant',
  'other',
];
const SUPPORT_CATEGORIES = [
  'elderly_alone',
  'elderly_household',
  'care_level_3_plus',
  'physical_disability',
  'intellectual_disability',
  'mental_disability',
  'intractable_disease',
  'other',
];
const FAMILY_RELATIONS = ['parent', 'child', 'sibling', 'spouse', 'grandparent', 'grandchild', 'other'];
const CHANGE_KINDS = ['move_in', 'move_out', 'birth', 'death', 'address_change', 'household_change'];

const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
const HIRAGANA = sql.raw(`'^[ぁ-ゖゝゞー]+$'`);

/** Persons and households (住民・世帯), relatives elsewhere, and the append-only record of changes (異動). */
export const residents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .withSchema('registry')
      .createTable('household')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('household_code', 'text', (c) =>
        c
          .notNull()
          .unique()
          .check(sql`household_code ~ '^[0-9A-Za-z-]{1,20}$'`),
      )
      // Set once the members exist; null while the household has no resident member.
      .addColumn('head_person_id', 'uuid')
      .addColumn('district_id', 'uuid', (c) => c.notNull().references('registry.district.id'))
      .addColumn('banchi', 'text', (c) => c.notNull())
      .addColumn('building', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .withSchema('registry')
      .createTable('person')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('resident_code', 'char(11)', (c) =>
        c
          .notNull()
          .unique()
          .check(sql`resident_code ~ '^[0-9]{11}$'`),
      )
      .addColumn('family_name', 'text', (c) => c.notNull().check(sql`family_name <> ''`))
      .addColumn('given_name', 'text', (c) => c.notNull().check(sql`given_name <> ''`))
      .addColumn('family_name_kana', 'text', (c) => c.notNull().check(sql`family_name_kana ~ ${HIRAGANA}`))
      .addColumn('given_name_kana', 'text', (c) => c.notNull().check(sql`given_name_kana ~ ${HIRAGANA}`))
      .addColumn('birth_date', 'date', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull().check(oneOf('sex', ['male', 'female'])))
      .addColumn('district_id', 'uuid', (c) => c.notNull().references('registry.district.id'))
      .addColumn('banchi', 'text', (c) => c.notNull())
      .addColumn('building', 'text')
      .addColumn('household_id', 'uuid', (c) => c.notNull().references('registry.household.id'))
      .addColumn('relationship', 'text', (c) => c.notNull().check(oneOf('relationship', RELATIONSHIPS)))
      .addColumn('phone', 'text')
      .addColumn('email', 'text')
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('resident')
          .check(oneOf('status', ['resident', 'moved_out', 'deceased'])),
      )
      .addColumn('support_needed', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('support_categories', sql`text[]`, (c) =>
        c
          .notNull()
          .defaultTo(sql`'{}'::text[]`)
          .check(sql`support_categories <@ array[${sql.join(SUPPORT_CATEGORIES.map((s) => sql.lit(s)))}]::text[]`),
      )
      .addColumn('support_reason', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addCheckConstraint(
        'person_support_consistent',
        sql`(support_needed and cardinality(support_categories) > 0) or (not support_needed and cardinality(support_categories) = 0 and support_reason is null)`,
      )
      .execute();

    await db.schema
      .withSchema('registry')
      .alterTable('household')
      .addForeignKeyConstraint('household_head_fk', ['head_person_id'], 'registry.person', ['id'])
      .execute();
    await db.schema.withSchema('registry').createIndex('person_household_idx').on('person').column('household_id').execute();
    await db.schema.withSchema('registry').createIndex('person_district_idx').on('person').column('district_id').execute();
    await db.schema.withSchema('registry').createIndex('person_kana_idx').on('person').columns(['family_name_kana', 'given_name_kana']).execute();
    await db.schema.withSchema('registry').createIndex('person_birth_date_idx').on('person').column('birth_date').execute();

    await db.schema
      .withSchema('registry')
      .createTable('family_link')
      .addColumn('person_id', 'uuid', (c) => c.notNull().references('registry.person.id'))
      .addColumn('related_person_id', 'uuid', (c) => c.notNull().references('registry.person.id'))
      .addColumn('relation', 'text', (c) => c.notNull().check(oneOf('relation', FAMILY_RELATIONS)))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('family_link_pk', ['person_id', 'related_person_id'])
      .addCheckConstraint('family_link_not_self', sql`person_id <> related_person_id`)
      .execute();
    await db.schema.withSchema('registry').createIndex('family_link_related_idx').on('family_link').column('related_person_id').execute();

    await db.schema
      .withSchema('registry')
      .createTable('person_change')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('person_id', 'uuid', (c) => c.notNull().references('registry.person.id'))
      .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', CHANGE_KINDS)))
      .addColumn('effective_date', 'date', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute();
    await db.schema
      .withSchema('registry')
      .createIndex('person_change_person_idx')
      .on('person_change')
      .columns(['person_id', 'effective_date'])
      .execute();

    // The record of changes is evidence: once written it is never rewritten or removed.
    await sql`create function registry.refuse_rewrite() returns trigger language plpgsql as $$
      begin
        raise exception 'registry.% is append-only', tg_table_name;
      end
    $$`.execute(db);
    await sql`create trigger person_change_append_only before update or delete on registry.person_change
      for each row execute function registry.refuse_rewrite()`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.withSchema('registry').dropTable('person_change').execute();
    await sql`drop function registry.refuse_rewrite()`.execute(db);
    await db.schema.withSchema('registry').dropTable('family_link').execute();
    await db.schema.withSchema('registry').alterTable('household').dropConstraint('household_head_fk').execute();
    await db.schema.withSchema('registry').dropTable('person').execute();
    await db.schema.withSchema('registry').dropTable('household').execute();
  },
};
