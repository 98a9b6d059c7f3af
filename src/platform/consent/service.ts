import type { Kysely } from 'kysely';
import { uuidv7 } from '@lib/ids.ts';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { publishEvent } from '@platform/events/index.ts';
import type { DataCategory } from './categories.ts';
import { ConsentError } from './errors.ts';
import { consentReceipt, signReceipt, type ReceiptContext } from './receipt.ts';
import { ConsentRepository, type ConsentRow } from './repository.ts';

/** What consent needs to know of a service (from the service directory). */
export type ConsentService = {
  clientId: string;
  name: string;
  company: string;
  purposes: { ja: string; en: string }[];
  categories: { category: string; required: boolean }[];
};

export type ConsentDeps = {
  service: (clientId: string) => Promise<ConsentService>;
  /** Revokes every token the service holds for the citizen (called after a full withdrawal commits). */
  revokeTokens: (accountId: string, clientId: string) => Promise<void>;
  /** The citizen's pseudonymous id at that service (for receipts). */
  subject: (accountId: string, clientId: string) => Promise<string>;
  receipts: ReceiptContext;
};

export type Decision =
  | { allowed: true; consent: ConsentRow }
  | { allowed: false; reason: 'no_consent' | 'withdrawn' | 'category_not_consented' | 'expired'; consent: ConsentRow | undefined };

/** The decision a consent version (the latest, read live) gives for one category, now. */
export function decideOn(consent: ConsentRow | undefined, category: DataCategory): Decision {
  if (!consent) return { allowed: false, reason: 'no_consent', consent };
  if (consent.status === 'withdrawn') return { allowed: false, reason: 'withdrawn', consent };
  if (consent.valid_until && consent.valid_until.getTime() <= Date.now()) return { allowed: false, reason: 'expired', consent };
  if (!consent.categories.includes(category)) return { allowed: false, reason: 'category_not_consented', consent };
  return { allowed: true, consent };
}

/** Opt-in consent: grant, narrow, withdraw, re-grant; every change a new append-only version. */
export class ConsentLedger {
  private readonly repository: ConsentRepository;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly deps: ConsentDeps,
  ) {
    this.repository = new ConsentRepository(db);
  }

  /** Records the citizen's opt-in to exactly `categories` (replacing any earlier choice). */
  async grant(accountId: string, clientId: string, categories: readonly DataCategory[]): Promise<ConsentRow> {
    const service = await this.deps.service(clientId);
    const requested = new Map(service.categories.map((c) => [c.category, c.required]));
    for (const category of categories) {
      if (!requested.has(category)) throw new ConsentError('category_not_requested', `${service.name} did not ask for ${category}.`);
    }
    const missing = service.categories.filter((c) => c.required && !categories.includes(c.category as DataCategory));
    if (missing.length > 0) throw new ConsentError('required_category_missing', `Required: ${missing.map((c) => c.category).join(', ')}.`);
    const subject = await this.deps.subject(accountId, clientId);
    return withTransaction(this.db, async (tx) => {
      const repository = new ConsentRepository(tx);
      const latest = await repository.latest(accountId, service.clientId, true);
      const row = await repository.insert(this.version(accountId, service, (latest?.version ?? 0) + 1, 'active', [...new Set(categories)]));
      await publishEvent(tx, {
        type: 'consent.granted',
        subject,
        audience: clientId,
        data: {
          consentId: row.id,
          clientId,
          purpose: service.purposes.map((p) => p.ja).join(' / '),
          categories: row.categories,
          version: row.version,
        },
      });
      return row;
    });
  }

  /** Withdraws some categories, or the whole consent when `categories` is 'all' or nothing would remain. */
  async withdraw(accountId: string, clientId: string, categories: readonly DataCategory[] | 'all'): Promise<ConsentRow> {
    const service = await this.deps.service(clientId);
    const subject = await this.deps.subject(accountId, clientId);
    const row = await withTransaction(this.db, async (tx) => {
      const repository = new ConsentRepository(tx);
      const latest = await repository.latest(accountId, clientId, true);
      if (!latest || latest.status !== 'active') throw new ConsentError('nothing_to_withdraw');
      const remaining = categories === 'all' ? [] : latest.categories.filter((c) => !categories.includes(c));
      const withdrawn = latest.categories.filter((c) => !remaining.includes(c));
      const inserted = await repository.insert(
        this.version(
          accountId,
          service,
          latest.version + 1,
          remaining.length ? 'active' : 'withdrawn',
          remaining.length ? remaining : latest.categories,
        ),
      );
      // In the same transaction: the service hears of it exactly when it takes effect.
      await publishEvent(tx, {
        type: 'consent.withdrawn',
        subject,
        audience: clientId,
        data: { consentId: inserted.id, clientId, categories: withdrawn, version: inserted.version },
      });
      return inserted;
    });
    if (row.status === 'withdrawn') await this.deps.revokeTokens(accountId, clientId);
    return row;
  }

  /** Whether the service may use the category for the citizen right now; read live, never cached. */
  async decide(accountId: string, clientId: string, category: DataCategory): Promise<Decision> {
    return decideOn(await this.repository.latest(accountId, clientId), category);
  }

  current(accountId: string): Promise<ConsentRow[]> {
    return this.repository.currentForAccount(accountId);
  }

  history(accountId: string, clientId: string): Promise<ConsentRow[]> {
    return this.repository.history(accountId, clientId);
  }

  /** The signed Kantara receipt of one consent version the citizen owns. */
  async receipt(accountId: string, consentId: string): Promise<{ receipt: object; jws: string }> {
    const row = await this.repository.byId(consentId);
    if (!row || row.account_id !== accountId) throw new ConsentError('consent_not_found');
    const receipt = consentReceipt(row, await this.deps.subject(accountId, row.client_id), this.deps.receipts);
    return { receipt, jws: await signReceipt(receipt, this.deps.receipts) };
  }

  private version(accountId: string, service: ConsentService, version: number, status: 'active' | 'withdrawn', categories: DataCategory[]) {
    return {
      id: uuidv7(),
      account_id: accountId,
      client_id: service.clientId,
      version,
      status,
      categories,
      purposes: service.purposes,
      service_name: service.name,
      company: service.company,
      valid_from: new Date(),
      valid_until: null,
    };
  }
}
