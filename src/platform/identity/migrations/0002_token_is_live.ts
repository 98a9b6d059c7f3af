import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Identity's answer to "is this token still live?" as a SQL function, so that linkage can ask
 * it in the same statement as the consent check without reading identity's tables itself.
 */
export const tokenIsLive: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create function identity.token_is_live(token_model text, token_id text) returns boolean
      language sql stable as $$
        select exists (
          select 1 from identity.oidc_payload
          where model = token_model and id = token_id and consumed_at is null
            and (expires_at is null or expires_at > now()))
      $$`.execute(db);
  },
};
