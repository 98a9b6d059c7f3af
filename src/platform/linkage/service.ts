import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { NoTables } from '@lib/db/database.ts';
import { DATA_CATEGORIES, categoryInfo, isDataCategory, type DataCategory } from '@platform/consent/categories.ts';
import type { ConsentLedger } from '@platform/consent/service.ts';
import { AccessLog } from './access-log.ts';
import { LinkageError } from './errors.ts';

/** Reads one category of city-held data about a registry person; undefined when there is none. */
export type RegistryDataReader = (personId: string, category: DataCategory) => Promise<unknown>;

export type LinkageDeps = {
  ledger: ConsentLedger;
  /** The registry person an account was verified as (null when it was not). */
  personOf: (accountId: string) => Promise<string | null>;
  registry: RegistryDataReader;
  service: (clientId: string) => Promise<{ name: string; company: string; purposes: { ja: string }[] }>;
  accountForSubject: (clientId: string, sub: string) => Promise<string | undefined>;
};

type RecordTables = {
  'linkage.record': { id: string; account_id: string; client_id: string; category: string; data: unknown; recorded_at: Date };
};

const REGISTRY_CATEGORIES = new Set<DataCategory>(['basic_attributes', 'basic_four', 'contact', 'household', 'family', 'support_needed', 'location']);

export type LinkageCall = { accountId: string; clientId: string; category: string; action: 'read' | 'write' };

/**
 * Consent-gated personal data: every read and write checks the live consent and is written
 * to the access log, allowed or denied.
 */
export class LinkageService {
  readonly log: AccessLog;
  private readonly db: Kysely<RecordTables>;

  constructor(
    db: Kysely<NoTables>,
    private readonly deps: LinkageDeps,
  ) {
    this.log = new AccessLog(db);
    this.db = db.withTables<RecordTables>();
  }

  async accountForSubject(clientId: string, sub: string): Promise<string> {
    const accountId = await this.deps.accountForSubject(clientId, sub);
    if (!accountId) throw new LinkageError('subject_not_found');
    return accountId;
  }

  async read(call: Omit<LinkageCall, 'action'>): Promise<{ category: DataCategory; consentVersion: number; data: unknown }> {
    const category = await this.authorize({ ...call, action: 'read' });
    const data = await this.load(call.accountId, category.id);
    if (data === undefined) throw new LinkageError('no_data');
    return { category: category.id, consentVersion: category.version, data };
  }

  async write(call: Omit<LinkageCall, 'action'>, data: unknown): Promise<{ id: string; recordedAt: Date }> {
    const category = await this.authorize({ ...call, action: 'write' });
    const row = {
      id: uuidv7(),
      account_id: call.accountId,
      client_id: call.clientId,
      category: category.id,
      data: JSON.stringify(data),
      recorded_at: new Date(),
    };
    await this.db.insertInto('linkage.record').values(row).execute();
    return { id: row.id, recordedAt: row.recorded_at };
  }

  /** Checks category, direction and live consent; logs the decision either way. */
  private async authorize(call: LinkageCall): Promise<{ id: DataCategory; version: number }> {
    if (!isDataCategory(call.category))
      throw new LinkageError('unknown_category', `Known categories: ${DATA_CATEGORIES.map((c) => c.id).join(', ')}.`);
    const category = call.category;
    const way = categoryInfo(category).direction;
    if (call.action === 'read' && way === 'write') throw new LinkageError('not_readable');
    if (call.action === 'write' && way === 'read') throw new LinkageError('not_writable');
    const at = new Date();
    const decision = await this.deps.ledger.decide(call.accountId, call.clientId, category);
    // The consent record names the service as the citizen agreed to it; ask the directory only when there is none.
    const service = decision.consent
      ? { name: decision.consent.service_name, company: decision.consent.company, purposes: decision.consent.purposes }
      : await this.deps.service(call.clientId);
    await this.log.append({
      at,
      accountId: call.accountId,
      clientId: call.clientId,
      serviceName: service.name,
      company: service.company,
      category,
      action: call.action,
      purpose: service.purposes.map((p) => p.ja).join(' / '),
      consentId: decision.consent?.id ?? null,
      consentVersion: decision.consent?.version ?? null,
      outcome: decision.allowed ? 'allowed' : 'denied',
      reason: decision.allowed ? null : decision.reason,
    });
    if (!decision.allowed) throw new LinkageError('not_consented', `Denied: ${decision.reason}.`);
    return { id: category, version: decision.consent.version };
  }

  private async load(accountId: string, category: DataCategory): Promise<unknown> {
    if (REGISTRY_CATEGORIES.has(category)) {
      const personId = await this.deps.personOf(accountId);
      return personId ? this.deps.registry(personId, category) : undefined;
    }
    const rows = await this.db
      .selectFrom('linkage.record')
      .select(['id', 'client_id', 'data', 'recorded_at'])
      .where('account_id', '=', accountId)
      .where('category', '=', category)
      .orderBy('recorded_at', 'desc')
      .limit(100)
      .execute();
    return rows.map((r) => ({ id: r.id, recordedBy: r.client_id, recordedAt: r.recorded_at.toISOString(), data: r.data }));
  }
}
