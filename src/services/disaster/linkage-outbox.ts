import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { NoTables } from '@lib/db/database.ts';
import type { Platform } from './ports.ts';
import { ReportRepository } from './report-repository.ts';

const BATCH = 2000;
const PAUSE_MS = 250;
const CONCURRENCY = 8;

/**
 * Writes each stored safety report to linkage (category `safety_status`) behind the report
 * path, so a burst of reports is never slowed by the platform. A report's state moves from
 * `pending` to `written`, or `refused:<code>` when the person has not opted in (normal).
 */
export class LinkageOutbox {
  private stopped = false;
  private active: Promise<void> | null = null;
  private again = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly platform: Platform,
    private readonly log: Logger,
  ) {}

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
    this.wake?.();
    await this.active;
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      const more = await this.drain();
      if (this.stopped || (!more && !this.again)) return;
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

  /** Writes one batch; true when there may be more. */
  async drain(): Promise<boolean> {
    try {
      const repo = new ReportRepository(this.db);
      const claimed = await repo.claimForLinkage(BATCH);
      const states: { id: string; state: string }[] = [];
      for (let i = 0; i < claimed.length; i += CONCURRENCY) {
        await Promise.all(
          claimed.slice(i, i + CONCURRENCY).map(async (report) => {
            let state: string;
            try {
              const outcome = await this.platform.write(report.subject, 'safety_status', {
                eventId: report.event_id,
                status: report.status,
                note: report.note,
                location: report.lat !== null && report.lon !== null ? { lat: report.lat, lon: report.lon } : null,
                reportedAt: report.received_at.toISOString(),
              });
              state = outcome.outcome === 'allowed' ? 'written' : `refused:${outcome.code}`;
            } catch (err) {
              this.log.warn({ err, reportId: report.id }, 'safety status could not be written to linkage');
              state = 'failed';
            }
            states.push({ id: report.id, state });
          }),
        );
      }
      await repo.markLinkage(states);
      return claimed.length > 0;
    } catch (err) {
      if (!this.stopped) this.log.warn({ err }, 'linkage outbox failed; retrying');
      return false;
    }
  }
}
