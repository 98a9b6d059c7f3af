import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The share queue is keyed by its seq alone: the worker reads it in seq order and now takes
 * payments off it by seq, so the second unique index (on transfer_id) only cost every queued
 * payment an index entry more. A transfer is still queued at most once: transfers are inserted
 * once and never changed, and the trigger queues each as it is inserted.
 */
export const shareQueueBySeq: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table currency.share_queue drop constraint share_queue_pkey, drop constraint share_queue_seq_key,
      add primary key (seq)`.execute(db);
  },
};
