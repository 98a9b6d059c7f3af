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
