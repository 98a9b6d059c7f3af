import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@lib/db/database.ts';
import { ShelterService } from '@services/disaster/shelter-service.ts';
import { disasterCommand } from '../../src/cli/disaster.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

let dir: string;
let postgres: TestDatabase | undefined;
let env: Record<string, string | undefined>;

async function tsunaguDisaster(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  let code = 0;
  const command = disasterCommand({ env, say: (line) => lines.push(line), exit: (c) => (code = c) }).exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return { code, lines };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsunagu-disaster-cli-'));
  postgres = process.env.DATABASE_URL ? await freshDatabase() : undefined;
  env = { LOG_LEVEL: 'silent', DATA_DIR: dir, DATABASE_URL: postgres?.url };
});
afterAll(async () => {
  await postgres?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tsunagu disaster import-shelters', () => {
  it('imports a GSI file, says what it did, and changes nothing the second time', async () => {
    const file = 'src/services/disaster/data/aizuwakamatsu-shelters.csv';
    const first = await tsunaguDisaster(['import-shelters', file]);
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toBe('Imported 102 shelters (指定避難所): 102 created, 0 updated, 0 unchanged.');
    const second = await tsunaguDisaster(['import-shelters', file]);
    expect(second.lines.at(-1)).toBe('Imported 102 shelters (指定避難所): 0 created, 0 updated, 102 unchanged.');
  });

  it('lists each bad line with column and reason, exits 1, and imports nothing of the file', async () => {
    const bad = path.join(dir, 'bad.csv');
    const text = fs.readFileSync('src/services/disaster/data/aizuwakamatsu-evacuation-sites.csv', 'utf8').replace('139.91793230577', '200');
    fs.writeFileSync(bad, text);
    const result = await tsunaguDisaster(['import-shelters', bad]);
    expect(result.code).toBe(1);
    expect(result.lines).toContain('  line 2, 緯度 (37.520575993321,200): the position is outside Japan / 位置が日本の範囲外です');
    const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: dir });
    try {
      const { rows } = await new ShelterService(database.db).list({ limit: 1000, offset: 0 });
      expect(rows.every((r) => r.kind === 'shelter')).toBe(true);
    } finally {
      await database.close();
    }
  });
});
