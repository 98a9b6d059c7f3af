import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { NoTables } from '@lib/db/database.ts';
import type { Platform } from './ports.ts';
import { ReportRepository } from './report-repository.ts';

const BATCH = 2000;
const IDLE_MS = 500;
const PAUSE_MS = 250;
const CONCURRENCY = 8;

/**
 * Writes each stored safety report to linkage (category `safety_status`) behind the report
 * path, so a burst of reports is never slowed by the platform. A report's state moves from
 * `pending` to `written`, or `refused:<code>` when the person has not opted in (normal).
 */
export class LinkageOutbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly platform: Platform,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(IDLE_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // Even with more to send, pause between batches: the report path comes first in a burst.
      this.running = this.drain().then((more) => this.schedule(more ? PAUSE_MS : IDLE_MS));
    }, ms);
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
