import { sql, type Kysely } from 'kysely';

/** Runs `work` the way someone with owner rights on the database would tamper: with the append-only trigger off. */
export async function withAppendOnlyOff<T>(db: Kysely<never> | Kysely<Record<never, never>>, work: () => Promise<T>): Promise<T> {
  await sql`alter table linkage.access_log disable trigger access_log_append_only`.execute(db);
  try {
    return await work();
  } finally {
    await sql`alter table linkage.access_log enable trigger access_log_append_only`.execute(db);
  }
}
