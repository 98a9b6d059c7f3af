// @ts-check
/** The demo service's web server: node:http, four pages, sessions in memory. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mePage } from './me-page.js';
import { homePage, messagePage } from './pages.js';
import { CATEGORIES, tsunaguClient } from './tsunagu.js';

/** @typedef {import('./tsunagu.js').Tokens} Tokens @typedef {import('./tsunagu.js').PendingLogin} PendingLogin */
/** @typedef {{ port: number, host: string } & import('./tsunagu.js').Settings} DemoSettings */
/** @typedef {{ expires: number, pending?: PendingLogin, tokens?: Tokens }} Session */

/** Settings from the environment; the defaults match the client `npm start` seeds. @param {NodeJS.ProcessEnv} env @returns {DemoSettings} */
export function settingsFromEnv(env) {
  const port = Number(env.PORT || 8081);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    // The demo's client secret is public, so by default it listens on this machine only.
    host: env.HOST || '127.0.0.1',
    tsunaguUrl: (env.TSUNAGU_URL || 'http://localhost:8080').replace(/\/+$/, ''),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    clientId: env.CLIENT_ID || 'demo-service',
    clientSecret: env.CLIENT_SECRET || 'demo-service-secret-not-for-production',
  };
}

const COOKIE = 'kurashi_navi_session';
const SESSION_MS = 8 * 3600 * 1000;

/**
 * Sessions in an in-memory Map: enough for a one-process demo, and lost on restart. A real
 * service keeps them in its database or a shared cache so that any of its processes can answer.
 */
class Sessions {
  /** @type {Map<string, Session>} */
  map = new Map();
  /** @param {Omit<Session, 'expires'>} data */
  create(data) {
    const now = Date.now();
    for (const [id, s] of this.map) if (s.expires <= now) this.map.delete(id);
    const id = randomBytes(32).toString('base64url');
    this.map.set(id, { ...data, expires: now + SESSION_MS });
    return id;
  }
  /** @param {string | undefined} id */
  get(id) {
    const session = id ? this.map.get(id) : undefined;
    return session && session.expires > Date.now() ? session : undefined;
  }
}

/** @param {DemoSettings} settings */
export function createDemoService(settings) {
  const tsunagu = tsunaguClient(settings);
  const sessions = new Sessions();
  const secure = settings.publicUrl.startsWith('https:') ? '; Secure' : '';
  const headers = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    // Sign-out posts to us and is redirected on to Tsunagu, so form-action names Tsunagu too.
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${new URL(settings.tsunaguUrl).origin}; frame-ancestors 'none'; base-uri 'none'`,
  };

  /** @param {import('node:http').ServerResponse} res @param {number} status @param {string} body */
  const page = (res, status, body) => res.writeHead(status, headers).end(body);
  /** @param {import('node:http').ServerResponse} res @param {number} status @param {string | URL} to @param {string} [sessionId] '' clears the cookie */
  const redirect = (res, status, to, sessionId) => {
    if (sessionId !== undefined)
      res.setHeader('set-cookie', `${COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${sessionId ? SESSION_MS / 1000 : 0}${secure}`);
    res.writeHead(status, { location: String(to), 'cache-control': 'no-store' }).end();
  };

  /** Each category through linkage; on a 401, one try with the refresh token. @param {Session & { tokens: Tokens }} session */
  async function readAll(session) {
    let refreshTried = false;
    let refreshed = false;
    const readings = [];
    for (const category of CATEGORIES) {
      let reading = await tsunagu.read(session.tokens.accessToken, category);
      if (!reading.ok && reading.status === 401 && !refreshTried) {
        refreshTried = true;
        const renewed = await tsunagu.refresh(session.tokens);
        if (renewed) {
          session.tokens = renewed;
          refreshed = true;
          reading = await tsunagu.read(renewed.accessToken, category);
        }
      }
      readings.push(reading);
    }
    return { readings, refreshed };
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', settings.publicUrl);
    const sessionId = /(?:^|;\s*)kurashi_navi_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const session = sessions.get(sessionId);
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /favicon.ico':
        return res.writeHead(204).end();
      case 'GET /':
        return page(res, 200, homePage({ signedIn: Boolean(session?.tokens), tsunaguUrl: settings.tsunaguUrl }));
      case 'GET /login': {
        const { url: authorizationUrl, pending } = await tsunagu.startLogin();
        if (sessionId) sessions.map.delete(sessionId);
        return redirect(res, 302, authorizationUrl, sessions.create({ pending }));
      }
      case 'GET /callback': {
        if (!session?.pending || !sessionId) return page(res, 400, messagePage(CALLBACK_WITHOUT_LOGIN));
        sessions.map.delete(sessionId);
        let tokens;
        try {
          tokens = await tsunagu.finishLogin(url, session.pending);
        } catch (err) {
          return page(res, 400, messagePage(loginFailed(err)));
        }
        // A new session id after sign-in, so an id seen before it is worth nothing.
        return redirect(res, 302, '/me', sessions.create({ tokens }));
      }
      case 'GET /me': {
        if (!session?.tokens) return redirect(res, 302, '/');
        const { readings, refreshed } = await readAll(/** @type {Session & { tokens: Tokens }} */ (session));
        const { sub, acr, grantedScopes } = session.tokens;
        return page(res, 200, mePage({ sub, acr, grantedScopes, readings, refreshed, readAt: new Date(), tsunaguUrl: settings.tsunaguUrl }));
      }
      case 'POST /logout': {
        const origin = req.headers.origin;
        if (origin && origin !== new URL(settings.publicUrl).origin) return page(res, 403, 'Forbidden');
        if (sessionId) sessions.map.delete(sessionId);
        // RP-initiated logout: Tsunagu ends its session too, then sends the browser back to our top page.
        const to = session?.tokens ? await tsunagu.endSessionUrl(session.tokens.idToken) : '/';
        return redirect(res, 303, to, '');
      }
      default:
        return page(res, 404, messagePage(NOT_FOUND));
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((/** @type {unknown} */ err) => {
      console.error(err);
      if (!res.headersSent) page(res, isUnreachable(err) ? 502 : 500, messagePage(failure(settings.tsunaguUrl, err)));
    });
  });
}

const CALLBACK_WITHOUT_LOGIN = {
  title: 'ログインをやり直してください',
  en: 'Please sign in again',
  message: 'ログインの途中の情報が見つかりません（時間が経ったか、デモサービスが再起動しました）。',
  messageEn: 'This sign-in was not started here, or the demo service restarted since.',
};
const NOT_FOUND = { title: 'ページがありません', en: 'Not found', message: 'このページはありません。', messageEn: 'There is no such page.' };

/** @param {unknown} err */
function loginFailed(err) {
  const error = typeof err === 'object' && err && 'error' in err ? String(err.error) : '';
  if (error === 'access_denied')
    return {
      title: 'ログインが取り消されました',
      en: 'Sign-in cancelled',
      message: 'つなぐで提供を断ったため、ログインしませんでした。',
      messageEn: 'You declined in Tsunagu, so you are not signed in.',
    };
  const why = err instanceof Error ? err.message : String(err);
  return {
    title: 'ログインできませんでした',
    en: 'Sign-in failed',
    message: `つなぐからの応答を確かめられませんでした: ${why}`,
    messageEn: `Tsunagu's answer could not be checked: ${why}`,
  };
}

/** Whether Tsunagu could not be reached at all (not running, wrong TSUNAGU_URL). @param {unknown} err @returns {boolean} */
function isUnreachable(err) {
  if (!(err instanceof Error)) return false;
  if ('code' in err && ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EHOSTUNREACH'].includes(String(err.code))) return true;
  return isUnreachable(err.cause);
}

/** @param {string} tsunaguUrl @param {unknown} err */
function failure(tsunaguUrl, err) {
  const why = err instanceof Error ? err.message : String(err);
  if (!isUnreachable(err)) return { title: 'エラーが起きました', en: 'Something went wrong', message: why, messageEn: why };
  return {
    title: 'つなぐに接続できません',
    en: 'Cannot reach Tsunagu',
    message: `${tsunaguUrl} のつなぐが動いているか確かめてください（npm start）。 ${why}`,
    messageEn: `Check that Tsunagu is running at ${tsunaguUrl} (npm start). ${why}`,
  };
}
