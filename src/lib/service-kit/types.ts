import type { FastifyPluginAsync } from 'fastify';
import type { Authenticator } from '../http/access.ts';
import type { Localized } from '../module.ts';

/**
 * How a service module describes itself to the platform's service directory: the same
 * fields an operator registers for an outside company's service.
 */
export type ServiceManifest = {
  /** The module name: routes under `/api/<name>`, tables in schema `<name>`. */
  name: string;
  /** Its OpenID client id, e.g. `tsunagu-currency`. */
  clientId: string;
  title: Localized;
  company: string;
  description: Localized;
  /** Path of its page in the web app (e.g. `/wallet`); the sign-in returns here by default. */
  homepage: string;
  purposes: readonly Localized[];
  /** The data categories it asks citizens for, each with why; `required` ones cannot be switched off. */
  categories: readonly { category: string; required: boolean; reason: Localized }[];
};

/** What linkage answered; refusals carry the platform's problem code (`consent_missing`, `no_data`…). */
export type LinkageOutcome<T = unknown> = { outcome: 'allowed'; data: T } | { outcome: 'refused'; status: number; code: string };

/**
 * The platform's published API as this service calls it, with its own client-credentials
 * token (cached until it expires) and people named by the pairwise subject it knows them by.
 */
export type PlatformClient = {
  /** Reads a category of a person's data through linkage (consent checked, access logged). */
  read<T = unknown>(subject: string, category: string): Promise<LinkageOutcome<T>>;
  /**
   * Writes a record of a category this service outputs (payment results, safety status…).
   * With `idempotencyKey` (e.g. the id of the service's own record) a retried write is stored once.
   */
  write(subject: string, category: string, data: unknown, idempotencyKey?: string): Promise<LinkageOutcome<{ id: string; recordedAt: string }>>;
  /**
   * Many writes in one call (at most 500), each decided, logged and stored as its own `write`
   * would be; the outcomes come back in order.
   */
  writeMany(
    writes: readonly { subject: string; category: string; data: unknown; idempotencyKey?: string }[],
  ): Promise<LinkageOutcome<{ id: string; recordedAt: string }>[]>;
  /** Publishes a platform event (e.g. `disaster.alert`) to the services subscribed to it. */
  publish(type: string, data: Record<string, unknown>): Promise<void>;
};

/** A person signed in to a service module through City OS ID. */
export type SignedIn = {
  /** `Cookie` header value carrying the module's session. */
  cookie: string;
  subject: string;
};

export type ServiceKit = {
  manifest: ServiceManifest;
  /**
   * Routes the module mounts under its prefix (`/api/<name>`):
   * - `GET /auth/login?returnTo=/wallet` redirects into City OS ID (code flow, PKCE);
   * - `GET /auth/callback` finishes it, opens the module's session (cookie) and redirects back;
   * - `GET /auth/me` tells the web app who is signed in (401 problem when nobody);
   * - `POST /auth/logout` ends the module's session.
   */
  authRoutes: FastifyPluginAsync;
  /** Recognises the module's session cookie on the module's own routes (access policy `user`). */
  authenticator: Authenticator;
  platform: PlatformClient;
  /**
   * Signs a person in to this module through the published login and consent pages, as
   * their browser would, consenting to every category the module asks for. For demo seeds
   * and tests.
   */
  signIn(email: string, password: string): Promise<SignedIn>;
};
