import type { FastifyInstance } from 'fastify';

/**
 * A `fetch` that hands requests to a Fastify app in-process (`inject`), for service modules
 * calling the platform's HTTP API inside the monolith. It goes through the same routes,
 * schemas, access checks and logs as a call over the network; redirects are returned, not
 * followed (like `redirect: 'manual'`). `app` is looked up per call, as the app finishes
 * building after the modules that use this are created.
 */
export function injectFetch(app: () => FastifyInstance | undefined): typeof fetch {
  return async (input, init) => {
    const http = app();
    if (!http) throw new Error('The platform API is not ready yet: call it after the app has started.');
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    // As on the network: the platform builds its absolute URLs (redirects, issuer) from Host.
    headers.host ??= url.host;
    // …and knows the scheme as a TLS-terminating proxy would tell it (secure cookies need it).
    if (url.protocol === 'https:') headers['x-forwarded-proto'] ??= 'https';
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const response = await http.inject({
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers,
      ...(body ? { payload: body } : {}),
    });
    const out = new Headers();
    for (const [key, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) out.append(key, String(one));
    }
    const empty = response.statusCode === 204 || response.statusCode === 304;
    return new Response(empty ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers: out });
  };
}
