import { Command } from 'commander';
import { ShelterService } from '@services/disaster/shelter-service.ts';
import { commandIo, importFile, type CommandIo } from './shared.ts';

export type DisasterCommandIo = CommandIo;

/** `tsunagu disaster …`: the disaster service's operator tasks. */
export function disasterCommand(io: DisasterCommandIo = {}): Command {
  const cli = commandIo(io);
  const { say, exit } = cli;

  const disaster = new Command('disaster').description('the disaster service (つなぐ防災): shelters and evacuation sites');
  disaster
    .command('import-shelters')
    .description(
      'import a GSI file of designated evacuation sites (指定緊急避難場所) or shelters (指定避難所), any municipality; the kind is told by the header; all rows or none; importing it again changes nothing',
    )
    .argument('<file>', '国土地理院「指定緊急避難場所・指定避難所データ」CSV (UTF-8)')
    .action((file: string) =>
      importFile(cli, file, async ({ database, bytes }) => {
        say(`Importing ${file} (${bytes.length} bytes)…`);
        const report = await new ShelterService(database.db).importFile(bytes);
        if (report.errors.length > 0) {
          const lines = new Set(report.errors.map((e) => e.line)).size;
          say(`${file}: ${report.errors.length} problem(s) on ${lines} line(s); nothing was imported.`);
          for (const e of report.errors) {
            say(`  line ${e.line}${e.column ? `, ${e.column}` : ''}${e.value !== undefined ? ` (${e.value})` : ''}: ${e.message} / ${e.messageJa}`);
          }
          return exit(1);
        }
        const kind = report.kind === 'shelter' ? 'shelters (指定避難所)' : 'evacuation sites (指定緊急避難場所)';
        say(`Imported ${report.rows} ${kind}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.`);
      }),
    );
  return disaster;
}
