import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { NoTables } from './database.ts';

/** A module's migrations, applied in its own PostgreSQL schema and tracked there. */
export type ModuleMigrations = {
  schema: string;
  /** Keyed by name; applied in name order. Append-only: never rewrite a landed one. */
  migrations: Record<string, Migration>;
};

export type MigrationProgress = { schema: string; migration: string; status: 'applied' | 'failed' };

export class MigrationError extends Error {
  constructor(
    readonly schema: string,
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`Migration of schema "${schema}" failed${migration ? ` at ${migration}` : ''}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

/** Brings every module's schema up to date; returns what it applied. */
export async function migrateModules(
  db: Kysely<NoTables>,
  modules: readonly ModuleMigrations[],
  onProgress: (step: MigrationProgress) => void = () => undefined,
): Promise<MigrationProgress[]> {
  const applied: MigrationProgress[] = [];
  for (const module of modules) {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => module.migrations },
      migrationTableSchema: module.schema,
    });
    await db.schema.createSchema(module.schema).ifNotExists().execute();
    const result: MigrationResultSet = await migrator.migrateToLatest();
    for (const step of result.results ?? []) {
      const progress: MigrationProgress = {
        schema: module.schema,
        migration: step.migrationName,
        status: step.status === 'Success' ? 'applied' : 'failed',
      };
      if (step.status !== 'NotExecuted') {
        applied.push(progress);
        onProgress(progress);
      }
    }
    if (result.error) {
      const failed = result.results?.find((step) => step.status === 'Error');
      throw new MigrationError(module.schema, failed?.migrationName, result.error);
    }
  }
  return applied;
}
