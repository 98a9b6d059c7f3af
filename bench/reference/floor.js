import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { fire, percentile } from '../load.js';

const CITIZENS = 100;

/**
 * Runs the linkage floor (linkage-floor.js) in its own process on the bench's database and loads
 * it as the measured run loaded Tsunagu: the same connections, one bearer token per citizen.
 * @param {string} databaseUrl
 * @param {{ connections: number, seconds: number }} o
 * @returns {Promise<{ reads_per_s: number, p99_ms: number }>}
 */
export async function measureLinkageFloor(databaseUrl, o) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./linkage-floor.js', import.meta.url)), databaseUrl, String(CITIZENS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`the linkage floor exited (${code}) before it listened`);
    });
    const [chunk] = /** @type {[Buffer]} */ (
      await Promise.race([once(/** @type {import('node:stream').Readable} */ (child.stdout), 'data'), exited])
    );
    const url = `http://127.0.0.1:${Number(chunk.toString().trim())}`;
    const requests = Array.from({ length: CITIZENS }, (_, i) => ({ method: 'GET', path: '/', headers: { authorization: `Bearer token-${i + 1}` } }));
    const signal = new AbortController().signal;
    await fire({ url, load: { requests }, connections: o.connections, durationS: 1, signal });
    const result = await fire({ url, load: { requests }, connections: o.connections, durationS: o.seconds, signal });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`the linkage floor answered ${result.non2xx} non-2xx and ${result.errors} errors`);
    return { reads_per_s: Math.round(result.ok / result.durationS), p99_ms: Math.round(percentile(result.latenciesMs, 99) * 100) / 100 };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}
