import type { ServiceManifest, SignedIn } from './types.ts';

type SignInOptions = { manifest: ServiceManifest; baseUrl: string; fetch: typeof fetch; cookie: string };

/** A browser's cookie jar, enough for one sign-in on one site. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs a person in to a module the way their browser would: the module's login route, the
 * platform's login and consent pages (every requested category consented), and back to the
 * module's callback. Runs against the app in-process (demo seeds and tests).
 */
export async function signInThroughPages(options: SignInOptions, email: string, password: string): Promise<SignedIn> {
  const jar = new Jar();
  const origin = new URL(options.baseUrl).origin;
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await options.fetch(new URL(url, origin).href, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    return response;
  };
  const json = (path: string, body: unknown) =>
    go(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  let response = await go(`/api/${options.manifest.name}/auth/login?returnTo=/`);
  for (let hop = 0; hop < 20; hop++) {
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    const next = new URL(location, origin);
    if (next.pathname.startsWith('/interaction/')) {
      const uid = next.pathname;
      const details = (await (await go(`${uid}/details`)).json()) as { prompt: string };
      const answer =
        details.prompt === 'login'
          ? await json(`${uid}/login`, { email, password })
          : await json(`${uid}/consent`, { categories: options.manifest.categories.map((c) => c.category) });
      if (answer.status !== 200) throw new Error(`Sign-in of ${email} stopped at ${details.prompt}: ${answer.status} ${await answer.text()}`);
      const { redirectTo } = (await answer.json()) as { redirectTo: string };
      response = await go(redirectTo);
      continue;
    }
    if (next.origin !== origin) throw new Error(`Sign-in left the site for ${next.origin}`);
    response = await go(next.pathname + next.search);
  }
  const token = jar.get(options.cookie);
  if (!token) throw new Error(`Sign-in of ${email} to ${options.manifest.name} did not open a session (last status ${response.status})`);
  const cookie = `${options.cookie}=${token}`;
  const me = await options.fetch(`${origin}/api/${options.manifest.name}/auth/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`The new session of ${email} is not recognised: ${me.status}`);
  const { subject } = (await me.json()) as { subject: string };
  return { cookie, subject };
}
