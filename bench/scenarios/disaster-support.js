// Shared setup of the disaster scenarios (issue 5): people signed in to the disaster service through the real pages.
import { randomUUID } from 'node:crypto';
import { sessionCookie } from '../../src/lib/service-kit/names.ts';
import { signInThroughPages } from '../../src/lib/service-kit/sign-in.ts';
import { disasterManifest } from '../../src/services/disaster/manifest.ts';

export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';
const DEMO_PASSWORD = 'tsunagu-demo-2026';

/**
 * Signs a person in to the disaster service as their browser would (login and consent pages).
 * @param {string} origin
 * @param {string} email
 * @param {string} password
 */
export function signIn(origin, email, password) {
  return signInThroughPages({ manifest: disasterManifest, baseUrl: origin, fetch, cookie: sessionCookie(disasterManifest) }, email, password);
}

/** @param {string} origin */
export const signInStaff = (origin) => signIn(origin, 'bousai@demo.tsunagu.example', DEMO_PASSWORD);

/**
 * A new account through the published sign-up API, then signed in to the disaster service.
 * @param {string} origin
 * @param {string} email
 */
export async function newCitizen(origin, email) {
  const password = `bench-${randomUUID()}`;
  const created = await fetch(`${origin}/api/identity/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, displayName: 'ベンチ 市民', kind: 'citizen' }),
  });
  if (created.status !== 201) throw new Error(`sign-up failed: ${created.status} ${await created.text()}`);
  return signIn(origin, email, password);
}

/**
 * A JSON call to the disaster API.
 * @param {string} origin
 * @param {string} method
 * @param {string} path
 * @param {{ cookie?: string, body?: unknown }} [options]
 */
export async function api(origin, method, path, options = {}) {
  const response = await fetch(`${origin}/api/disaster${path}`, {
    method,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.body ? { 'content-type': 'application/json' } : {}) },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Runs `work` over `items` with at most `limit` at a time.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T, index: number) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
export async function pool(items, limit, work) {
  /** @type {R[]} */
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(/** @type {T} */ (items[i]), i);
      }
    }),
  );
  return results;
}
