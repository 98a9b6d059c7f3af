import { Command } from 'commander';
import { RegistryError } from '@platform/registry/errors.ts';
import type { ImportReport } from '@platform/registry/importer.ts';
import { registryChangePublisher } from '@platform/core.ts';
import { RegistryService } from '@platform/registry/service.ts';
import { createLogger } from '../app.ts';
import { commandIo, importFile, type CommandIo } from './shared.ts';

export type RegistryCommandIo = CommandIo;

function summary(report: ImportReport): string {
  const counts = `${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged; ${report.changesRecorded} change(s) recorded, effective ${report.effectiveDate}`;
  return report.dryRun ? `Dry run, nothing written. The import would give: ${counts}.` : `Imported ${report.rows} row(s): ${counts}.`;
}

/** `tsunagu registry …`: the resident registry (住民基本台帳). */
export function registryCommand(io: RegistryCommandIo = {}): Command {
  const cli = commandIo(io);
  const { say, exit } = cli;

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
    .action((file: string, options: { effectiveDate?: string; dryRun?: boolean }) =>
      importFile(cli, file, async ({ config, database, bytes }) => {
        say(`Importing ${file} (${bytes.length} bytes)${options.dryRun ? ' as a dry run' : ''}…`);
        const onChanges = await registryChangePublisher({
          config,
          database,
          log: createLogger({ ...config, logLevel: 'warn' }),
          platformFetch: fetch,
        });
        try {
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
        }
      }),
    );
  return registry;
}
