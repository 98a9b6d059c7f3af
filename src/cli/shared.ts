import fs from 'node:fs/promises';
import { ConfigError, loadConfig, type Config } from '@lib/config.ts';
import { openDatabase, type Database } from '@lib/db/database.ts';
import { migrate } from '../app.ts';
import { ALL_MODULES } from '../modules.ts';

/** Progress and results for people go to stderr; stdout stays for machine-readable output. */
export const say = (message: string) => process.stderr.write(`${message}\n`);

export function config(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Opens the configured database, brings it up to date, runs `work`, and closes it. */
export async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const cfg = config();
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(database, ALL_MODULES);
    return await work(database, cfg);
  } finally {
    await database.close();
  }
}

/** Where a command reads its configuration and writes its messages; tests pass their own. */
export type CommandIo = {
  env?: Record<string, string | undefined>;
  /** One line for a person, on stderr by default. */
  say?: (line: string) => void;
  /** Sets the exit code (by default process.exitCode, so the database still closes). */
  exit?: (code: number) => void;
};

/** The IO of a command, with its defaults filled in. */
export function commandIo(io: CommandIo): Required<Pick<CommandIo, 'say' | 'exit'>> & { env: Record<string, string | undefined> } {
  return {
    env: io.env ?? process.env,
    say: io.say ?? ((line: string) => void process.stderr.write(`${line}\n`)),
    exit:
      io.exit ??
      ((code: number) => {
        process.exitCode = code;
      }),
  };
}

/**
 * What every file-import command does first: checks the configuration (exit 2), reads the
 * file (exit 1), and opens the database brought up to date; then runs `work` and closes it.
 */
export async function importFile(
  io: ReturnType<typeof commandIo>,
  file: string,
  work: (input: { config: Config; database: Database; bytes: Buffer }) => Promise<void>,
): Promise<void> {
  let cfg: Config;
  try {
    cfg = loadConfig(io.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.say(`${err.message}\nSee .env.example for every variable.`);
    return io.exit(2);
  }
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    io.say(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return io.exit(1);
  }
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(database, ALL_MODULES);
    await work({ config: cfg, database, bytes });
  } finally {
    await database.close();
  }
}
