import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import { LRUCache } from 'lru-cache';
import type Provider from 'oidc-provider';
import { bearerToken, cookieValue, unauthorized, type Authenticator, type Principal, type TokenToConfirm } from '@lib/http/access.ts';
import type { ModuleContext } from '@lib/module.ts';
import { ConsentRepository } from './consent/repository.ts';
import { ConsentLedger } from './consent/service.ts';
import { publishEvent } from './events/index.ts';
import type { ChangeKind } from './registry/codes.ts';
import type { RecordedChange } from './registry/importer.ts';
import { loadPlatformKeys, type PlatformKeys } from './identity/keys.ts';
import { createOidcProvider, pairwiseSubject } from './identity/provider.ts';
import { IdentityRepository } from './identity/repository.ts';
import { AccountService, ServiceDirectory } from './identity/service.ts';
import { demoCardVerifier } from './identity/verifier.ts';
import { LinkageService } from './linkage/service.ts';
import { registryDataReader, matchRegistryPerson } from './registry/linkage-reader.ts';

export const SESSION_COOKIE = 'tsunagu_session';

/** The City OS core of one app: identity, consent and linkage sharing one key set and provider. */
export type Platform = {
  keys: PlatformKeys;
  provider: Provider;
  accounts: AccountService;
  directory: ServiceDirectory;
  ledger: ConsentLedger;
  linkage: LinkageService;
  identity: IdentityRepository;
};

const cores = new WeakMap<ModuleContext['database'], Promise<Platform>>();

/** Builds (once per database handle) the platform core the identity, consent and linkage modules share. */
export function platformCore(context: ModuleContext): Promise<Platform> {
  let core = cores.get(context.database);
  if (!core) {
    core = buildCore(context);
    cores.set(context.database, core);
  }
  return core;
}

async function buildCore({ config, database }: ModuleContext): Promise<Platform> {
  const db = database.db;
  const keys = await loadPlatformKeys(db);
  const identity = new IdentityRepository(db);
  const provider = createOidcProvider({ baseUrl: config.baseUrl, db, keys });
  const directory = new ServiceDirectory(db);
  const accounts = new AccountService(db, demoCardVerifier(matchRegistryPerson(db)));
  // Signing out through a service (RP-initiated logout) signs the citizen out of Tsunagu's web app too.
  provider.on(
    'end_session.success',
    (ctx: { cookies: { get(name: string, o?: object): string | undefined; set(name: string, value: null, o?: object): void } }) => {
      const token = ctx.cookies.get(SESSION_COOKIE, { signed: false });
      if (token) void accounts.closeSession(decodeURIComponent(token)).catch(() => undefined);
      ctx.cookies.set(SESSION_COOKIE, null, { path: '/', signed: false });
    },
  );
  const subject = async (accountId: string, clientId: string) => {
    const sub = pairwiseSubject(keys.pairwiseSalt, clientId, accountId);
    await identity.rememberPairwise(clientId, sub, accountId);
    return sub;
  };
  const consentService = async (clientId: string) => {
    const s = await directory.byClientId(clientId);
    return { clientId, name: s.name_ja, company: s.company, purposes: s.purposes, categories: s.categories };
  };
  const ledger = new ConsentLedger(db, {
    service: consentService,
    subject,
    async revokeTokens(accountId, clientId) {
      for (const grantId of await identity.grantIds(accountId, clientId)) {
        const grant = await provider.Grant.find(grantId);
        await grant?.destroy();
        await provider.AccessToken.adapter.revokeByGrantId(grantId);
      }
    },
    receipts: {
      baseUrl: config.baseUrl,
      sign: keys.sign,
      controller: { name: 'つなぐ運営コンソーシアム (Tsunagu operator)', contact: 'Data protection officer', email: '', phone: '', address: '' },
    },
  });
  // Facts that never change once true (a pairwise subject's account, the person an account
  // was verified as) are kept per process; consent, the thing that does change, never is.
  const subjects = new LRUCache<string, string>({ max: 100_000 });
  const persons = new LRUCache<string, string>({ max: 100_000 });
  const linkage = new LinkageService(db, {
    async personOf(accountId) {
      const known = persons.get(accountId);
      if (known) return known;
      const person = (await identity.accountById(accountId))?.person_id ?? null;
      if (person) persons.set(accountId, person);
      return person;
    },
    registry: registryDataReader(db),
    service: consentService,
    async accountsForSubjects(clientId, subs) {
      const found = new Map<string, string>();
      const unknown: string[] = [];
      for (const sub of new Set(subs)) {
        const known = subjects.get(`${clientId} ${sub}`);
        if (known) found.set(sub, known);
        else unknown.push(sub);
      }
      if (unknown.length === 0) return found;
      for (const [sub, account] of await identity.accountsForSubjects(clientId, unknown)) {
        subjects.set(`${clientId} ${sub}`, account);
        found.set(sub, account);
      }
      return found;
    },
  });
  return { keys, provider, accounts, directory, ledger, linkage, identity };
}

type TokenFacts = {
  model: TokenToConfirm['model'];
  accountId: string | undefined;
  clientId: string;
  scopes: string[];
  /** Epoch milliseconds. */
  expiresAt: number;
};

const principalFrom = (fact: TokenFacts, tokenToConfirm?: TokenToConfirm): Principal =>
  fact.accountId
    ? { kind: 'citizen', accountId: fact.accountId, clientId: fact.clientId, scopes: fact.scopes, ...(tokenToConfirm ? { tokenToConfirm } : {}) }
    : { kind: 'service', clientId: fact.clientId, scopes: fact.scopes, ...(tokenToConfirm ? { tokenToConfirm } : {}) };

/** Citizens by web session cookie, and citizens or services by an access token the OpenID Provider issued. */
export function platformAuthenticators(context: ModuleContext): Authenticator[] {
  const session: Authenticator = async (request) => {
    const token = cookieValue(request, SESSION_COOKIE);
    if (!token || bearerToken(request)) return undefined;
    const account = await (await platformCore(context)).accounts.sessionAccount(token);
    return account ? { kind: 'citizen', accountId: account.id, clientId: null, scopes: [] } : undefined;
  };
  // What a token says (whose it is, which client, which scopes, until when) never changes:
  // remembering it saves the lookup where the handler confirms the token is live anyway.
  // Whether it is still live is looked up on every call.
  const facts = new LRUCache<string, TokenFacts>({ max: 100_000 });
  const accessToken: Authenticator = async (request): Promise<Principal | undefined> => {
    const token = bearerToken(request);
    if (!token) return undefined;
    const known = facts.get(token);
    if (known && request.routeOptions.config.confirmsTokenLive) {
      if (known.expiresAt <= Date.now()) throw unauthorized('The access token has expired or was revoked.');
      return principalFrom(known, { model: known.model, id: token });
    }
    const { provider } = await platformCore(context);
    let found: InstanceType<Provider['AccessToken']> | InstanceType<Provider['ClientCredentials']> | undefined =
      known?.model === 'ClientCredentials' ? undefined : await provider.AccessToken.find(token);
    if (!found && known?.model !== 'AccessToken') found = await provider.ClientCredentials.find(token);
    if (!found || found.isExpired) throw unauthorized('The access token has expired or was revoked.');
    const clientId = found.clientId;
    if (!clientId) throw unauthorized('The access token names no client.');
    const fact: TokenFacts = {
      model: found.kind === 'AccessToken' ? 'AccessToken' : 'ClientCredentials',
      accountId: 'accountId' in found && typeof found.accountId === 'string' ? found.accountId : undefined,
      clientId,
      scopes: (found.scope ?? '').split(' ').filter(Boolean),
      expiresAt: (found.exp ?? 0) * 1000,
    };
    facts.set(token, fact);
    return principalFrom(fact);
  };
  return [session, accessToken];
}

const MOVES: Partial<Record<ChangeKind, 'within-city' | 'into-city' | 'out-of-city'>> = {
  address_change: 'within-city',
  move_in: 'into-city',
  move_out: 'out-of-city',
};
const CHANGED: Partial<Record<ChangeKind, string[]>> = {
  death: ['basic_attributes', 'basic_four'],
  household_change: ['household'],
  birth: ['household', 'family'],
};

/**
 * What the registry calls inside an import's transaction: for each change to a person with a
 * City OS account, an event to every service holding a live opt-in from them, under the
 * subject that service knows them by. Everything runs on `tx` (PGlite has one connection).
 */
export async function registryChangePublisher(
  context: ModuleContext,
): Promise<(tx: Kysely<NoTables>, changes: readonly RecordedChange[]) => Promise<void>> {
  const { keys } = await platformCore(context);
  return async (tx, changes) => {
    const identity = new IdentityRepository(tx);
    const consents = new ConsentRepository(tx);
    for (const change of changes) {
      const account = await identity.accountByPerson(change.personId);
      if (!account) continue;
      for (const consent of await consents.currentForAccount(account.id)) {
        if (consent.status !== 'active') continue;
        const subject = pairwiseSubject(keys.pairwiseSalt, consent.client_id, account.id);
        await identity.rememberPairwise(consent.client_id, subject, account.id);
        const move = MOVES[change.kind];
        if (move) {
          await publishEvent(tx, {
            type: 'registry.person.moved',
            subject,
            audience: consent.client_id,
            data: { kind: move, effectiveOn: change.effectiveDate },
          });
          continue;
        }
        const categories = CHANGED[change.kind];
        if (categories) {
          await publishEvent(tx, {
            type: 'registry.person.changed',
            subject,
            audience: consent.client_id,
            data: { categories, effectiveOn: change.effectiveDate },
          });
        }
      }
    }
  };
}
