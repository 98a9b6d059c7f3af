import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { DisasterError } from './errors.ts';
import { EventRepository, type EventRow } from './event-repository.ts';
import { areaProblem, type Area } from './geo.ts';
import { hazardBit, hazardLabel, type Hazard } from './hazards.ts';
import type { Platform } from './ports.ts';
import { ShelterRepository } from './shelter-repository.ts';
import { SupportRepository } from './support-repository.ts';

export type Declaration = {
  hazard: Hazard;
  title: string;
  drill?: boolean;
  /** 警戒レベル 1–5 (4 when not given). */
  level?: number;
  /** The affected area in words (town names), for alerts. */
  areaNames?: string[];
  /** GeoJSON (Multi)Polygon; null or absent for the whole city. */
  area?: Area | null;
  /** Sites to open by id. */
  shelterIds?: string[];
  /** Open every site designated for the hazard (in these municipalities, or everywhere). */
  openAllSuitable?: boolean;
  municipalities?: string[];
};

/** Disaster events: declared and closed by staff; each opens shelters and gives supporters their tasks. */
export class EventService {
  private readonly cache = new Map<string, { row: EventRow; at: number }>();

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly platform: Platform,
    private readonly log: Logger,
  ) {}

  async requireRole(subject: string, role: 'staff' | 'supporter'): Promise<void> {
    if (!(await new EventRepository(this.db).hasRole(subject, role))) {
      throw new DisasterError(role === 'staff' ? 'not_disaster_staff' : 'not_supporter');
    }
  }

  async declare(by: string, d: Declaration): Promise<{ event: EventRow; opened: number; tasks: number }> {
    if (d.area) {
      const problem = areaProblem(d.area);
      if (problem) throw new DisasterError('invalid_area', problem);
    }
    const result = await withTransaction(this.db, async (tx) => {
      const event = await new EventRepository(tx).insert({
        id: randomUUID(),
        hazard: d.hazard,
        title: d.title,
        drill: !!d.drill,
        level: d.level ?? 4,
        area: d.area ?? null,
        areaNames: d.areaNames ?? [],
        declaredBy: by,
      });
      const shelters = new ShelterRepository(tx);
      let opened = 0;
      if (d.shelterIds && d.shelterIds.length > 0) {
        opened = await shelters.setOpen(event.id, d.shelterIds, true);
        if (opened !== new Set(d.shelterIds).size)
          throw new DisasterError('shelter_not_found', 'Some shelter ids are unknown; nothing was declared.');
      }
      if (d.openAllSuitable) opened += await shelters.openAllSuitable(event.id, hazardBit(d.hazard), d.municipalities ?? null);
      const tasks = await new SupportRepository(tx).createTasks(event.id);
      return { event, opened, tasks };
    });
    if (result.opened > 100) await new ShelterRepository(this.db).analyze();
    await this.announce(result.event, 'issued');
    return result;
  }

  /** The platform's `disaster.alert` to subscribed services (the event API's fixed shape). */
  private async announce(event: EventRow, status: 'issued' | 'lifted'): Promise<void> {
    const label = hazardLabel(event.hazard);
    try {
      await this.platform.publish('disaster.alert', {
        alertId: event.id,
        status,
        hazard: event.hazard,
        level: event.level,
        title: {
          ja: `${event.drill ? '【訓練】' : ''}${label.ja}: ${event.title}`.slice(0, 200),
          en: `${event.drill ? '[Drill] ' : ''}${label.en}: ${event.title}`.slice(0, 200),
        },
        areas: event.area_names,
      });
    } catch (err) {
      // The event stands and citizens see it in the app; subscribed services miss this one publish.
      this.log.warn({ err, eventId: event.id }, 'disaster.alert could not be published');
    }
  }

  async close(by: string, id: string): Promise<EventRow> {
    const repo = new EventRepository(this.db);
    const closed = await repo.close(id, by);
    this.cache.delete(id);
    if (closed) {
      await this.announce(closed, 'lifted');
      return closed;
    }
    if (!(await repo.get(id))) throw new DisasterError('event_not_found');
    throw new DisasterError('event_closed');
  }

  async get(id: string): Promise<EventRow> {
    const row = await new EventRepository(this.db).get(id);
    if (!row) throw new DisasterError('event_not_found');
    return row;
  }

  /** The event, read at most once a second per process: the report path asks for it on every report. */
  async cached(id: string): Promise<EventRow> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < 1000) return hit.row;
    const row = await this.get(id);
    this.cache.set(id, { row, at: Date.now() });
    return row;
  }

  async requireOpen(id: string): Promise<EventRow> {
    const row = await this.cached(id);
    if (row.status !== 'open') throw new DisasterError('event_closed');
    return row;
  }

  list(status: 'open' | 'closed' | null) {
    return new EventRepository(this.db).list(status);
  }
}
