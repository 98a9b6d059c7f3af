import { spawn, type ChildProcess } from 'node:child_process';
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
