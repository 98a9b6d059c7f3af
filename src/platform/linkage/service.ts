import type { Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { NoTables } from '@lib/db/database.ts';
import { DATA_CATEGORIES, categoryInfo, isDataCategory, type DataCategory } from '@platform/consent/categories.ts';
import { decideOn, type ConsentLedger, type Decision } from '@platform/consent/service.ts';
import { unauthorized, type TokenToConfirm } from '@lib/http/access.ts';
import { AccessLog } from './access-log.ts';
import { LinkageRepository } from './repository.ts';
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

const REGISTRY_CATEGORIES = new Set<DataCategory>(['basic_attributes', 'basic_four', 'contact', 'household', 'family', 'support_needed', 'location']);

export type LinkageCall = { accountId: string; clientId: string; category: string; action: 'read' | 'write' };

/** A read: the call, and the caller's token when the access check left its liveness to confirm. */
export type ReadCall = Omit<LinkageCall, 'action'> & { token?: TokenToConfirm | undefined };

/**
 * Consent-gated personal data: every read and write checks the live consent and is written
 * to the access log, allowed or denied.
 */
export class LinkageService {
  readonly log: AccessLog;
  private readonly repository: LinkageRepository;

  constructor(
    db: Kysely<NoTables>,
    private readonly deps: LinkageDeps,
  ) {
    this.log = new AccessLog(db);
    this.repository = new LinkageRepository(db);
  }

  async accountForSubject(clientId: string, sub: string): Promise<string> {
    const accountId = await this.deps.accountForSubject(clientId, sub);
    if (!accountId) throw new LinkageError('subject_not_found');
    return accountId;
  }

  /**
   * Token liveness, consent and data come from one statement (one snapshot, one round trip);
   * the decision is logged, allowed or denied, before anything is returned.
   */
  async read(call: ReadCall): Promise<{ category: DataCategory; consentVersion: number; data: unknown }> {
    const category = checkDirection(call.category, 'read');
    const at = new Date();
    const fromRegistry = REGISTRY_CATEGORIES.has(category);
    const snapshot = await this.repository.readSnapshot({ ...call, category, withRecords: !fromRegistry, token: call.token });
    if (snapshot.tokenLive === false) throw unauthorized('The access token has expired or was revoked.');
    const decision = decideOn(snapshot.consent, category);
    await this.record(at, { ...call, action: 'read' }, category, decision);
    if (!decision.allowed) throw new LinkageError('not_consented', `Denied: ${decision.reason}.`);
    const data = fromRegistry ? await this.fromRegistry(call.accountId, category) : snapshot.records;
    if (data === undefined) throw new LinkageError('no_data');
    return { category, consentVersion: decision.consent.version, data };
  }

  /**
   * Records data under a consent that covers it. With an idempotency key the service used
   * before for the same write, the first record is the answer and nothing is stored twice.
   */
  async write(
    call: Omit<LinkageCall, 'action'>,
    data: unknown,
    idempotencyKey?: string,
  ): Promise<{ id: string; recordedAt: Date; replayed: boolean }> {
    const category = await this.authorize({ ...call, action: 'write' });
    const stored = await this.repository.insert({
      id: uuidv7(),
      account_id: call.accountId,
      client_id: call.clientId,
      category: category.id,
      data: JSON.stringify(data),
      recorded_at: new Date(),
      idempotency_key: idempotencyKey ?? null,
    });
    if (stored.replay === 'different') throw new LinkageError('idempotency_key_reused');
    return { id: stored.id, recordedAt: stored.recordedAt, replayed: stored.replay === 'same' };
  }

  /** Checks direction and live consent; logs the decision either way. */
  private async authorize(call: LinkageCall): Promise<{ id: DataCategory; version: number }> {
    const category = checkDirection(call.category, call.action);
    const at = new Date();
    const decision = await this.deps.ledger.decide(call.accountId, call.clientId, category);
    await this.record(at, call, category, decision);
    if (!decision.allowed) throw new LinkageError('not_consented', `Denied: ${decision.reason}.`);
    return { id: category, version: decision.consent.version };
  }

  /** Writes the decision to the access log; resolves once it is durable. */
  private async record(at: Date, call: LinkageCall, category: DataCategory, decision: Decision): Promise<void> {
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
  }

  private async fromRegistry(accountId: string, category: DataCategory): Promise<unknown> {
    const personId = await this.deps.personOf(accountId);
    return personId ? this.deps.registry(personId, category) : undefined;
  }
}

/** The category, if it is one and may be used this way. */
function checkDirection(name: string, action: LinkageCall['action']): DataCategory {
  if (!isDataCategory(name)) throw new LinkageError('unknown_category', `Known categories: ${DATA_CATEGORIES.map((c) => c.id).join(', ')}.`);
  const way = categoryInfo(name).direction;
  if (action === 'read' && way === 'write') throw new LinkageError('not_readable');
  if (action === 'write' && way === 'read') throw new LinkageError('not_writable');
  return name;
}
