/**
 * A minimal user agent for HTTP tests of browser flows: keeps cookies per path like a
 * browser would and follows redirects by hand, so a test can stop at any step. Browser
 * tests in Chromium cover what a person does; this covers the protocol around it.
 */
export class Agent {
  private readonly cookies = new Map<string, { value: string; path: string }>();

  constructor(private readonly origin: string) {}

  private cookieHeader(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private remember(response: Response, url: URL): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = (pair ?? '').trim().split('=');
      if (!name) continue;
      const path =
        attributes
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith('path='))
          ?.slice(5) ?? url.pathname;
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value: value.join('='), path });
    }
  }

  async request(path: string, init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = new URL(path, this.origin);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(url);
    if (cookie) headers.cookie = cookie;
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers,
      redirect: 'manual',
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    this.remember(response, url);
    return response;
  }

  /** Follows redirects from `path` until one leaves the origin or lands on a page; returns that URL. */
  async follow(path: string, stopAt: (url: URL) => boolean): Promise<URL> {
    let url = new URL(path, this.origin);
    for (let hops = 0; hops < 20; hops++) {
      if (stopAt(url)) return url;
      const response = await this.request(url.toString(), { headers: { accept: 'text/html' } });
      const location = response.headers.get('location');
      if (!location) throw new Error(`No redirect from ${url.toString()} (status ${response.status}): ${(await response.text()).slice(0, 300)}`);
      url = new URL(location, url);
    }
    throw new Error('Too many redirects');
  }
}
