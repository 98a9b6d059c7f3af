import { spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { serverNodeArgs } from '../src/lib/runtime.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUTPUT_KEPT = 16 * 1024;
const STOP_GRACE_MS = 5000;

/**
 * A Tsunagu server in its own process, started for one bench run.
 * @typedef {object} BenchServer
 * @property {string} url
 * @property {number} pid     the server's own node process (we spawn node directly, no wrapper)
 * @property {() => string} output   the last few KiB of its stdout and stderr
 * @property {() => boolean} exited
 * @property {() => Promise<void>} stop   SIGTERM, then SIGKILL after a grace period
 */

/** A TCP port that was free a moment ago on 127.0.0.1. */
async function freePort() {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** The caller's environment without the variables the bench decides. */
function inheritedEnv() {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'BASE_URL']) delete env[name];
  return env;
}

/**
 * Spawns `node bin/tsunagu.js serve` with the same Node that runs the bench and the flags npm start gives, and waits until
 * GET /readyz answers 200.
 * @param {{ databaseEnv: Record<string, string>, startTimeoutMs: number, signal: AbortSignal }} options
 * @returns {Promise<BenchServer>}
 */
export async function startServer({ databaseEnv, startTimeoutMs, signal }) {
  const port = await freePort();
  // The flags npm start gives; BENCH_SERVER_NODE_ARGS adds more (e.g. `--cpu-prof --cpu-prof-dir=prof`).
  const nodeArgs = [...serverNodeArgs(), ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/tsunagu.js', 'serve'], {
    cwd: REPO_ROOT,
    env: {
      ...inheritedEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      RATE_LIMIT_PER_MINUTE: '10000000',
      ...databaseEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  // Both pipes must be drained, or a chatty server blocks on a full pipe.
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let spawnError = /** @type {Error | undefined} */ (undefined);
  child.on('error', (err) => {
    spawnError = err;
  });
  const exit = new Promise((resolve) => child.on('close', resolve));
  const exited = () => child.exitCode !== null || child.signalCode !== null || spawnError !== undefined;

  /** @type {BenchServer} */
  const server = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    output: () => output.trim(),
    exited,
    async stop() {
      if (exited()) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exit.then(() => true), sleep(STOP_GRACE_MS, false, { ref: false })]);
      if (!stopped) {
        process.stderr.write(`the server did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM: killing it\n`);
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
  try {
    await waitUntilReady(server, startTimeoutMs, signal, () => spawnError);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/**
 * @param {BenchServer} server
 * @param {number} timeoutMs
 * @param {AbortSignal} signal
 * @param {() => Error | undefined} spawnError
 */
async function waitUntilReady(server, timeoutMs, signal, spawnError) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    signal.throwIfAborted();
    const failed = spawnError();
    if (failed) throw new Error(`could not start the server: ${failed.message}`);
    if (server.exited()) {
      // Let the pipes deliver the last words before quoting them.
      await sleep(100);
      throw new Error(`the server exited before it was ready. Its output:\n${server.output() || '(none)'}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`the server was not ready after ${timeoutMs / 1000} s (${lastProblem}). Its output:\n${server.output() || '(none)'}`);
    }
    try {
      const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `/readyz answered ${response.status}`;
    } catch (err) {
      lastProblem = err instanceof Error ? err.message : String(err);
    }
    await sleep(200);
  }
}
