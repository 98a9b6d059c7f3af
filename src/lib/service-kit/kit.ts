import * as client from 'openid-client';
import type { Database } from '../db/database.ts';
import { cookieValue, type Authenticator } from '../http/access.ts';
import type { ModuleContext } from '../module.ts';
import { authRoutes } from './auth-routes.ts';
import { builtinClientSecret, sessionCookie } from './names.ts';
import { platformClient } from './platform-client.ts';
import { SessionStore } from './session-store.ts';
import { signInThroughPages } from './sign-in.ts';
import type { ServiceKit, ServiceManifest } from './types.ts';

const kits = new WeakMap<Database, Map<string, ServiceKit>>();

/** The kit of one service module in one app (memoized per database and module). */
export function serviceKit(context: ModuleContext, manifest: ServiceManifest): ServiceKit {
  let byName = kits.get(context.database);
  if (!byName) kits.set(context.database, (byName = new Map<string, ServiceKit>()));
  let kit = byName.get(manifest.name);
  if (!kit) byName.set(manifest.name, (kit = buildKit(context, manifest)));
  return kit;
}

function buildKit(context: ModuleContext, manifest: ServiceManifest): ServiceKit {
  const { config, platformFetch } = context;
  const issuer = new URL(`${config.platformUrl ?? config.baseUrl}/oidc`);
  const secret = builtinClientSecret(config, manifest.clientId);
  let discovered: Promise<client.Configuration> | undefined;
  /** The platform's OpenID configuration, fetched once it is first needed (the app is up by then). */
  const oidc = () => {
    discovered ??= client
      .discovery(issuer, manifest.clientId, secret, undefined, {
        [client.customFetch]: (url: string, options: client.CustomFetchOptions) => platformFetch(url, options as RequestInit),
        ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };
  const sessions = new SessionStore(context.database.db, manifest.name, context.database);
  const cookie = sessionCookie(manifest);
  const prefix = `/api/${manifest.name}/`;

  const authenticator: Authenticator = async (request) => {
    if (!request.url.startsWith(prefix)) return undefined;
    const token = cookieValue(request, cookie);
    if (!token) return undefined;
    const session = await sessions.find(token);
    return session ? { kind: 'user', service: manifest.name, subject: session.subject, acr: session.acr } : undefined;
  };

  const kit: ServiceKit = {
    manifest,
    authRoutes: authRoutes({ manifest, config, oidc, sessions, cookie }),
    authenticator,
    platform: platformClient({ baseUrl: config.platformUrl ?? config.baseUrl, fetch: platformFetch, oidc }),
    signIn: (email, password) => signInThroughPages({ manifest, baseUrl: config.baseUrl, fetch: platformFetch, cookie }, email, password),
  };
  return kit;
}
