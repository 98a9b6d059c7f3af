import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { ShelterFileKind, ShelterRow } from './shelter-file.ts';

/** A site (指定緊急避難場所) or shelter (指定避難所) as stored, with the staff's additions. */
export type SiteRow = {
  id: string;
  common_id: string;
  facility_key: string;
  kind: ShelterFileKind;
  source_no: number | null;
  municipality: string;
  name: string;
  address: string;
  hazards: number;
  same_address: boolean;
  other_notes: string;
  accepts: string;
  remarks: string;
  lat: number;
  lon: number;
  capacity: number | null;
  step_free: boolean;
  welfare: boolean;
  contact: string | null;
  updated_at: Date;
};

/** A site in an event: open or not, how full. */
export type EventSiteRow = SiteRow & { open: boolean; occupancy: number };

export type StaffFields = { capacity?: number | null; stepFree?: boolean; welfare?: boolean | null; contact?: string | null };

export type NearestQuery = {
  eventId: string;
  lat: number;
  lon: number;
  hazardMask: number;
  stepFree: boolean;
  welfare: boolean;
  limit: number;
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number };
};

// Welfare is the staff's word when they gave one, otherwise the file's 受入対象者.
const SITE_COLUMNS = sql`s.id, s.common_id, s.facility_key, s.kind, s.source_no, s.municipality, s.name, s.address, s.hazards,
  s.same_address, s.other_notes, s.accepts, s.remarks, s.lat, s.lon, s.capacity, s.step_free,
  coalesce(s.welfare, s.accepts <> '') as welfare, s.contact, s.updated_at`;

const fileFields = (row: ShelterRow) => [
  row.facilityKey,
  row.sourceNo,
  row.municipality,
  row.name,
  row.address,
  row.hazards,
  row.sameAddress,
  row.otherNotes,
  row.accepts,
  row.remarks,
  row.lat,
  row.lon,
];

/** The only SQL about sites and their state per event. */
export class ShelterRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  /** The file fields of the sites already stored under these 共通ID, as JSON for comparison. */
  async fileFieldsOf(commonIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < commonIds.length; i += 5000) {
      const chunk = commonIds.slice(i, i + 5000);
      const { rows } = await sql<{ common_id: string; kind: string; fields: unknown[] }>`
        select common_id, kind, json_build_array(facility_key, source_no, municipality, name, address, hazards, same_address,
          other_notes, accepts, remarks, lat, lon) as fields
        from disaster.site where common_id in (select jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb))`.execute(this.db);
      for (const row of rows) {
        // A shelter's hazards are inherited from its facility's evacuation site, never from its own file.
        if (row.kind === 'shelter') row.fields[5] = 0;
        found.set(row.common_id, JSON.stringify([row.kind, ...row.fields]));
      }
    }
    return found;
  }

  static fingerprint(kind: ShelterFileKind, row: ShelterRow): string {
    return JSON.stringify([kind, ...fileFields(row)]);
  }

  /** Inserts or updates the file fields of these rows; staff fields stay as they are. */
  async upsert(kind: ShelterFileKind, rows: readonly ShelterRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => ({
        common_id: r.commonId,
        facility_key: r.facilityKey,
        source_no: r.sourceNo,
        municipality: r.municipality,
        name: r.name,
        address: r.address,
        hazards: r.hazards,
        same_address: r.sameAddress,
        other_notes: r.otherNotes,
        accepts: r.accepts,
        remarks: r.remarks,
        lat: r.lat,
        lon: r.lon,
      }));
      await sql`
        insert into disaster.site (common_id, facility_key, kind, source_no, municipality, name, address, hazards, same_address,
          other_notes, accepts, remarks, lat, lon)
        select common_id, facility_key, ${kind}, source_no, municipality, name, address, hazards, same_address, other_notes, accepts,
          remarks, lat, lon
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as t(common_id text, facility_key text, source_no integer,
          municipality text, name text, address text, hazards integer, same_address boolean, other_notes text, accepts text,
          remarks text, lat double precision, lon double precision)
        on conflict (common_id) do update set facility_key = excluded.facility_key, kind = excluded.kind,
          source_no = excluded.source_no, municipality = excluded.municipality, name = excluded.name, address = excluded.address,
          hazards = excluded.hazards, same_address = excluded.same_address, other_notes = excluded.other_notes,
          accepts = excluded.accepts, remarks = excluded.remarks, lat = excluded.lat, lon = excluded.lon,
          imported_at = now(), updated_at = now()`.execute(this.db);
    }
  }

  /**
   * A shelter (指定避難所) file has no hazard columns: a shelter is suitable for the hazards of
   * the evacuation site at the same facility, when there is one.
   */
  async inheritHazards(facilityKeys: readonly string[]): Promise<void> {
    await sql`
      update disaster.site s set hazards = coalesce((
        select bit_or(e.hazards) from disaster.site e where e.kind = 'evacuation_site' and e.facility_key = s.facility_key), 0)
      where s.kind = 'shelter' and s.facility_key in (select jsonb_array_elements_text(${JSON.stringify(facilityKeys)}::jsonb))`.execute(this.db);
  }

  /** Fresh planner statistics after a bulk change, so the nearest query keeps its index plan. */
  async analyze(): Promise<void> {
    await sql`analyze disaster.site`.execute(this.db);
    await sql`analyze disaster.event_shelter`.execute(this.db);
  }

  async get(id: string): Promise<SiteRow | undefined> {
    const { rows } = await sql<SiteRow>`select ${SITE_COLUMNS} from disaster.site s where s.id = ${id}`.execute(this.db);
    return rows[0];
  }

  async list(filter: { municipality?: string; limit: number; offset: number }): Promise<{ rows: SiteRow[]; total: number }> {
    const where = filter.municipality ? sql`where s.municipality = ${filter.municipality}` : sql``;
    const [{ rows }, count] = await Promise.all([
      sql<SiteRow>`select ${SITE_COLUMNS} from disaster.site s ${where} order by s.municipality, s.source_no nulls last, s.common_id
        limit ${filter.limit} offset ${filter.offset}`.execute(this.db),
      sql<{ n: number }>`select count(*)::int as n from disaster.site s ${where}`.execute(this.db),
    ]);
    return { rows, total: count.rows[0]?.n ?? 0 };
  }

  async updateStaffFields(id: string, fields: StaffFields): Promise<SiteRow | undefined> {
    const sets = [
      ...(fields.capacity !== undefined ? [sql`capacity = ${fields.capacity}`] : []),
      ...(fields.stepFree !== undefined ? [sql`step_free = ${fields.stepFree}`] : []),
      ...(fields.welfare !== undefined ? [sql`welfare = ${fields.welfare}`] : []),
      ...(fields.contact !== undefined ? [sql`contact = ${fields.contact}`] : []),
      sql`updated_at = now()`,
    ];
    const { rows } = await sql<{ id: string }>`update disaster.site set ${sql.join(sets)} where id = ${id} returning id`.execute(this.db);
    return rows[0] ? this.get(id) : undefined;
  }

  /** Sites in a box, open for the event and suitable, nearest first by great-circle distance. */
  async nearestOpen(q: NearestQuery): Promise<(EventSiteRow & { distance_m: number })[]> {
    const { rows } = await sql<EventSiteRow & { distance_m: number }>`
      select ${SITE_COLUMNS}, es.open, es.occupancy,
        2 * 6371008.8 * asin(least(1, sqrt(power(sin(radians(s.lat - ${q.lat}) / 2), 2)
          + cos(radians(${q.lat})) * cos(radians(s.lat)) * power(sin(radians(s.lon - ${q.lon}) / 2), 2)))) as distance_m
      from disaster.site s
      join disaster.event_shelter es on es.site_id = s.id and es.event_id = ${q.eventId} and es.open
      where s.lat between ${q.box.minLat} and ${q.box.maxLat} and s.lon between ${q.box.minLon} and ${q.box.maxLon}
        and (s.hazards & ${q.hazardMask}) <> 0
        ${q.stepFree ? sql`and s.step_free` : sql``}
        ${q.welfare ? sql`and coalesce(s.welfare, s.accepts <> '')` : sql``}
      order by distance_m
      limit ${q.limit}`.execute(this.db);
    return rows;
  }

  /**
   * The `candidates` open, suitable sites nearest in degree space (a KNN scan of the GiST
   * index inside the box), with their great-circle distance and their planar distance in
   * degrees; the caller checks that the true nearest are among them.
   */
  async nearestCandidates(q: NearestQuery, candidates: number): Promise<(EventSiteRow & { distance_m: number; degrees: number })[]> {
    const { rows } = await sql<EventSiteRow & { distance_m: number; degrees: number }>`
      select c.*, 2 * 6371008.8 * asin(least(1, sqrt(power(sin(radians(c.lat - ${q.lat}) / 2), 2)
          + cos(radians(${q.lat})) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${q.lon}) / 2), 2)))) as distance_m
      from (
        select ${SITE_COLUMNS}, es.open, es.occupancy, point(s.lon, s.lat) <-> point(${q.lon}, ${q.lat}) as degrees
        from disaster.site s
        join disaster.event_shelter es on es.site_id = s.id and es.event_id = ${q.eventId} and es.open
        where point(s.lon, s.lat) <@ box(point(${q.box.minLon}, ${q.box.minLat}), point(${q.box.maxLon}, ${q.box.maxLat}))
          and (s.hazards & ${q.hazardMask}) <> 0
          ${q.stepFree ? sql`and s.step_free` : sql``}
          ${q.welfare ? sql`and coalesce(s.welfare, s.accepts <> '')` : sql``}
        order by point(s.lon, s.lat) <-> point(${q.lon}, ${q.lat})
        limit ${candidates}
      ) c
      order by distance_m`.execute(this.db);
    return rows;
  }

  /** The sites of an event, open first, with occupancy. */
  async ofEvent(eventId: string, openOnly: boolean): Promise<EventSiteRow[]> {
    const { rows } = await sql<EventSiteRow>`
      select ${SITE_COLUMNS}, es.open, es.occupancy from disaster.event_shelter es join disaster.site s on s.id = es.site_id
      where es.event_id = ${eventId} ${openOnly ? sql`and es.open` : sql``}
      order by es.open desc, s.source_no nulls last, s.common_id`.execute(this.db);
    return rows;
  }

  async eventSite(eventId: string, siteId: string): Promise<EventSiteRow | undefined> {
    const { rows } = await sql<EventSiteRow>`
      select ${SITE_COLUMNS}, es.open, es.occupancy from disaster.event_shelter es join disaster.site s on s.id = es.site_id
      where es.event_id = ${eventId} and es.site_id = ${siteId}`.execute(this.db);
    return rows[0];
  }

  /** Opens (or closes) these sites for the event; returns how many of the ids exist. */
  async setOpen(eventId: string, siteIds: readonly string[], open: boolean): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      with input as (select s.id from disaster.site s where s.id in (select (jsonb_array_elements_text(${JSON.stringify(siteIds)}::jsonb))::uuid)),
      up as (insert into disaster.event_shelter (event_id, site_id, open) select ${eventId}, id, ${open} from input
        on conflict (event_id, site_id) do update set open = excluded.open, updated_at = now() returning 1)
      select count(*)::int as n from up`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  /** Opens every site suitable for the hazard, optionally within municipalities. */
  async openAllSuitable(eventId: string, hazardMask: number, municipalities: readonly string[] | null): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      with up as (insert into disaster.event_shelter (event_id, site_id, open)
        select ${eventId}, s.id, true from disaster.site s where (s.hazards & ${hazardMask}) <> 0
        ${municipalities ? sql`and s.municipality in (select jsonb_array_elements_text(${JSON.stringify(municipalities)}::jsonb))` : sql``}
        on conflict (event_id, site_id) do update set open = true, updated_at = now() returning 1)
      select count(*)::int as n from up`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  /** Adds `delta` people to the site's occupancy and logs it; the event's row must exist. */
  async addOccupancy(eventId: string, siteId: string, delta: number, cause: string): Promise<number> {
    const { rows } = await sql<{ occupancy: number; capacity: number | null }>`
      update disaster.event_shelter es set occupancy = greatest(0, es.occupancy + ${delta}), updated_at = now()
      from disaster.site s where s.id = es.site_id and es.event_id = ${eventId} and es.site_id = ${siteId}
      returning es.occupancy, s.capacity`.execute(this.db);
    const row = rows[0];
    if (!row) return 0;
    await sql`insert into disaster.occupancy_log (event_id, site_id, occupancy, capacity, cause)
      values (${eventId}, ${siteId}, ${row.occupancy}, ${row.capacity}, ${cause})`.execute(this.db);
    return row.occupancy;
  }

  async occupancyHistory(eventId: string, siteId: string): Promise<{ at: Date; occupancy: number; capacity: number | null; cause: string }[]> {
    const { rows } = await sql<{ at: Date; occupancy: number; capacity: number | null; cause: string }>`
      select at, occupancy, capacity, cause from disaster.occupancy_log where event_id = ${eventId} and site_id = ${siteId} order by id`.execute(
      this.db,
    );
    return rows;
  }
}
