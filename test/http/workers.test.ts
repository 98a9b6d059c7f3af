import { execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { start, tsunagu } from '../support/cli.ts';
import { freshDatabase, testDatabaseUrl } from '../support/database.ts';

describe('tsunagu serve with WORKERS', () => {
  it('refuses several HTTP processes on PGlite and says why', async () => {
    const result = await tsunagu(['serve'], { WORKERS: '2', DATA_DIR: 'memory://', PORT: '0', SEED_DEMO: 'false' });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('WORKERS > 1 needs PostgreSQL');
  });

  it('refuses a jobs process on PGlite and says why', async () => {
    const result = await tsunagu(['serve'], { JOBS_PROCESS: 'true', DATA_DIR: 'memory://', PORT: '0', SEED_DEMO: 'false' });
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toContain('JOBS_PROCESS needs PostgreSQL');
  });

  // Several processes need a database server: this runs in the PostgreSQL pass of the suite.
  // A primary and two workers each start the whole app: two minutes, not the default 30 s.
  it.runIf(testDatabaseUrl)(
    'serves from that many processes on PostgreSQL and stops them all on SIGTERM',
    async () => {
      const postgres = await freshDatabase();
      let spawned: ChildProcess | undefined;
      try {
        const child = (spawned = start(['serve'], { WORKERS: '2', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: postgres.url, SEED_DEMO: 'false' }));
        let logs = '';
        await new Promise<void>((resolve, reject) => {
          child.on('exit', (code) => reject(new Error(`exited with ${code}: ${logs}`)));
          child.stdout?.on('data', (chunk: Buffer) => {
            logs += chunk.toString();
            // Worker 1 says it is serving; the other may still be starting until it listens too.
            if (logs.includes('Tsunagu is serving') && (logs.match(/Server listening/g) ?? []).length >= 2) resolve();
          });
        });
        const children = () =>
          execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
            .trim()
            .split(/\s+/)
            .filter(Boolean);
        expect(children()).toHaveLength(2);
        child.kill('SIGTERM');
        const [code] = (await once(child, 'exit')) as [number | null];
        expect(code).toBe(0);
        expect(logs.match(/"msg":"stopped"/g)).toHaveLength(2);
      } finally {
        // A failed test leaves no server behind (the supervisor and its processes).
        if (spawned?.exitCode === null) spawned.kill('SIGKILL');
        await postgres.drop();
      }
    },
    120_000,
  );
});
