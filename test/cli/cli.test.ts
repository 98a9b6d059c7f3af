import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { tsunagu } from '../support/cli.ts';

let dataDir: string;
let postgres: TestDatabase | undefined;
let dbEnv: Record<string, string | undefined>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-cli-'));
  if (process.env.DATABASE_URL) {
    postgres = await freshDatabase();
    dbEnv = { DATABASE_URL: postgres.url, DATA_DIR: dataDir };
  } else {
    dbEnv = { DATABASE_URL: undefined, DATA_DIR: dataDir };
  }
});
afterAll(async () => {
  await postgres?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('tsunagu CLI', () => {
  it('lists its commands in --help', async () => {
    const { code, stdout } = await tsunagu(['--help']);
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed']) expect(stdout).toContain(command);
  });

  it.each([['serve'], ['migrate'], ['seed']])('explains %s in its own --help', async (command) => {
    const { code, stdout } = await tsunagu([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: tsunagu ${command}`);
  });

  it('migrates an empty database, showing each step, and says so when there is nothing left to do', async () => {
    const first = await tsunagu(['migrate'], dbEnv);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('registry/0001_municipality');
    const second = await tsunagu(['migrate'], dbEnv);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('Already up to date');
  });

  it('seeds the demo city, and seeding again adds nothing twice', async () => {
    const first = await tsunagu(['seed', '--demo'], dbEnv);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/municipality created, \d+ districts added/);
    const second = await tsunagu(['seed', '--demo'], dbEnv);
    expect(second.stderr).toContain('municipality already there, 0 districts added');
  }, 120_000); // two processes that each migrate and seed a whole demo city

  it('refuses to start with a bad variable and names it', async () => {
    const { code, stderr } = await tsunagu(['migrate'], { ...dbEnv, PORT: 'eighty' });
    expect(code).toBe(2);
    expect(stderr).toContain('PORT must be a whole number');
  });

  it('says what is wrong with an unknown command', async () => {
    const { code, stderr } = await tsunagu(['serv']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown command 'serv'/);
  });
});
