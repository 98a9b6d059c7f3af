import { sql, type Kysely, type Selectable } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { AccountTable, IdentityTables, ServiceTable } from './tables.ts';

export type AccountRow = Selectable<AccountTable>;
export type ServiceRow = Omit<Selectable<ServiceTable>, 'client_secret'>;
export type NewService = Omit<ServiceTable, 'description_ja' | 'description_en' | 'status' | 'created_at'> & {
  description_ja: string;
  description_en: string;
};

const SERVICE_COLUMNS = [
  'id',
  'client_id',
  'name_ja',
  'name_en',
  'company',
  'description_ja',
  'description_en',
  'purposes',
  'categories',
  'redirect_uris',
  'post_logout_redirect_uris',
  'homepage',
  'builtin_module',
  'status',
  'created_at',
] as const;

/** The only place with SQL for accounts, web sessions, services and pairwise subjects. */
export class IdentityRepository {
  private readonly db: Kysely<IdentityTables>;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<IdentityTables>();
  }

  accountById(id: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('identity.account').selectAll().where('id', '=', id).executeTakeFirst();
  }

  accountByPerson(personId: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('identity.account').selectAll().where('person_id', '=', personId).executeTakeFirst();
  }

  accountByEmail(email: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('identity.account').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** False when the e-mail address is taken. */
  async insertAccount(row: Pick<AccountTable, 'id' | 'email' | 'password_hash' | 'display_name' | 'kind'>): Promise<boolean> {
    const result = await this.db
      .insertInto('identity.account')
      .values(row)
      .onConflict((c) => c.column('email').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Links the account to a registry person; false when that person already has another account. */
  async linkPerson(accountId: string, personId: string): Promise<boolean> {
    const taken = await this.db
      .selectFrom('identity.account')
      .select('id')
      .where('person_id', '=', personId)
      .where('id', '!=', accountId)
      .executeTakeFirst();
    if (taken) return false;
    await this.db
      .updateTable('identity.account')
      .set({ person_id: personId, assurance: 'card-verified', verified_at: new Date() })
      .where('id', '=', accountId)
      .execute();
    return true;
  }

  async insertSession(tokenHash: string, accountId: string, expiresAt: Date): Promise<void> {
    await this.db.insertInto('identity.web_session').values({ token_hash: tokenHash, account_id: accountId, expires_at: expiresAt }).execute();
  }

  async accountBySession(tokenHash: string): Promise<AccountRow | undefined> {
    return this.db
      .selectFrom('identity.web_session as s')
      .innerJoin('identity.account as a', 'a.id', 's.account_id')
      .selectAll('a')
      .where('s.token_hash', '=', tokenHash)
      .where('s.expires_at', '>', new Date())
      .executeTakeFirst();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('identity.web_session').where('token_hash', '=', tokenHash).execute();
  }

  async insertService(row: NewService): Promise<boolean> {
    const result = await this.db
      .insertInto('identity.service')
      .values({
        ...row,
        purposes: json(row.purposes),
        categories: json(row.categories),
        redirect_uris: json(row.redirect_uris),
        post_logout_redirect_uris: json(row.post_logout_redirect_uris),
      })
      .onConflict((c) => c.column('client_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Inserts or brings up to date a built-in module's registration (its manifest and derived secret). */
  async upsertBuiltinService(row: NewService): Promise<void> {
    const values = {
      ...row,
      purposes: json(row.purposes),
      categories: json(row.categories),
      redirect_uris: json(row.redirect_uris),
      post_logout_redirect_uris: json(row.post_logout_redirect_uris),
    };
    const { id: _id, client_id: _clientId, ...changes } = values;
    await this.db
      .insertInto('identity.service')
      .values(values)
      .onConflict((c) => c.column('client_id').doUpdateSet(changes))
      .execute();
  }

  services(): Promise<ServiceRow[]> {
    return this.db.selectFrom('identity.service').select(SERVICE_COLUMNS).where('status', '=', 'active').orderBy('created_at').execute();
  }

  serviceByClientId(clientId: string): Promise<ServiceRow | undefined> {
    return this.db.selectFrom('identity.service').select(SERVICE_COLUMNS).where('client_id', '=', clientId).executeTakeFirst();
  }

  serviceById(id: string): Promise<ServiceRow | undefined> {
    return this.db.selectFrom('identity.service').select(SERVICE_COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async rememberPairwise(clientId: string, sub: string, accountId: string): Promise<void> {
    await this.db
      .insertInto('identity.pairwise_subject')
      .values({ client_id: clientId, sub, account_id: accountId })
      .onConflict((c) => c.columns(['client_id', 'sub']).doNothing())
      .execute();
  }

  /** The accounts behind pairwise subjects of a client, for those that exist. */
  async accountsForSubjects(clientId: string, subs: readonly string[]): Promise<Map<string, string>> {
    // Each looked up by its key (`offset 0` keeps the lookup per subject): for a few hundred
    // subjects the planner chose a scan of every pairwise subject of every service instead.
    const { rows } = await sql<{ sub: string; account_id: string }>`
      select k.sub, p.account_id from unnest(${[...subs]}::text[]) as k(sub)
      cross join lateral (select account_id from identity.pairwise_subject where client_id = ${clientId} and sub = k.sub offset 0) p`.execute(
      this.db,
    );
    return new Map(rows.map((r) => [r.sub, r.account_id]));
  }

  /** Ids of the OIDC grants an account gave a client (to revoke them with their tokens). */
  async grantIds(accountId: string, clientId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('identity.oidc_payload')
      .select('id')
      .where('model', '=', 'Grant')
      .where((eb) =>
        eb.and([eb(eb.ref('payload', '->>').key('accountId'), '=', accountId), eb(eb.ref('payload', '->>').key('clientId'), '=', clientId)]),
      )
      .execute();
    return rows.map((r) => r.id);
  }
}

// jsonb parameters must be sent as JSON text on both drivers.
function json<T>(value: T): T {
  return JSON.stringify(value) as unknown as T;
}
