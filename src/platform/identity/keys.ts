import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { IdentityTables } from './tables.ts';

export type PlatformKeys = {
  /** Private signing keys as JWKs, newest first (oidc-provider's `jwks`). */
  privateJwks: JWK[];
  /** The public half, as published at /oidc/jwks. */
  publicJwks: JWK[];
  kid: string;
  sign: { key: CryptoKey | Uint8Array; alg: 'ES256'; kid: string };
  /** Secrets for cookies and pairwise subjects, shared by every process. */
  cookieKeys: string[];
  pairwiseSalt: string;
};

/** Loads the platform's keys from the database, creating them on first start (safe when processes race). */
export async function loadPlatformKeys(base: Kysely<NoTables>): Promise<PlatformKeys> {
  const db = base.withTables<IdentityTables>();
  const load = () => db.selectFrom('identity.signing_key').select(['kid', 'private_jwk']).orderBy('created_at', 'desc').execute();
  let rows = await load();
  // RS256 is what every OpenID relying party accepts by default; ES256 signs consent receipts.
  for (const alg of ['RS256', 'ES256'] as const) {
    if (rows.some((r) => r.private_jwk.alg === alg)) continue;
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = `tsunagu-${alg.toLowerCase()}-${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`;
    await db
      .insertInto('identity.signing_key')
      .values({ kid, private_jwk: { ...jwk, kid, alg, use: 'sig' } })
      .execute();
    rows = await load();
  }
  const secret = async (name: string) => {
    await db
      .insertInto('identity.secret')
      .values({ name, value: randomBytes(32).toString('base64url') })
      .onConflict((c) => c.column('name').doNothing())
      .execute();
    return (await db.selectFrom('identity.secret').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value;
  };
  const privateJwks = rows.map((r) => r.private_jwk as JWK);
  const newest = privateJwks.find((k) => k.alg === 'ES256');
  if (!newest?.kid) throw new Error('no ES256 signing key');
  const publicJwks = privateJwks.map(({ d: _d, ...rest }) => rest);
  return {
    privateJwks,
    publicJwks,
    kid: newest.kid,
    sign: { key: await importJWK(newest, 'ES256'), alg: 'ES256', kid: newest.kid },
    cookieKeys: [await secret('cookie_key')],
    pairwiseSalt: await secret('pairwise_salt'),
  };
}
