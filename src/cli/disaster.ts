import fs from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '@lib/config.ts';
import { openDatabase } from '@lib/db/database.ts';
import { ShelterService } from '@services/disaster/shelter-service.ts';
import { migrate } from '../app.ts';
import { ALL_MODULES } from '../modules.ts';

/** Where the command reads its configuration and writes its messages; tests pass their own. */
export type DisasterCommandIo = {
  env?: Record<string, string | undefined>;
  say?: (line: string) => void;
  exit?: (code: number) => void;
};

/** `tsunagu disaster …`: the disaster service's operator tasks. */
export function disasterCommand(io: DisasterCommandIo = {}): Command {
  const say = io.say ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const exit =
    io.exit ??
    ((code: number) => {
      process.exitCode = code;
    });

  const disaster = new Command('disaster').description('the disaster service (つなぐ防災): shelters and evacuation sites');
  disaster
    .command('import-shelters')
    .description(
      'import a GSI file of designated evacuation sites (指定緊急避難場所) or shelters (指定避難所), any municipality; the kind is told by the header; all rows or none; importing it again changes nothing',
    )
    .argument('<file>', '国土地理院「指定緊急避難場所・指定避難所データ」CSV (UTF-8)')
    .action(async (file: string) => {
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
      } finally {
        await database.close();
      }
    });
  return disaster;
}
