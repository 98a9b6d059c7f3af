import type { Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { NoTables } from '@lib/db/database.ts';
import type { IdentityTables, ServiceTable } from './tables.ts';

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** OIDC client metadata of a registered service: confidential, code + PKCE, pairwise subjects. */
export function clientMetadata(
  service: Pick<ServiceTable, 'client_id' | 'client_secret' | 'redirect_uris' | 'post_logout_redirect_uris' | 'categories'>,
) {
  return {
    client_id: service.client_id,
    client_secret: service.client_secret,
    redirect_uris: service.redirect_uris,
    post_logout_redirect_uris: service.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    subject_type: 'pairwise',
    scope: ['openid', 'offline_access', ...service.categories.map((c) => `tsunagu:${c.category}`)].join(' '),
  };
}

/**
 * oidc-provider storage in our database (PGlite or PostgreSQL), so every process sees the
 * same codes, tokens, sessions and grants. Clients are the registered services themselves.
 */
export function oidcAdapterFactory(base: Kysely<NoTables>) {
  const db = base.withTables<IdentityTables>();
  return class KyselyOidcAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        model: this.model,
        id,
        payload: payload as Record<string, unknown>,
        grant_id: GRANTABLE.has(this.model) || this.model === 'Grant' ? (payload.grantId ?? (this.model === 'Grant' ? id : null)) : null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        consumed_at: null,
      };
      await db
        .insertInto('identity.oidc_payload')
        .values(row)
        .onConflict((c) =>
          c
            .columns(['model', 'id'])
            .doUpdateSet({ payload: row.payload, grant_id: row.grant_id, uid: row.uid, user_code: row.user_code, expires_at: row.expires_at }),
        )
        .execute();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const service = await db
          .selectFrom('identity.service')
          .select(['client_id', 'client_secret', 'redirect_uris', 'post_logout_redirect_uris', 'categories'])
          .where('client_id', '=', id)
          .where('status', '=', 'active')
          .executeTakeFirst();
        return service ? (clientMetadata(service) as AdapterPayload) : undefined;
      }
      return this.findWhere('id', id);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('uid', uid);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('user_code', userCode);
    }

    async consume(id: string): Promise<void> {
      await db.updateTable('identity.oidc_payload').set({ consumed_at: new Date() }).where('model', '=', this.model).where('id', '=', id).execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('identity.oidc_payload').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('identity.oidc_payload').where('grant_id', '=', grantId).execute();
    }

    private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('identity.oidc_payload')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row || (row.expires_at && row.expires_at.getTime() <= Date.now())) return undefined;
      return { ...row.payload, ...(row.consumed_at ? { consumed: Math.floor(row.consumed_at.getTime() / 1000) } : {}) };
    }
  };
}
