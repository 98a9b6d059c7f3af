import fs from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NODE_MAJOR } from '@lib/runtime.ts';
import { start } from '../support/cli.ts';

const WARNING = 'runs without --experimental-async-context-frame';
const dirs: string[] = [];

/** Starts `tsunagu serve` on an empty PGlite with the given node flags; returns its log once it serves. */
async function serveLog(nodeArgs?: string[]): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-runtime-'));
  dirs.push(dataDir);
  const child = start(['serve'], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false' }, nodeArgs);
  let logs = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      logs += chunk.toString();
      if (logs.includes('Tsunagu is serving')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before serving:\n${logs}`)));
  });
  child.kill('SIGTERM');
  await once(child, 'exit');
  return logs;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the Node runtime serve starts on', () => {
  it('tells the operator when Node 22 runs it without async context frames, which double the cost of every request', async () => {
    const bare = await serveLog([]);
    if (NODE_MAJOR < 24) expect(bare).toContain(WARNING);
    else expect(bare).not.toContain(WARNING);
  });

  it('says nothing when started with the flags npm start gives', async () => {
    expect(await serveLog()).not.toContain(WARNING);
  });
});
