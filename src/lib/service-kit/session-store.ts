import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import type { NoTables } from '../db/database.ts';

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

export type StoredSession = { subject: string; acr: string };
export type LoginState = { codeVerifier: string; returnTo: string };

const LOGIN_STATE_MINUTES = 15;
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A service module's sessions and pending sign-ins, in its own schema. */
export class SessionStore {
  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly schema: string,
  ) {}

  private table(name: 'user_session' | 'login_state') {
    return sql.id(this.schema, name);
  }

  async saveLoginState(state: string, login: LoginState): Promise<void> {
    await sql`delete from ${this.table('login_state')} where created_at < now() - make_interval(mins => ${LOGIN_STATE_MINUTES})`.execute(this.db);
    await sql`insert into ${this.table('login_state')} (state, code_verifier, return_to) values (${state}, ${login.codeVerifier}, ${login.returnTo})`.execute(
      this.db,
    );
  }

  /** Takes a pending sign-in once: a replayed callback finds nothing. */
  async takeLoginState(state: string): Promise<LoginState | undefined> {
    const { rows } = await sql<{ code_verifier: string; return_to: string }>`
      delete from ${this.table('login_state')}
      where state = ${state} and created_at >= now() - make_interval(mins => ${LOGIN_STATE_MINUTES})
      returning code_verifier, return_to`.execute(this.db);
    const row = rows[0];
    return row ? { codeVerifier: row.code_verifier, returnTo: row.return_to } : undefined;
  }

  /** Opens a session and returns its token (only its hash is stored). */
  async open(session: StoredSession & { accessToken: string; refreshToken: string | null }, hours: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await sql`
      insert into ${this.table('user_session')} (token_hash, subject, acr, access_token, refresh_token, expires_at)
      values (${hash(token)}, ${session.subject}, ${session.acr}, ${session.accessToken}, ${session.refreshToken},
              now() + make_interval(hours => ${hours}))`.execute(this.db);
    return token;
  }

  /**
   * Looks a session up. Lookups arriving in the same turn of the event loop share one query:
   * under load a module checks hundreds of sessions a second, and one round trip each would
   * cost more than the requests themselves. The hashes go as one JSON array: PostgreSQL cannot
   * see its length, so it keeps one generic plan for the query instead of planning it again on
   * every call, as it did for `token_hash = any(array)` (half of that query's time).
   */
  find(token: string): Promise<StoredSession | undefined> {
    const key = hash(token);
    return new Promise((resolve, reject) => {
      if (!this.waiting) {
        this.waiting = new Map();
        setImmediate(() => void this.flush());
      }
      const list = this.waiting.get(key) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(key, list);
    });
  }

  private waiting: Map<string, { resolve: (s: StoredSession | undefined) => void; reject: (e: unknown) => void }[]> | undefined;

  private async flush(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    try {
      const { rows } = await sql<{ token_hash: string; subject: string; acr: string }>`
        select token_hash, subject, acr from ${this.table('user_session')}
        where token_hash = any(array(select json_array_elements_text(${JSON.stringify([...waiting.keys()])}::json))) and expires_at > now()`.execute(
        this.db,
      );
      const found = new Map(rows.map((r) => [r.token_hash, { subject: r.subject, acr: r.acr }]));
      for (const [key, list] of waiting) for (const w of list) w.resolve(found.get(key));
    } catch (error) {
      for (const list of waiting.values()) for (const w of list) w.reject(error);
    }
  }

  async close(token: string): Promise<void> {
    await sql`delete from ${this.table('user_session')} where token_hash = ${hash(token)}`.execute(this.db);
  }
}
