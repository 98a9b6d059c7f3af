import fs from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '@lib/config.ts';
import { openDatabase } from '@lib/db/database.ts';
import { RegistryError } from '@platform/registry/errors.ts';
import type { ImportReport } from '@platform/registry/importer.ts';
import { registryChangePublisher } from '@platform/core.ts';
import { RegistryService } from '@platform/registry/service.ts';
import { createLogger, migrate } from '../app.ts';
import { ALL_MODULES } from '../modules.ts';

/** Where the command reads its configuration and writes its messages; tests pass their own. */
export type RegistryCommandIo = {
  env?: Record<string, string | undefined>;
  /** One line for a person, on stderr by default. */
  say?: (line: string) => void;
  /** Sets the exit code (by default process.exitCode, so the database still closes). */
  exit?: (code: number) => void;
};

function summary(report: ImportReport): string {
  const counts = `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged; ${report.changesRecorded} change(s) recorded, effective ${report.effectiveDate}`;
  return report.dryRun ? `Dry run, nothing written. The import would give: ${counts}.` : `Imported ${report.rows} row(s): ${counts}.`;
}

/** `tsunagu registry …`: the resident registry (住民基本台帳). */
export function registryCommand(io: RegistryCommandIo = {}): Command {
  const say = io.say ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const exit =
    io.exit ??
    ((code: number) => {
      process.exitCode = code;
    });

  const registry = new Command('registry').description('the resident registry (住民基本台帳): persons and households');
  registry
    .command('import')
    .description('import residents from a CSV file (format in docs/registry.md); all rows or none, and importing the same file again changes nothing')
    .argument('<file>', 'UTF-8 CSV with a header row, one row per person')
    .option(
      '--effective-date <YYYY-MM-DD>',
      'date of the moves, births and deaths the file records (default: today, Asia/Tokyo); a row’s 異動日 wins',
    )
    .option('--dry-run', 'check every row against the register and report, writing nothing')
    .action(async (file: string, options: { effectiveDate?: string; dryRun?: boolean }) => {
      let config: Config;
      try {
        config = loadConfig(io.env ?? process.env);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        say(`${err.message}\nSee .env.example for every variable.`);
        return exit(2);
      }
      let bytes: Buffer;
      try {
        bytes = await fs.readFile(file);
      } catch (err) {
        say(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
        return exit(1);
      }

      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrate(database, ALL_MODULES);
        say(`Importing ${file} (${bytes.length} bytes)${options.dryRun ? ' as a dry run' : ''}…`);
        const onChanges = await registryChangePublisher({
          config,
          database,
          log: createLogger({ ...config, logLevel: 'warn' }),
          platformFetch: fetch,
        });
        const report = await new RegistryService(database.db, onChanges).importCsv(bytes, {
          ...(options.effectiveDate ? { effectiveDate: options.effectiveDate } : {}),
          dryRun: !!options.dryRun,
          onProgress: (message) => say(`  ${message}`),
        });
        if (report.errors.length > 0) {
          const rows = new Set(report.errors.map((e) => e.row)).size;
          say(`${file}: ${report.errors.length} problem(s) in ${rows} row(s); nothing was imported.`);
          for (const e of report.errors) say(`  row ${e.row}${e.column ? `, ${e.column}` : ''}: ${e.message} / ${e.messageJa}`);
          return exit(1);
        }
        say(summary(report));
      } catch (err) {
        if (!(err instanceof RegistryError)) throw err;
        say(`${err.detail ?? err.code}`);
        return exit(1);
      } finally {
        await database.close();
      }
    });
  return registry;
}
