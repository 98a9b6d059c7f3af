import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import { EventRepository } from './event-repository.ts';
import type { EventService } from './event-service.ts';
import { crowdingOf } from './hazards.ts';
import { ReportRepository } from './report-repository.ts';
import { ShelterRepository } from './shelter-repository.ts';
import { SupportRepository } from './support-repository.ts';

const STATUS_JA: Record<string, string> = { safe: '無事', injured: 'けが', rescue: '救助を求めます' };

const csvCell = (value: string | number | Date | null | undefined) => {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The disaster headquarters' view of an event. */
export class DashboardService {
  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly events: EventService,
  ) {}

  async dashboard(eventId: string) {
    const event = await this.events.get(eventId);
    const reports = new ReportRepository(this.db);
    const [counts, people, notConfirmed, shelters] = await Promise.all([
      reports.counts(eventId),
      reports.statuses(eventId, 500),
      new SupportRepository(this.db).notConfirmed(eventId),
      new ShelterRepository(this.db).ofEvent(eventId, true),
    ]);
    return {
      event,
      counts,
      rescue: people.filter((p) => p.status === 'rescue' || p.status === 'injured'),
      people,
      notConfirmed,
      shelters: shelters.map((s) => ({ ...s, crowding: crowdingOf(s.occupancy, s.capacity) })),
    };
  }

  /** Everyone's latest state as CSV for the headquarters: UTF-8 with a BOM (Excel), Japanese headers. */
  async csv(eventId: string): Promise<string> {
    const event = await this.events.get(eventId);
    const [people, shelters] = await Promise.all([
      new ReportRepository(this.db).statuses(eventId, 1_000_000),
      new ShelterRepository(this.db).ofEvent(eventId, false),
    ]);
    const names = new Map(shelters.map((s) => [s.id, s.name]));
    const header = ['災害', '利用者ID', '表示名', '安否', 'メモ', '緯度', '経度', '報告日時', '避難先', '避難所受付', '受付日時'];
    const lines = [
      header,
      ...people.map((p) => [
        event.title,
        p.subject,
        p.display_name ?? '',
        p.status ? (STATUS_JA[p.status] ?? p.status) : '未報告',
        p.note,
        p.lat,
        p.lon,
        p.reported_at,
        p.destination_label ?? (p.destination_site_id ? names.get(p.destination_site_id) : ''),
        p.checked_in_site_id ? (names.get(p.checked_in_site_id) ?? '') : '',
        p.checked_in_at,
      ]),
    ];
    return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
  }

  kpis() {
    return new EventRepository(this.db).kpis();
  }
}
