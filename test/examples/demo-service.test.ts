import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../support/agent.ts';
import { OPERATOR_TOKEN, type TestApp } from '../support/app.ts';
import { freePort, startListeningApp } from '../support/platform.ts';

/**
 * examples/demo-service as a newcomer runs it: its own process, knowing Tsunagu only by URL,
 * driven by a citizen's browser (Agent) through Tsunagu's sign-in and consent.
 */

const TARO = { email: 'taro@demo.tsunagu.example', password: 'tsunagu-demo-2026' };
const VISITOR = { email: 'visitor@demo.tsunagu.example', password: 'tsunagu-demo-2026' };

let app: TestApp & { origin: string };
let demo: { origin: string; clientId: string; child: ChildProcess; output: string[] };

/** Registers the demo as a client whose redirect URIs name the test's port (the seeded one names 8081). */
async function registerDemoClient(origin: string, demoOrigin: string): Promise<{ clientId: string; clientSecret: string }> {
  const response = await fetch(`${origin}/api/identity/admin/services`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: 'demo-service-test',
      name: { ja: 'まちの暮らしナビ（デモ）', en: 'Town Life Navi (demo)' },
      company: 'デモ株式会社（架空）',
      purposes: [{ ja: '手続きの案内を表示するため', en: 'To show procedures' }],
      categories: [
        { category: 'basic_four', reason: { ja: '案内のため', en: 'Guidance' }, required: true },
        { category: 'contact', reason: { ja: '期限のお知らせ', en: 'Reminders' }, required: false },
        { category: 'household', reason: { ja: '世帯の手続き', en: 'Household procedures' }, required: false },
      ],
      redirectUris: [`${demoOrigin}/callback`],
      postLogoutRedirectUris: [`${demoOrigin}/`],
    }),
  });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { service: { clientId: string }; clientSecret: string };
  return { clientId: body.service.clientId, clientSecret: body.clientSecret };
}

/** `node examples/demo-service/run.js` with env; resolves once it listens. */
function startDemo(env: Record<string, string>): Promise<{ child: ChildProcess; output: string[] }> {
  const child = spawn(process.execPath, ['examples/demo-service/run.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('listening on')) resolve({ child, output });
    });
    child.once('exit', (code) => reject(new Error(`demo service exited (${code}): ${output.join('')}`)));
  });
}

beforeAll(async () => {
  app = await startListeningApp({ SEED_DEMO: 'true' });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { clientId, clientSecret } = await registerDemoClient(app.origin, origin);
  const started = await startDemo({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: origin,
    TSUNAGU_URL: app.origin,
    CLIENT_ID: clientId,
    CLIENT_SECRET: clientSecret,
  });
  demo = { origin, clientId, ...started };
});
afterAll(async () => {
  if (demo?.child.exitCode === null) {
    const exited = new Promise((resolve) => demo.child.once('exit', resolve));
    demo.child.kill('SIGTERM');
    await exited;
  }
  await app?.stop();
});

/**
 * The citizen signs in to Tsunagu, presses the demo's sign-in button, continues as himself and
 * opts in to `categories`; returns his browser, back on the demo's /me.
 */
async function signInThroughDemo(account: { email: string; password: string }, categories: string[]): Promise<Agent> {
  const agent = new Agent(app.origin);
  const signedIn = await agent.request('/api/identity/session', { json: account });
  expect(signedIn.status).toBe(200);
  const atTsunaguOrCallback = (u: URL) => u.pathname.startsWith('/interaction/') || u.toString().startsWith(`${demo.origin}/callback`);
  let at = await agent.follow(`${demo.origin}/login`, atTsunaguOrCallback);
  for (let step = 0; step < 3 && at.pathname.startsWith('/interaction/'); step++) {
    const { prompt } = (await (await agent.request(`${at.pathname}/details`)).json()) as { prompt: string };
    const answer = await agent.request(`${at.pathname}/${prompt}`, { json: prompt === 'login' ? { useSession: true } : { categories } });
    expect(answer.status, `${prompt}: ${await answer.clone().text()}`).toBe(200);
    at = await agent.follow(((await answer.json()) as { redirectTo: string }).redirectTo, atTsunaguOrCallback);
  }
  const callback = await agent.request(at.toString());
  expect(callback.status, demo.output.join('')).toBe(302);
  expect(callback.headers.get('location')).toBe('/me');
  return agent;
}

/** The demo's /me as text, and each category's section: shown (ok) or refused, in words. */
async function myPage(agent: Agent) {
  const response = await agent.request(`${demo.origin}/me`);
  expect(response.status, demo.output.join('')).toBe(200);
  const html = await response.text();
  const text = (markup: string) => markup.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const section = (category: string) => {
    const match = new RegExp(`<section class="(ok|refused)" data-category="${category}">([\\s\\S]*?)</section>`).exec(html);
    return { shown: match?.[1] === 'ok', text: text(match?.[2] ?? '') };
  };
  return { html, text: text(html), basicFour: section('basic_four'), contact: section('contact'), household: section('household') };
}

describe('the demo service (examples/demo-service), as an outside company runs it', () => {
  it('starts on the port it is given and discovers Tsunagu at the BASE_URL its socket listens on', async () => {
    expect(app.config.baseUrl).toBe(app.origin);
    const home = await fetch(`${demo.origin}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('架空のデモサービス');
    expect(html).toContain('つなぐIDでログイン / Sign in with Tsunagu');
  });

  it('sends the citizen to Tsunagu with PKCE, state and acr_values, keeping the verifier in an HttpOnly session cookie', async () => {
    const login = await fetch(`${demo.origin}/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const to = new URL(login.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(`${app.origin}/oidc/auth`);
    expect(to.searchParams.get('client_id')).toBe(demo.clientId);
    expect(to.searchParams.get('redirect_uri')).toBe(`${demo.origin}/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('acr_values')).toContain('urn:tsunagu:loa:card-verified');
    expect(to.searchParams.get('scope')).toBe('openid offline_access tsunagu:basic_four tsunagu:contact tsunagu:household');
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it("shows 会津 太郎's basic four and contact read through linkage once he signs in with Tsunagu and opts in to them", async () => {
    const agent = await signInThroughDemo(TARO, ['basic_four', 'contact']);
    const page = await myPage(agent);
    expect(page.text).toContain('urn:tsunagu:loa:card-verified');
    expect(page.html).toMatch(/<dt>sub<\/dt>\s*<dd><code>[A-Za-z0-9_-]{43}<\/code><\/dd>/);
    expect(page.basicFour).toEqual({ shown: true, text: expect.stringContaining('会津 太郎（あいづ たろう）') });
    expect(page.contact.shown).toBe(true);
    expect(page.household).toEqual({ shown: false, text: expect.stringContaining('提供に同意されていません（ログインのときに選ばれませんでした）') });
    expect(page.html).toContain(`href="${app.origin}/mydata"`);
  });

  it('refuses contact in plain words on the very next read after he withdraws it in Tsunagu, and still shows his basic four', async () => {
    const agent = await signInThroughDemo(TARO, ['basic_four', 'contact']);
    expect((await myPage(agent)).contact.shown).toBe(true);

    const withdrawn = await agent.request(`/api/consent/mine/${demo.clientId}/withdraw`, { json: { categories: ['contact'] } });
    expect(withdrawn.status).toBe(200);

    const page = await myPage(agent);
    expect(page.contact).toEqual({ shown: false, text: expect.stringContaining('提供に同意されていません（マイデータで取り消されました）') });
    expect(page.basicFour).toEqual({ shown: true, text: expect.stringContaining('会津 太郎') });
  });

  it('renews an expired access token with the refresh token once, and reads on', async () => {
    const agent = await signInThroughDemo(TARO, ['basic_four']);
    // Every access token is gone, as if its ten minutes had run out; the refresh token stays.
    await sql`delete from identity.oidc_payload where model = 'AccessToken'`.execute(app.testDatabase.database.db);

    const page = await myPage(agent);
    expect(page.text).toContain('リフレッシュトークンで更新しました');
    expect(page.basicFour).toEqual({ shown: true, text: expect.stringContaining('会津 太郎') });
    expect((await myPage(agent)).text).not.toContain('リフレッシュトークンで更新しました');
  });

  it('says the link has ended when he withdraws the whole service, since Tsunagu revokes the refresh token too', async () => {
    const agent = await signInThroughDemo(TARO, ['basic_four', 'contact']);
    expect((await agent.request(`/api/consent/mine/${demo.clientId}/withdraw`, { json: {} })).status).toBe(200);

    const page = await myPage(agent);
    for (const section of [page.basicFour, page.contact, page.household])
      expect(section).toEqual({ shown: false, text: expect.stringContaining('連携が解除されました。もう一度ログインしてください') });
    expect(page.text).not.toContain('会津 太郎');
    expect(page.html).toContain('href="/login"');
  });

  it('tells a visitor whose identity is not verified that 本人確認が済んでいません', async () => {
    const agent = await signInThroughDemo(VISITOR, ['basic_four', 'contact', 'household']);
    const page = await myPage(agent);
    expect(page.text).toContain('urn:tsunagu:loa:self-asserted');
    for (const section of [page.basicFour, page.contact, page.household])
      expect(section).toEqual({ shown: false, text: expect.stringContaining('本人確認が済んでいません') });
  });

  it('signs out through Tsunagu (RP-initiated logout) with the ID token as hint and its own top page to come back to', async () => {
    const agent = await signInThroughDemo(TARO, ['basic_four']);
    const logout = await agent.request(`${demo.origin}/logout`, { method: 'POST', headers: { origin: demo.origin } });
    expect(logout.status).toBe(303);
    const to = new URL(logout.headers.get('location') ?? '');
    expect(`${to.origin}${to.pathname}`).toBe(`${app.origin}/oidc/session/end`);
    expect(to.searchParams.get('id_token_hint')).toBeTruthy();
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${demo.origin}/`);
    const end = await agent.request(to.toString());
    expect(end.status).toBe(200);
    expect(await end.text()).toContain('つなぐからログアウトしますか？');

    const me = await agent.request(`${demo.origin}/me`);
    expect(me.status).toBe(302);
    expect(me.headers.get('location')).toBe('/');
  });

  it('refuses a callback it did not start, and a sign-out posted from another site', async () => {
    const stray = await fetch(`${demo.origin}/callback?code=forged&state=forged`);
    expect(stray.status).toBe(400);
    expect(await stray.text()).toContain('ログインをやり直してください');
    const crossSite = await fetch(`${demo.origin}/logout`, { method: 'POST', headers: { origin: 'http://evil.example' }, redirect: 'manual' });
    expect(crossSite.status).toBe(403);
  });
});

describe('the demo service is an outside service', () => {
  it('imports nothing from Tsunagu: only Node.js, openid-client and its own files', async () => {
    const dir = 'examples/demo-service';
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.js'))) {
      const source = await readFile(`${dir}/${file}`, 'utf8');
      const imported = [...source.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const specifier of imported) expect(specifier, `${file} imports ${specifier}`).toMatch(/^(node:|openid-client$|\.\/[\w-]+\.js$)/);
    }
  });
});
