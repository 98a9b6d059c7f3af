import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { NoTables } from '@lib/db/database.ts';
import { LinkageRepository, type LinkageState } from './linkage-repository.ts';
import type { Platform } from './ports.ts';

const BATCH = 2000;
const PAUSE_MS = 250;
const CONCURRENCY = 8;

export type OutboxOptions = {
  /** How long a claimed report stays with its sender before any process may take it again (the sender died). */
  leaseSeconds: number;
  /** How often an idle worker looks for reports left by another process or due for a retry. */
  sweepMs: number;
  /** The pause before the first retry of a failed write; it doubles with each attempt, up to 10 minutes. */
  retrySeconds: number;
};

const DEFAULTS: OutboxOptions = { leaseSeconds: 60, sweepMs: 30_000, retrySeconds: 5 };

/**
 * Writes each stored safety report to linkage (category `safety_status`) behind the report
 * path, so a burst of reports is never slowed by the platform. The report table is the
 * outbox: a report moves from `pending` to `sending` (under a lease) to `written`, or
 * `refused:<code>` when the person has not opted in (normal, final), or `failed` (retried
 * with a growing pause). Whatever a process leaves undone when it stops or dies — pending,
 * failed, or claimed and never answered — any process takes up once it is due, so each
 * report is written at least once; every write carries the report's id, so a repeated one
 * is recognisable as the same report.
 */
export class LinkageOutbox {
  private stopped = true;
  private active: Promise<void> | null = null;
  private again = false;
  private wake: (() => void) | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private dueTimer: NodeJS.Timeout | null = null;
  private readonly options: OutboxOptions;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly platform: Platform,
    private readonly log: Logger,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Starts the worker: sends what is waiting now (left by an earlier run too), then looks again now and then. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.sweep = setInterval(() => this.kick(), this.options.sweepMs);
    this.sweep.unref();
    this.kick();
  }

  /** New reports are waiting: drain them, now or after the batch in progress. Nothing runs while there is no work. */
  kick(): void {
    if (this.stopped) return;
    if (this.active) {
      this.again = true;
      return;
    }
    this.active = this.loop().finally(() => {
      this.active = null;
    });
  }

  /** Resolves when nothing is being sent (tests). */
  async idle(): Promise<void> {
    while (this.active) await this.active;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweep) clearInterval(this.sweep);
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.sweep = null;
    this.dueTimer = null;
    this.wake?.();
    await this.active;
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      const more = await this.drain();
      if (this.stopped) return;
      if (!more && !this.again) {
        await this.wakeWhenDue();
        // A report stored while the next due time was being looked up kicked a loop that was
        // about to end: go round again rather than leave it for the sweep.
        if (!this.again || this.stopped) return;
        continue;
      }
      // Even with more to send, pause between batches: the report path comes first in a burst.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, PAUSE_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
      if (this.stopped) return;
    }
  }

  /** A failed write or someone's lease falls due before the next sweep: be there. */
  private async wakeWhenDue(): Promise<void> {
    try {
      const due = await new LinkageRepository(this.db).nextDue();
      if (this.stopped || due === null) return;
      if (this.dueTimer) clearTimeout(this.dueTimer);
      this.dueTimer = setTimeout(() => this.kick(), Math.min(Math.max(due.getTime() - Date.now(), 0) + 50, this.options.sweepMs));
      this.dueTimer.unref();
    } catch (err) {
      if (!this.stopped) this.log.warn({ err }, 'linkage outbox: could not look for retries');
    }
  }

  /** Writes one batch; true when there may be more. */
  async drain(): Promise<boolean> {
    try {
      const repo = new LinkageRepository(this.db);
      const claimed = await repo.claim(BATCH, this.options.leaseSeconds);
      const states: LinkageState[] = [];
      for (let i = 0; i < claimed.length; i += CONCURRENCY) {
        await Promise.all(
          claimed.slice(i, i + CONCURRENCY).map(async (report) => {
            let state: string;
            try {
              const outcome = await this.platform.write(
                report.subject,
                'safety_status',
                {
                  reportId: report.id,
                  eventId: report.event_id,
                  status: report.status,
                  note: report.note,
                  location: report.lat !== null && report.lon !== null ? { lat: report.lat, lon: report.lon } : null,
                  reportedAt: report.received_at.toISOString(),
                },
                `safety-status:${report.id}`,
              );
              state = outcome.outcome === 'allowed' ? 'written' : `refused:${outcome.code}`;
            } catch (err) {
              this.log.warn({ err, reportId: report.id }, 'safety status could not be written to linkage; will retry');
              state = 'failed';
            }
            states.push({ id: report.id, state });
          }),
        );
      }
      await repo.mark(states, this.options.retrySeconds);
      return claimed.length > 0;
    } catch (err) {
      if (!this.stopped) this.log.warn({ err }, 'linkage outbox failed; retrying');
      return false;
    }
  }
}
