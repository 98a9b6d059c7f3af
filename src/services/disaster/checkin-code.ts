import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

/**
 * Check-in codes (QR): `TSG1.<kind>.<id>.<mac>`, kind `u` for a citizen's app (their subject)
 * or `p` for a printed card of a person in the support register; the MAC is HMAC-SHA256
 * under a key kept in the database, so every process signs and verifies alike and a code
 * someone made up is refused.
 */
export type CheckinTarget = { kind: 'user'; subject: string } | { kind: 'person'; personId: string };

const PREFIX = 'TSG1';

export class CheckinCodes {
  private key: Promise<Buffer> | null = null;

  constructor(private readonly db: Kysely<NoTables>) {}

  private secret(): Promise<Buffer> {
    this.key ??= (async () => {
      await sql`insert into disaster.signing_key (id, secret) values (1, ${randomBytes(32).toString('base64url')}) on conflict do nothing`.execute(
        this.db,
      );
      const { rows } = await sql<{ secret: string }>`select secret from disaster.signing_key where id = 1`.execute(this.db);
      return Buffer.from(rows[0]?.secret ?? '', 'base64url');
    })();
    return this.key;
  }

  private async mac(body: string): Promise<string> {
    return createHmac('sha256', await this.secret())
      .update(body)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  async sign(target: CheckinTarget): Promise<string> {
    const body = target.kind === 'user' ? `${PREFIX}.u.${Buffer.from(target.subject).toString('base64url')}` : `${PREFIX}.p.${target.personId}`;
    return `${body}.${await this.mac(body)}`;
  }

  /** The person a code stands for, or undefined for anything not signed by this city. */
  async verify(code: string): Promise<CheckinTarget | undefined> {
    const parts = code.trim().split('.');
    if (parts.length !== 4 || parts[0] !== PREFIX) return undefined;
    const [, kind, id, given] = parts as [string, string, string, string];
    const expected = Buffer.from(await this.mac(`${PREFIX}.${kind}.${id}`));
    const actual = Buffer.from(given);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
    if (kind === 'u') return { kind: 'user', subject: Buffer.from(id, 'base64url').toString() };
    if (kind === 'p' && /^[0-9a-f-]{36}$/.test(id)) return { kind: 'person', personId: id };
    return undefined;
  }
}
