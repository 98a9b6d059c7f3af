import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Database, NoTables } from '../db/database.ts';

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

/**
 * Every change to a session row (a sign-out, or an operator ending sessions by hand) is told to
 * each server process (NOTIFY on `<schema>_session_ended`, with the token's hash), so that a
 * process may remember the sessions it has looked up (`SessionStore`).
 */
export function serviceSessionEndsMigration(schema: string): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql`create function ${sql.id(schema, 'session_ended')}() returns trigger language plpgsql as $$
        begin
          perform pg_notify(${sql.lit(`${schema}_session_ended`)}, old.token_hash);
          return null;
        end $$`.execute(db);
      await sql`create trigger session_ended after update or delete on ${sql.id(schema, 'user_session')}
        for each row execute function ${sql.id(schema, 'session_ended')}()`.execute(db);
    },
  };
}

export type StoredSession = { subject: string; acr: string };
export type LoginState = { codeVerifier: string; returnTo: string };

const LOGIN_STATE_MINUTES = 15;
const hash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Sessions a process remembers at most (a few hundred bytes each). */
const REMEMBERED_SESSIONS = 100_000;

/** A service module's sessions and pending sign-ins, in its own schema. */
export class SessionStore {
  /**
   * Sessions this process looked up, with their expiry: kept only while it hears every session's
   * end (`database.listen`), and forgotten whenever it stops hearing them.
   */
  private readonly remembered = new LRUCache<string, { session: StoredSession; expiresAt: number }>({ max: REMEMBERED_SESSIONS });
  private hearing = false;
  /** Counts the times this process stopped hearing: a look-up that spans one remembers nothing. */
  private deafSpells = 0;
  /** The look-ups in flight, each with the sessions that ended since it was sent. */
  private readonly lookups = new Set<Set<string>>();

  /** With `database`, sessions are remembered (see `find`); without it, every look-up asks the database. */
  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly schema: string,
    database?: Pick<Database, 'listen'>,
  ) {
    database?.listen(`${schema}_session_ended`, {
      heard: (tokenHash) => this.ended(tokenHash),
      listening: (yes) => {
        this.hearing = yes;
        this.remembered.clear();
        if (!yes) this.deafSpells++;
      },
    });
  }

  /** Whether it hears every session's end now, and so remembers the sessions it looks up. */
  get remembers(): boolean {
    return this.hearing;
  }

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
   *
   * A session this process has looked up before is answered from memory until it expires, while
   * the process hears every session's end: a sign-out in any process reaches the others within
   * milliseconds of its commit, about as long as a request already past its session check takes
   * to finish anyway. Each look-up was a round trip before the payment's own: remembering them,
   * three of four alternating spread-bench pairs ran 11–24% faster, one the same (docs/currency.md).
   */
  find(token: string): Promise<StoredSession | undefined> {
    const key = hash(token);
    const known = this.remembered.get(key);
    if (known && known.expiresAt > Date.now()) return Promise.resolve(known.session);
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
    const remember = this.hearing;
    const spells = this.deafSpells;
    const endedMeanwhile = new Set<string>();
    this.lookups.add(endedMeanwhile);
    try {
      const { rows } = await sql<{ token_hash: string; subject: string; acr: string; expires_at: Date }>`
        select token_hash, subject, acr, expires_at from ${this.table('user_session')}
        where token_hash = any(array(select json_array_elements_text(${JSON.stringify([...waiting.keys()])}::json))) and expires_at > now()`.execute(
        this.db,
      );
      const found = new Map(rows.map((r) => [r.token_hash, { subject: r.subject, acr: r.acr }]));
      // A session that ended after this look-up read it is not remembered, nor is any when a
      // notice may have been missed meanwhile.
      if (remember && this.hearing && spells === this.deafSpells) {
        for (const r of rows) {
          const session = found.get(r.token_hash);
          if (session && !endedMeanwhile.has(r.token_hash))
            this.remembered.set(r.token_hash, { session, expiresAt: new Date(r.expires_at).getTime() });
        }
      }
      for (const [key, list] of waiting) for (const w of list) w.resolve(found.get(key));
    } catch (error) {
      for (const list of waiting.values()) for (const w of list) w.reject(error);
    } finally {
      this.lookups.delete(endedMeanwhile);
    }
  }

  async close(token: string): Promise<void> {
    await sql`delete from ${this.table('user_session')} where token_hash = ${hash(token)}`.execute(this.db);
    // Every process hears of it (the trigger); this one forgets it before answering the sign-out.
    this.ended(hash(token));
  }

  private ended(tokenHash: string): void {
    this.remembered.delete(tokenHash);
    for (const endedMeanwhile of this.lookups) endedMeanwhile.add(tokenHash);
  }
}
