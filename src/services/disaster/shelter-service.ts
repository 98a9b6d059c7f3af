import type { Kysely } from 'kysely';
import { decodeCsv } from '@lib/csv-text.ts';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { DisasterError } from './errors.ts';
import { boundingBox, inJapan } from './geo.ts';
import type { EventRow } from './event-repository.ts';
import { hazardBit, type Hazard } from './hazards.ts';
import { readShelterFile, type ShelterFileKind, type ShelterRowError } from './shelter-file.ts';
import { ShelterRepository, type EventSiteRow, type SiteRow, type StaffFields } from './shelter-repository.ts';

export type ShelterImportReport = {
  kind: ShelterFileKind | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every problem; when not empty, nothing was imported. */
  errors: ShelterRowError[];
};

export type NearestOptions = { lat: number; lon: number; hazard: Hazard; stepFree?: boolean; welfare?: boolean; limit?: number };

/** Search radii in metres: a box query at each until the k nearest are surely inside. */
const RADII = [2_000, 10_000, 50_000, 300_000];
const MAX_RADIUS = 300_000;

/** Shelters: the GSI import, the staff's additions, and the nearest-open-shelter query. */
export class ShelterService {
  constructor(private readonly db: Kysely<NoTables>) {}

  /** Imports a GSI file of either kind; all rows or none; importing it again changes nothing. */
  async importFile(input: string | Uint8Array): Promise<ShelterImportReport> {
    const { text, problem } = typeof input === 'string' ? { text: input } : decodeCsv(input);
    if (problem) return { kind: null, rows: 0, created: 0, updated: 0, unchanged: 0, errors: [{ line: 1, column: null, ...problem }] };
    const file = readShelterFile(text);
    if (file.errors.length > 0 || !file.kind) return { kind: file.kind, rows: 0, created: 0, updated: 0, unchanged: 0, errors: file.errors };
    const kind = file.kind;
    const report = await withTransaction(this.db, async (tx) => {
      const repo = new ShelterRepository(tx);
      const existing = await repo.fileFieldsOf(file.rows.map((r) => r.commonId));
      const changed = file.rows.filter((row) => existing.get(row.commonId) !== ShelterRepository.fingerprint(kind, row));
      const created = changed.filter((row) => !existing.has(row.commonId)).length;
      await repo.upsert(kind, changed);
      await repo.inheritHazards([...new Set(changed.map((r) => r.facilityKey))]);
      return { kind, rows: file.rows.length, created, updated: changed.length - created, unchanged: file.rows.length - changed.length, errors: [] };
    });
    if (report.created + report.updated > 0) await new ShelterRepository(this.db).analyze();
    return report;
  }

  async get(id: string): Promise<SiteRow> {
    const site = await new ShelterRepository(this.db).get(id);
    if (!site) throw new DisasterError('shelter_not_found');
    return site;
  }

  list(filter: { municipality?: string; limit: number; offset: number }) {
    return new ShelterRepository(this.db).list(filter);
  }

  async updateStaffFields(id: string, fields: StaffFields): Promise<SiteRow> {
    const site = await new ShelterRepository(this.db).updateStaffFields(id, fields);
    if (!site) throw new DisasterError('shelter_not_found');
    return site;
  }

  /**
   * The nearest sites open for the event and designated for its hazard (step-free or welfare
   * when asked), by great-circle distance. A bounding box on the (lat, lon) index narrows
   * 110,000 sites to a few before the exact distance; the box grows until the k-th nearest
   * is surely inside it. Nothing farther than 300 km is offered.
   */
  async nearestOpen(eventId: string, options: NearestOptions): Promise<(EventSiteRow & { distance_m: number })[]> {
    if (!inJapan(options.lat, options.lon)) throw new DisasterError('invalid_location');
    const limit = options.limit ?? 5;
    const repo = new ShelterRepository(this.db);
    const query = {
      eventId,
      lat: options.lat,
      lon: options.lon,
      hazardMask: hazardBit(options.hazard),
      stepFree: !!options.stepFree,
      welfare: !!options.welfare,
      limit,
    };
    // One KNN scan in degree space usually settles it: a site outside the candidates is at
    // least `degrees` away on the plane, hence at least that far (scaled by the cosine of the
    // highest latitude it could have) on the sphere.
    const candidates = limit * 8;
    const near = await repo.nearestCandidates({ ...query, box: boundingBox(options.lat, options.lon, MAX_RADIUS) }, candidates);
    if (near.length < candidates) return near.filter((s) => s.distance_m <= MAX_RADIUS).slice(0, limit);
    const reach = Math.max(...near.map((s) => s.degrees));
    const guaranteed = 0.99 * 111_195 * reach * Math.cos(((Math.abs(options.lat) + reach) * Math.PI) / 180);
    const kth = near[limit - 1];
    if (kth && kth.distance_m <= guaranteed) return near.slice(0, limit);
    let found: (EventSiteRow & { distance_m: number })[] = [];
    for (const radius of RADII) {
      found = await repo.nearestOpen({ ...query, box: boundingBox(options.lat, options.lon, radius) });
      const last = found[limit - 1];
      if (last && last.distance_m <= radius) return found;
    }
    // Beyond the widest radius nothing counts as near, even in the corners of its box.
    return found.filter((s) => s.distance_m <= MAX_RADIUS);
  }

  openIn(eventId: string, openOnly: boolean): Promise<EventSiteRow[]> {
    return new ShelterRepository(this.db).ofEvent(eventId, openOnly);
  }

  async setOpen(event: EventRow, siteId: string, open: boolean): Promise<EventSiteRow> {
    const repo = new ShelterRepository(this.db);
    if ((await repo.setOpen(event.id, [siteId], open)) === 0) throw new DisasterError('shelter_not_found');
    const site = await repo.eventSite(event.id, siteId);
    if (!site) throw new DisasterError('shelter_not_found');
    return site;
  }

  async occupancy(eventId: string, siteId: string) {
    const repo = new ShelterRepository(this.db);
    const current = await repo.eventSite(eventId, siteId);
    if (!current) throw new DisasterError('shelter_not_found', 'The shelter is not part of this event.');
    return { current, history: await repo.occupancyHistory(eventId, siteId) };
  }
}
