import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { uuidv7 } from '@lib/ids.ts';
import type { NoTables } from '@lib/db/database.ts';
import { isDataCategory } from '@platform/consent/categories.ts';
import { IdentityError } from './errors.ts';
import { hashPassword, passwordMatches } from './passwords.ts';
import { IdentityRepository, type AccountRow, type NewService, type ServiceRow } from './repository.ts';
import type { ServiceCategoryRequest, ServicePurpose } from './tables.ts';
import type { NewServiceBody } from './schemas.ts';
import type { IdentityClaim, IdentityVerifier } from './verifier.ts';

const SESSION_DAYS = 14;

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Sign-up, sign-in and identity verification of City OS accounts. */
export class AccountService {
  private readonly repository: IdentityRepository;

  constructor(
    db: Kysely<NoTables>,
    private readonly verifier: IdentityVerifier,
  ) {
    this.repository = new IdentityRepository(db);
  }

  async signUp(input: { email: string; password: string; displayName: string; kind: 'citizen' | 'visitor' }): Promise<AccountRow> {
    const id = uuidv7();
    const email = input.email.trim().toLowerCase();
    const created = await this.repository.insertAccount({
      id,
      email,
      password_hash: await hashPassword(input.password),
      display_name: input.displayName.trim(),
      kind: input.kind,
    });
    if (!created) throw new IdentityError('email_taken');
    return this.account(id);
  }

  async signIn(email: string, password: string): Promise<AccountRow> {
    const account = await this.repository.accountByEmail(email.trim().toLowerCase());
    // Verify against a dummy hash when there is no account, so timing does not reveal which e-mails exist.
    const ok = await passwordMatches(account?.password_hash ?? DUMMY_HASH, password);
    if (!account || !ok) throw new IdentityError('invalid_credentials');
    return account;
  }

  /** A new web session; the token goes to the browser as a cookie, only its hash is stored. */
  async openSession(accountId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
    await this.repository.insertSession(hashSessionToken(token), accountId, expiresAt);
    return { token, expiresAt };
  }

  sessionAccount(token: string): Promise<AccountRow | undefined> {
    return this.repository.accountBySession(hashSessionToken(token));
  }

  closeSession(token: string): Promise<void> {
    return this.repository.deleteSession(hashSessionToken(token));
  }

  async account(id: string): Promise<AccountRow> {
    const account = await this.repository.accountById(id);
    if (!account) throw new IdentityError('not_signed_in');
    return account;
  }

  get verifierInfo() {
    return { label: this.verifier.label, demo: this.verifier.demo };
  }

  /** Links the account to a registry person through the verifier; raises the assurance level. */
  async verify(accountId: string, claim: IdentityClaim): Promise<AccountRow> {
    const account = await this.account(accountId);
    if (account.person_id) throw new IdentityError('already_verified');
    const result = await this.verifier.verify(claim);
    if (!result.ok) throw new IdentityError('verification_failed', result.reason);
    if (!(await this.repository.linkPerson(accountId, result.personId))) throw new IdentityError('person_already_linked');
    return this.account(accountId);
  }
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0tq3QqbcxZc2Z0RRrTwQ3nTzR0y5hQ9rM0aUHI1Yp1A';

export type ServiceRegistration = {
  clientId?: string;
  name: { ja: string; en: string };
  company: string;
  description: { ja: string; en: string };
  purposes: ServicePurpose[];
  categories: ServiceCategoryRequest[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  homepage?: string | null;
  builtinModule?: string | null;
  /** Fixed secret for a built-in module configured from the environment; generated otherwise. */
  clientSecret?: string;
};

function serviceRow(input: ServiceRegistration, clientSecret: string): NewService {
  return {
    id: uuidv7(),
    client_id: input.clientId ?? `svc-${randomBytes(8).toString('hex')}`,
    client_secret: clientSecret,
    name_ja: input.name.ja,
    name_en: input.name.en,
    company: input.company,
    description_ja: input.description.ja,
    description_en: input.description.en,
    purposes: input.purposes,
    categories: input.categories,
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris,
    homepage: input.homepage ?? null,
    builtin_module: input.builtinModule ?? null,
  };
}

/** Services connected to the City OS: each an OpenID client with stated purposes and requested data. */
export class ServiceDirectory {
  private readonly repository: IdentityRepository;

  constructor(db: Kysely<NoTables>) {
    this.repository = new IdentityRepository(db);
  }

  /** Registers a service and returns its client secret, which is shown this once. */
  async register(input: ServiceRegistration): Promise<{ service: ServiceRow; clientSecret: string }> {
    const clientSecret = input.clientSecret ?? randomBytes(32).toString('base64url');
    const row = serviceRow(input, clientSecret);
    if (!(await this.repository.insertService(row))) throw new IdentityError('client_id_taken', `Client id ${row.client_id} is registered already.`);
    return { service: await this.byClientId(row.client_id), clientSecret };
  }

  /**
   * Registers a built-in city service module from its manifest, or brings its registration
   * up to date (at every start): same fields and category check as any other service.
   */
  async registerBuiltin(input: ServiceRegistration & { clientId: string; clientSecret: string; builtinModule: string }): Promise<void> {
    const unknown = input.categories.filter((c) => !isDataCategory(c.category)).map((c) => c.category);
    if (unknown.length > 0) throw new IdentityError('category_not_requested', `Unknown data categories: ${unknown.join(', ')}.`);
    await this.repository.upsertBuiltinService(serviceRow(input, input.clientSecret));
  }

  /** Registers a service from its published description (the admin API's and the CLI's JSON). */
  async registerDescribed(body: NewServiceBody): Promise<{ service: ServiceRow; clientSecret: string }> {
    const unknown = body.categories.filter((c) => !isDataCategory(c.category)).map((c) => c.category);
    if (unknown.length > 0) throw new IdentityError('category_not_requested', `Unknown data categories: ${unknown.join(', ')}.`);
    return this.register({
      ...(body.clientId ? { clientId: body.clientId } : {}),
      name: body.name,
      company: body.company,
      description: body.description ?? { ja: '', en: '' },
      purposes: body.purposes,
      categories: body.categories.map((c) => ({ category: c.category, reason: c.reason, required: c.required })),
      redirectUris: body.redirectUris,
      postLogoutRedirectUris: body.postLogoutRedirectUris ?? [],
      homepage: body.homepage ?? null,
    });
  }

  list(): Promise<ServiceRow[]> {
    return this.repository.services();
  }

  async byClientId(clientId: string): Promise<ServiceRow> {
    const service = await this.repository.serviceByClientId(clientId);
    if (!service) throw new IdentityError('service_not_found');
    return service;
  }

  async byId(id: string): Promise<ServiceRow> {
    const service = await this.repository.serviceById(id);
    if (!service) throw new IdentityError('service_not_found');
    return service;
  }
}
