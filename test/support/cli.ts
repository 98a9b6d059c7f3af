import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { onTestFinished } from 'vitest';
import { fileURLToPath } from 'node:url';
import { serverNodeArgs } from '@lib/runtime.ts';

export const BIN = fileURLToPath(new URL('../../bin/tsunagu.js', import.meta.url));

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** Runs `tsunagu …` as a user would (`npm run tsunagu`), with the Node that runs the tests. */
export function tsunagu(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = start(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `tsunagu …` with the flags npm's scripts give Node (or `nodeArgs`). */
export function start(args: string[], env: Record<string, string | undefined> = {}, nodeArgs = serverNodeArgs()): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, BIN, ...args], {
    // A clean environment: the test runner's own variables (Vitest sets BASE_URL to '/') must not leak in.
    // An undefined value leaves the variable out (spawn would pass the string "undefined").
    env: Object.fromEntries(
      Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LOG_LEVEL: 'info', ...env }).filter(
        ([, value]) => value !== undefined,
      ),
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A `tsunagu serve` started by a test, with its supervisor's processes. */
export type Serving = {
  /** Everything it has written to stdout so far. */
  logs: () => string;
  /** The Tsunagu processes its supervisor forked and still runs (not helpers such as tsx's esbuild service). */
  children: () => string[];
  /** SIGTERM, then its exit code once every process has stopped. */
  stop: () => Promise<number | null>;
};

/**
 * Starts `tsunagu serve` and resolves once its output satisfies `ready`. However the test ends
 * (failed, or timed out while waiting), the server and what it forked are killed after it.
 */
export async function serving(env: Record<string, string | undefined>, ready: (logs: string) => boolean): Promise<Serving> {
  const child = start(['serve'], env);
  // Killing the supervisor closes its processes' IPC channel, and they exit too.
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let logs = '';
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${logs}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
      if (ready(logs)) resolve();
    });
  });
  return {
    logs: () => logs,
    children: () =>
      execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes('bin/tsunagu.js'))
        .map((line) => line.trim().split(' ')[0] as string),
    stop: async () => {
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
