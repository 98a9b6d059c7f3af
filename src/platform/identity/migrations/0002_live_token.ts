import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Identity's answer to "is this token still live?" as a SQL function (the token's id when it
 * is, no row when it is not), so that linkage can ask it in the same statement as the consent
 * check without reading identity's tables itself. A plain SQL set-returning function, so the
 * planner inlines it into the caller's statement.
 */
export const liveToken: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create function identity.live_token(token_model text, token_id text) returns setof text
      language sql stable as $$
        select id from identity.oidc_payload
        where model = token_model and id = token_id and consumed_at is null
          and (expires_at is null or expires_at > now())
      $$`.execute(db);
  },
};
