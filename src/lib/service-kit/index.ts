/**
 * What a city service module needs to connect to the City OS the way an outside company's
 * service would (ARCHITECTURE.md rule 1): its own OpenID client, sign-in of people through
 * City OS ID into the module's own session, and the platform's published HTTP API
 * (consent-gated linkage, events) called with the module's own client credentials.
 *
 * Nothing here imports the platform: every call goes over HTTP, to the platform URL of a
 * separate deployment or, in the monolith, into the same app in-process.
 */
export type { ServiceManifest, ServiceKit, PlatformClient, LinkageOutcome, SignedIn } from './types.ts';
export { serviceKit } from './kit.ts';
export { builtinClientSecret, callbackUrl, userOf } from './names.ts';
export { injectFetch } from './transport.ts';
export { serviceSessionEndsMigration, serviceSessionMigration } from './session-store.ts';
