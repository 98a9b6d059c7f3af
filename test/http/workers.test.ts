import { describe, expect, it } from 'vitest';
import { serving, tsunagu } from '../support/cli.ts';
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
      try {
        // Worker 1 says it is serving; the other may still be starting until it listens too.
        const server = await serving(
          { WORKERS: '2', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: postgres.url, SEED_DEMO: 'false' },
          (logs) => logs.includes('Tsunagu is serving') && (logs.match(/Server listening/g) ?? []).length >= 2,
        );
        expect(server.children()).toHaveLength(2);
        expect(await server.stop()).toBe(0);
        expect(server.logs().match(/"msg":"stopped"/g)).toHaveLength(2);
      } finally {
        await postgres.drop();
      }
    },
    120_000,
  );
});
