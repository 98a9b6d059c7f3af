import type { Kysely, Transaction } from 'kysely';
import { uuidv7 } from '@lib/ids.ts';
import type { NoTables } from '@lib/db/database.ts';
import { isEventType, type EventType, type NewEvent } from './event-types.ts';
import { EventsRepository } from './repository.ts';

/**
 * Writes an event to the outbox with the caller's handle, so that it commits or rolls back
 * with the change that caused it: pass the transaction of that change. The delivery worker
 * sends it afterwards, however often processes die in between. Accepts a handle typed with
 * any module's tables. Returns the event's id.
 *
 * ```ts
 * await withTransaction(db, async (tx) => {
 *   await consents.withdraw(tx, …);
 *   await publishEvent(tx, { type: 'consent.withdrawn', subject, audience: clientId, data: { … } });
 * });
 * ```
 */
export async function publishEvent<DB, T extends EventType>(tx: Kysely<DB> | Transaction<DB>, event: NewEvent<T>): Promise<{ id: string }> {
  // Callers in plain JavaScript, or with a string from elsewhere, get a clear error rather than an undeliverable event.
  if (!isEventType(event.type)) throw new TypeError(`Unknown event type "${String(event.type)}"`);
  const id = uuidv7();
  // Any module's handle will do: the repository sees only the events tables (withTables), and
  // Kysely's table map is invariant, so a handle typed with the caller's tables needs the cast.
  await new EventsRepository(tx as unknown as Kysely<NoTables>).insertEvent({
    id,
    type: event.type,
    subject: event.subject ?? null,
    audience: event.audience ?? null,
    data: event.data,
  });
  return { id };
}
