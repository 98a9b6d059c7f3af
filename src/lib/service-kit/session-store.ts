import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The tables a service module keeps its signed-in people in, in its own schema. Put it
 * first in the module's migrations: `{ '0000_sessions': serviceSessionMigration('currency'), … }`.
 */
export function serviceSessionMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`
        create table ${sql.id(schema, 'user_session')} (
          token_hash text primary key,
          subject text not null,
          acr text not null,
          access_token text,
          refresh_token text,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null
        )`.execute(db);
      await sql`create index on ${sql.id(schema, 'user_session')} (subject)`.execute(db);
      await sql`
        create table ${sql.id(schema, 'login_state')} (
          state text primary key,
          code_verifier text not null,
          return_to text not null,
          created_at timestamptz not null default now()
        )`.execute(db);
    },
  };
}
