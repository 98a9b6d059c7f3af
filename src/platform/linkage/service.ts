import type { Kysely } from 'kysely';
import { uuidv7 } from '@lib/ids.ts';
import type { NoTables } from '@lib/db/database.ts';
import { DATA_CATEGORIES, categoryInfo, isDataCategory, type DataCategory } from '@platform/consent/categories.ts';
import { decideOn, type Decision } from '@platform/consent/service.ts';
import { unauthorized, type TokenToConfirm } from '@lib/http/access.ts';
import { LRUCache } from 'lru-cache';
import type { ConsentRow } from '@platform/consent/repository.ts';
import { AccessLog, type AccessEntry } from './access-log.ts';
import { LinkageRepository, type NewRecord, type ReadSnapshot, type Stored } from './repository.ts';
import { LinkageError } from './errors.ts';

/** Reads one category of city-held data about a registry person; undefined when there is none. */
export type RegistryDataReader = (personId: string, category: DataCategory) => Promise<unknown>;

export type LinkageDeps = {
  /** The registry person an account was verified as (null when it was not). */
  personOf: (accountId: string) => Promise<string | null>;
  registry: RegistryDataReader;
  service: (clientId: string) => Promise<{ name: string; company: string; purposes: { ja: string }[] }>;
  /** The accounts behind a client's pairwise subjects (those that exist). */
  accountsForSubjects: (clientId: string, subs: readonly string[]) => Promise<Map<string, string>>;
};

/** Citizen–service pairs whose consent version a process remembers. */
const REMEMBERED_CONSENTS = 100_000;

const REGISTRY_CATEGORIES = new Set<DataCategory>(['basic_attributes', 'basic_four', 'contact', 'household', 'family', 'support_needed', 'location']);

/** One of many writes a service sends together. */
export type ManyWrite = { subject: string; category: string; data: unknown; idempotencyKey?: string | undefined };
/** How one of many writes went: the status and body its own POST would have had. */
export type ManyWriteResult = { status: 200 | 201; id: string; recordedAt: string } | { status: number; code: string; detail?: string };

export type LinkageCall = { accountId: string; clientId: string; category: string; action: 'read' | 'write' };

/** A read: the call, and the caller's token when the access check left its liveness to confirm. */
export type ReadCall = Omit<LinkageCall, 'action'> & { token?: TokenToConfirm | undefined };

/** A call to decide: what it asks, and what its snapshot must bring. */
type Asked = { call: LinkageCall; category: DataCategory; token: TokenToConfirm | undefined; withRecords: boolean };
/** A call decided, on the snapshot it was decided on. */
type Decided = { snapshot: ReadSnapshot; decision: Decision };

/**
 * Consent-gated personal data: every read and write checks the live consent and is written
 * to the access log, allowed or denied.
 */
export class LinkageService {
  readonly log: AccessLog;
  private readonly repository: LinkageRepository;

  /**
   * The consent version each citizen–service pair had when this process last read it. It only
   * predicts: a read writes its log entry in the statement that reads its consent when the live
   * version is still this one, and decides on the live version otherwise.
   */
  private readonly consents = new LRUCache<string, ConsentRow>({ max: REMEMBERED_CONSENTS });

  constructor(
    db: Kysely<NoTables>,
    private readonly deps: LinkageDeps,
  ) {
    this.log = new AccessLog(db);
    this.repository = new LinkageRepository(db, this.log);
  }

  async accountForSubject(clientId: string, sub: string): Promise<string> {
    const accountId = (await this.deps.accountsForSubjects(clientId, [sub])).get(sub);
    if (!accountId) throw new LinkageError('subject_not_found');
    return accountId;
  }

  /**
   * Token liveness, consent and data come from one statement (one snapshot, one round trip);
   * the decision is logged, allowed or denied, before anything is returned.
   */
  async read(call: ReadCall): Promise<{ category: DataCategory; consentVersion: number; data: unknown }> {
    const category = checkDirection(call.category, 'read');
    const fromRegistry = REGISTRY_CATEGORIES.has(category);
    const { snapshot, decision } = await this.decide({
      call: { ...call, action: 'read' },
      category,
      token: call.token,
      withRecords: !fromRegistry,
    });
    if (!decision.allowed) throw denied(decision);
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
    return written(await this.repository.insert(newRecord(call, category, data, idempotencyKey)));
  }

  /**
   * Many writes by one service, each decided, logged and stored as its own write would be,
   * and answered with the status its own POST would have had. The decisions share their
   * statements; the records are stored in one statement in the order given, so of two writes
   * under one idempotency key the earlier is the one stored.
   */
  async writeMany(clientId: string, writes: readonly ManyWrite[]): Promise<ManyWriteResult[]> {
    const accounts = await this.deps.accountsForSubjects(
      clientId,
      writes.map((w) => w.subject),
    );
    // Each write's answer goes in its place; those refused before any decision are answered at once.
    const results: ManyWriteResult[] = [];
    const calls: (Asked & { write: ManyWrite; at: number })[] = [];
    writes.forEach((write, at) => {
      try {
        const accountId = accounts.get(write.subject);
        if (!accountId) throw new LinkageError('subject_not_found');
        const call = { accountId, clientId, category: write.category, action: 'write' as const };
        calls.push({ call, category: checkDirection(write.category, 'write'), token: undefined, withRecords: false, write, at });
      } catch (err) {
        results[at] = refusal(err);
      }
    });
    const decided = await this.decideMany(calls);
    const allowed = calls.filter((c, i) => {
      const { decision } = decided[i] as Decided;
      if (!decision.allowed) results[c.at] = refusal(denied(decision));
      return decision.allowed;
    });
    const outcomes = await this.repository.insertMany(allowed.map((c) => newRecord(c.call, c.category, c.write.data, c.write.idempotencyKey)));
    allowed.forEach((c, i) => {
      try {
        const w = written(outcomes[i] as Stored);
        results[c.at] = { status: w.replayed ? 200 : 201, id: w.id, recordedAt: w.recordedAt.toISOString() };
      } catch (err) {
        results[c.at] = refusal(err);
      }
    });
    return results;
  }

  /** Checks direction and live consent; logs the decision either way. */
  private async authorize(call: LinkageCall): Promise<DataCategory> {
    const category = checkDirection(call.category, call.action);
    const { decision } = await this.decide({ call, category, token: undefined, withRecords: false });
    if (!decision.allowed) throw denied(decision);
    return category;
  }

  /** One call's decision (see `decideMany`); a call whose token is no longer live is refused before any decision. */
  private async decide(asked: Asked): Promise<Decided> {
    const [decided] = await this.decideMany([asked]);
    if (decided?.snapshot.tokenLive === false) throw unauthorized('The access token has expired or was revoked.');
    return decided as Decided;
  }

  /**
   * Reads each call's live snapshot and decides on its consent; every decision is durable in
   * the access log, allowed or denied, before this returns. When a consent is still the version
   * this process last saw, the decision taken on that version is logged by the statement that
   * reads the snapshot (calls arriving together share it); the others are logged after, together.
   * A call whose token is no longer live gets no decision logged: its caller refuses it.
   */
  private async decideMany(calls: readonly Asked[]): Promise<Decided[]> {
    const at = new Date();
    const predictions = calls.map(({ call, category, token, withRecords }) => {
      const key = `${call.accountId} ${call.clientId}`;
      const seen = this.consents.get(key);
      const predicted = seen ? decideOn(seen, category) : undefined;
      const logAs = seen && predicted && { consent: seen, entry: entryFor(at, call, category, predicted, seen) };
      return { key, seen, predicted, query: { ...call, category, token, withRecords, logAs } };
    });
    const snapshots = await Promise.all(predictions.map((p) => this.repository.readSnapshot(p.query)));
    const unlogged: number[] = [];
    const decided = calls.map(({ category }, i): Decided => {
      const { key, seen, predicted } = predictions[i] as (typeof predictions)[number];
      const snapshot = snapshots[i] as ReadSnapshot;
      // Unchanged, the consent is the very object remembered (and get() already marked it recently used).
      if (snapshot.consent && snapshot.consent !== seen) this.consents.set(key, snapshot.consent);
      else if (!snapshot.consent) this.consents.delete(key);
      if (snapshot.logged && predicted) return { snapshot, decision: predicted };
      if (snapshot.tokenLive !== false) unlogged.push(i);
      return { snapshot, decision: decideOn(snapshot.consent, category) };
    });
    if (unlogged.length > 0) {
      // The consent record names the service as the citizen agreed to it; ask the directory only when there is none.
      const directory = new Map<string, ReturnType<LinkageService['serviceOf']>>();
      const serviceOf = (clientId: string) => {
        let service = directory.get(clientId);
        if (!service) directory.set(clientId, (service = this.serviceOf(clientId)));
        return service;
      };
      const entries = await Promise.all(
        unlogged.map(async (i) => {
          const { call, category } = calls[i] as Asked;
          const { decision } = decided[i] as Decided;
          return entryFor(at, call, category, decision, decision.consent ?? (await serviceOf(call.clientId)));
        }),
      );
      await Promise.all(entries.map((entry) => this.log.append(entry)));
    }
    return decided;
  }

  private async serviceOf(clientId: string): Promise<{ service_name: string; company: string; purposes: { ja: string }[] }> {
    const service = await this.deps.service(clientId);
    return { service_name: service.name, company: service.company, purposes: service.purposes };
  }

  private async fromRegistry(accountId: string, category: DataCategory): Promise<unknown> {
    const personId = await this.deps.personOf(accountId);
    return personId ? this.deps.registry(personId, category) : undefined;
  }
}

/** The access-log entry for a decision about a service (named as its consent record names it). */
function entryFor(
  at: Date,
  call: LinkageCall,
  category: DataCategory,
  decision: Decision,
  service: { service_name: string; company: string; purposes: { ja: string }[] },
): AccessEntry {
  return {
    at,
    accountId: call.accountId,
    clientId: call.clientId,
    serviceName: service.service_name,
    company: service.company,
    category,
    action: call.action,
    purpose: service.purposes.map((p) => p.ja).join(' / '),
    consentId: decision.consent?.id ?? null,
    consentVersion: decision.consent?.version ?? null,
    outcome: decision.allowed ? 'allowed' : 'denied',
    reason: decision.allowed ? null : decision.reason,
  };
}

const denied = (decision: Decision & { allowed: false }) => new LinkageError('not_consented', `Denied: ${decision.reason}.`);

/** A write refused as its own call would have been: the status and code of its problem. */
function refusal(err: unknown): ManyWriteResult {
  if (!(err instanceof LinkageError)) throw err;
  const problem = err.problem();
  return { status: problem.status, code: err.code, ...(problem.detail ? { detail: problem.detail } : {}) };
}

/** The category, if it is one and may be used this way. */
function checkDirection(name: string, action: LinkageCall['action']): DataCategory {
  if (!isDataCategory(name)) throw new LinkageError('unknown_category', `Known categories: ${DATA_CATEGORIES.map((c) => c.id).join(', ')}.`);
  const way = categoryInfo(name).direction;
  if (action === 'read' && way === 'write') throw new LinkageError('not_readable');
  if (action === 'write' && way === 'read') throw new LinkageError('not_writable');
  return name;
}

function newRecord(call: Omit<LinkageCall, 'action'>, category: DataCategory, data: unknown, idempotencyKey: string | undefined): NewRecord {
  return {
    id: uuidv7(),
    account_id: call.accountId,
    client_id: call.clientId,
    category,
    data: JSON.stringify(data),
    recorded_at: new Date(),
    idempotency_key: idempotencyKey ?? null,
  };
}

/** A stored record as a write's answer; a key used before for another write is refused. */
function written(stored: Stored): { id: string; recordedAt: Date; replayed: boolean } {
  if (stored.replay === 'different') throw new LinkageError('idempotency_key_reused');
  return { id: stored.id, recordedAt: stored.recordedAt, replayed: stored.replay === 'same' };
}
