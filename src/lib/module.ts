import type { FastifyPluginAsync } from 'fastify';
import type { TSchema } from 'typebox';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { ModuleMigrations } from './db/migrate.ts';
import type { Authenticator } from './http/access.ts';
import type { ServiceManifest } from './service-kit/types.ts';

export type Localized = { ja: string; en: string };

/** One context of an RFC 9264 linkset: an anchor and its links by relation. */
export type LinksetEntry = Record<string, string | { href: string; type?: string; title?: string }[]>;

/** What every module gets from the app that hosts it. */
export type ModuleContext = {
  config: Config;
  database: Database;
  log: Logger;
  /**
   * `fetch` for the platform's published HTTP API: to PLATFORM_URL when set, else into this
   * same app in-process. Service modules call the platform only through it.
   */
  platformFetch: typeof fetch;
};

/**
 * A Tsunagu module: a platform part or a city service, with its own schema, migrations and
 * routes. The app mounts its routes under `/api/<name>` and lists its OpenAPI document in
 * the API catalog.
 */
export type TsunaguModule = {
  name: string;
  kind: 'platform' | 'service';
  title: Localized;
  summary: Localized;
  /** Path of the module's page in the web app, once it has one. */
  portal: string | null;
  migrations: ModuleMigrations | null;
  /** Schemas with an `$id` that the module's routes `$ref`; they appear in its OpenAPI components. */
  schemas: readonly TSchema[];
  routes: (context: ModuleContext) => FastifyPluginAsync;
  /** Routes outside `/api/<name>` that a standard fixes elsewhere (the OpenID Provider at /oidc). */
  rootRoutes?: (context: ModuleContext) => FastifyPluginAsync;
  /** Extra entries for the RFC 9727 API catalog (the OpenID configuration, FHIR metadata). */
  catalogLinks?: (context: ModuleContext) => Promise<LinksetEntry[]>;
  /** Ways this module recognises callers on every route (identity: sessions and access tokens). */
  authenticators?: (context: ModuleContext) => Authenticator[];
  /**
   * A city service's entry in the platform's service directory (its OpenID client, purposes,
   * categories). The app registers it at start through the same path as an operator's
   * `tsunagu service register`; no built-in service gets a shortcut.
   */
  service?: ServiceManifest;
  /** Writes the module's part of the demo city; must be safe to run twice. */
  seedDemo?: (context: ModuleContext, progress: (message: string) => void) => Promise<void>;
};
