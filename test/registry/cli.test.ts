import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@lib/db/database.ts';
import { AIZUWAKAMATSU_DISTRICTS } from '@platform/registry/demo-districts.ts';
import { RegistryService } from '@platform/registry/service.ts';
import { registryCommand } from '../../src/cli/registry.ts';
import { migrate } from '../../src/app.ts';
import { ALL_MODULES } from '../../src/modules.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { csv, MUNICIPALITY } from './support.ts';

let dir: string;
let postgres: TestDatabase | undefined;
let env: Record<string, string | undefined>;

/** Runs `tsunagu registry …` in this process, as the CLI would, and returns what it said. */
async function tsunaguRegistry(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  let code = 0;
  const command = registryCommand({ env, say: (line) => lines.push(line), exit: (c) => (code = c) }).exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return { code, lines };
}

async function withService<T>(work: (service: RegistryService) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? 'memory://' });
  try {
    return await work(new RegistryService(database.db));
  } finally {
    await database.close();
  }
}

const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
};

const ROWS = [
  {
    世帯番号: '400001',
    住民票コード: '40000000001',
    氏名: '鶴ヶ城 天守',
    フリガナ: 'つるがじょう てんしゅ',
    生年月日: 'S50.5.5',
    性別: '男',
    続柄: '世帯主',
    町名: '追手町',
    番地: '1-1',
  },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-registry-cli-'));
  postgres = process.env.DATABASE_URL ? await freshDatabase() : undefined;
  env = { LOG_LEVEL: 'silent', DATA_DIR: dir, DATABASE_URL: postgres?.url };
  const database = postgres?.database ?? (await openDatabase({ databaseUrl: undefined, dataDir: dir }));
  await migrate(database, ALL_MODULES);
  await new RegistryService(database.db).establish(MUNICIPALITY, AIZUWAKAMATSU_DISTRICTS);
  if (postgres) await postgres.database.close();
  else await database.close();
});
afterAll(async () => {
  if (postgres) await postgres.drop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tsunagu registry import', () => {
  it('checks a file on a dry run and writes nothing', async () => {
    const { code, lines } = await tsunaguRegistry(['import', file('dry.csv', csv(ROWS)), '--dry-run']);
    expect(code).toBe(0);
    expect(lines.at(-1)).toContain('Dry run, nothing written');
    expect(await withService((s) => s.reader.findByResidentCode('40000000001'))).toBeUndefined();
  });

  it('imports a file, showing progress, and says what it did', async () => {
    const { code, lines } = await tsunaguRegistry(['import', file('good.csv', csv(ROWS)), '--effective-date', '2025-04-01']);
    expect(code).toBe(0);
    expect(lines.some((line) => line.includes('read 1 rows'))).toBe(true);
    expect(lines.at(-1)).toBe('Imported 1 row(s): 1 created, 0 updated, 0 unchanged; 0 change(s) recorded, effective 2025-04-01.');
    expect(await withService((s) => s.reader.findByResidentCode('40000000001'))).toBeDefined();
  });

  it('lists every bad row and exits with 1, importing nothing', async () => {
    const bad = [...ROWS, { ...ROWS[0], 住民票コード: '40000000002', 氏名: '鶴ヶ城 二', 続柄: '子', 生年月日: '昭和99年1月1日', 性別: '?' }];
    const { code, lines } = await tsunaguRegistry(['import', file('bad.csv', csv(bad))]);
    expect(code).toBe(1);
    expect(lines).toContain(`${path.join(dir, 'bad.csv')}: 2 problem(s) in 1 row(s); nothing was imported.`);
    expect(lines.filter((line) => line.startsWith('  row 3, '))).toHaveLength(2);
    expect(await withService((s) => s.reader.findByResidentCode('40000000002'))).toBeUndefined();
  });

  it('refuses an effective date that is not a date, and a file it cannot read', async () => {
    const date = await tsunaguRegistry(['import', file('date.csv', csv(ROWS)), '--effective-date', '2025-02-30']);
    expect(date.code).toBe(1);
    expect(date.lines.at(-1)).toContain('YYYY-MM-DD');
    const missing = await tsunaguRegistry(['import', path.join(dir, 'no-such.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.lines[0]).toMatch(/^Cannot read .*no-such\.csv/);
  });
});
