import { sql, type Kysely, type Migration } from 'kysely';

export const identity: Migration = {
  async up(db: Kysely<unknown>) {
    const s = db.schema.withSchema('identity');
    await s
      .createTable('account')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('citizen', 'visitor')`))
      .addColumn('assurance', 'text', (c) =>
        c
          .notNull()
          .defaultTo('self-asserted')
          .check(sql`assurance in ('self-asserted', 'card-verified')`),
      )
      .addColumn('person_id', 'uuid', (c) => c.unique())
      .addColumn('verified_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await s
      .createTable('web_session')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'uuid', (c) => c.notNull().references('identity.account.id').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();

    await s
      .createTable('service')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('client_id', 'text', (c) => c.notNull().unique())
      .addColumn('client_secret', 'text', (c) => c.notNull())
      .addColumn('name_ja', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull())
      .addColumn('company', 'text', (c) => c.notNull())
      .addColumn('description_ja', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('purposes', 'jsonb', (c) => c.notNull())
      .addColumn('categories', 'jsonb', (c) => c.notNull())
      .addColumn('redirect_uris', 'jsonb', (c) => c.notNull())
      .addColumn('post_logout_redirect_uris', 'jsonb', (c) => c.notNull())
      .addColumn('homepage', 'text')
      .addColumn('builtin_module', 'text')
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('active')
          .check(sql`status in ('active', 'suspended')`),
      )
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await s
      .createTable('pairwise_subject')
      .addColumn('client_id', 'text', (c) => c.notNull().references('identity.service.client_id').onDelete('cascade'))
      .addColumn('sub', 'text', (c) => c.notNull())
      .addColumn('account_id', 'uuid', (c) => c.notNull().references('identity.account.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('pairwise_subject_pk', ['client_id', 'sub'])
      .addUniqueConstraint('pairwise_subject_account', ['client_id', 'account_id'])
      .execute();

    await s
      .createTable('oidc_payload')
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('grant_id', 'text')
      .addColumn('uid', 'text')
      .addColumn('user_code', 'text')
      .addColumn('expires_at', 'timestamptz')
      .addColumn('consumed_at', 'timestamptz')
      .addPrimaryKeyConstraint('oidc_payload_pk', ['model', 'id'])
      .execute();
    await s.createIndex('oidc_payload_grant').on('oidc_payload').column('grant_id').execute();
    await s.createIndex('oidc_payload_uid').on('oidc_payload').column('uid').execute();

    await s
      .createTable('signing_key')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await s
      .createTable('secret')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
