import { Command, Option } from 'commander';
import { openDatabase } from '@lib/db/database.ts';
import { createApp, createLogger, migrate } from '../app.ts';
import { ALL_MODULES } from '../modules.ts';
import { auditCommand, serviceCommand } from './platform.ts';
import { registryCommand } from './registry.ts';
import { serve } from './serve.ts';
import { config, say } from './shared.ts';

const program = new Command()
  .name('tsunagu')
  .description('Tsunagu (つなぐ) City OS. Configuration comes from environment variables; see .env.example.')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate the database, seed the demo city if SEED_DEMO is on, and serve HTTP on PORT')
  .addOption(new Option('--no-seed', 'do not seed the demo city, whatever SEED_DEMO says'))
  .action(async (options: { seed: boolean }) => {
    const base = config();
    await serve({ ...base, seedDemo: base.seedDemo && options.seed });
  });

program
  .command('migrate')
  .description('bring every module schema up to date, then exit')
  .action(async () => {
    const cfg = config();
    const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
    try {
      say(`Migrating ${database.kind === 'pglite' ? `PGlite at ${cfg.dataDir}` : 'PostgreSQL'}…`);
      const applied = await migrate(database, ALL_MODULES, (step) =>
        say(`  ${step.status === 'applied' ? '✓' : '✗'} ${step.schema}/${step.migration}`),
      );
      say(applied.length === 0 ? 'Already up to date.' : `Applied ${applied.length} migration(s).`);
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('write demo data (synthetic: no real people)')
  .requiredOption('--demo', 'seed the demo city (Aizuwakamatsu); safe to run again')
  .action(async () => {
    const cfg = config();
    say('Migrating and seeding the demo city…');
    // The whole app, not listening: service modules seed through the platform's HTTP API.
    const app = await createApp(
      { ...cfg, seedDemo: true },
      { logger: createLogger({ ...cfg, logLevel: 'warn' }), seedProgress: (message) => say(`  ${message}`) },
    );
    await app.close();
    say('Done.');
  });

program.addCommand(registryCommand());
program.addCommand(serviceCommand());
program.addCommand(auditCommand());

await program.parseAsync(process.argv).catch((err: unknown) => {
  say(`tsunagu: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
