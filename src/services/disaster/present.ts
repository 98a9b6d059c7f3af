import type { EventRow } from './event-repository.ts';
import type { FamilyMemberRow } from './family-repository.ts';
import { crowdingOf, hazardLabel, hazardsOfMask } from './hazards.ts';
import type { PersonStatusRow } from './report-repository.ts';
import type { EventSiteRow, SiteRow } from './shelter-repository.ts';
import type { PlanRow, SupportedPersonRow, TaskRow } from './support-repository.ts';

/** Rows to the API's shapes: allow-lists, never a row as it is. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const point = (lat: number | null, lon: number | null) => (lat !== null && lon !== null ? { lat, lon } : null);

export const presentShelter = (s: SiteRow) => ({
  id: s.id,
  commonId: s.common_id,
  kind: s.kind,
  municipality: s.municipality,
  name: s.name,
  address: s.address,
  hazards: hazardsOfMask(s.hazards),
  accepts: s.accepts,
  remarks: s.remarks,
  lat: s.lat,
  lon: s.lon,
  capacity: s.capacity,
  stepFree: s.step_free,
  welfare: s.welfare,
  contact: s.contact,
});

export const presentEventShelter = (s: EventSiteRow & { distance_m?: number }) => ({
  shelter: presentShelter(s),
  open: s.open,
  occupancy: s.occupancy,
  crowding: crowdingOf(s.occupancy, s.capacity),
  ...(s.distance_m !== undefined ? { distanceMetres: Math.round(s.distance_m) } : {}),
});

export const presentEvent = (e: EventRow) => ({
  id: e.id,
  hazard: e.hazard,
  hazardLabel: hazardLabel(e.hazard),
  title: e.title,
  drill: e.drill,
  level: e.level,
  area: e.area,
  areaNames: e.area_names,
  status: e.status,
  declaredAt: e.declared_at.toISOString(),
  closedAt: iso(e.closed_at),
});

export const presentState = (p: PersonStatusRow) => ({
  status: p.status,
  note: p.note,
  location: point(p.lat, p.lon),
  reportedAt: iso(p.reported_at),
  destination:
    p.destination_site_id || p.destination_label
      ? { shelterId: p.destination_site_id, label: p.destination_label, location: point(p.destination_lat, p.destination_lon) }
      : null,
  checkedIn: p.checked_in_site_id && p.checked_in_at ? { shelterId: p.checked_in_site_id, at: p.checked_in_at.toISOString() } : null,
});

export const presentFamilyMember = (m: FamilyMemberRow) => ({
  member: m.member,
  displayName: m.display_name,
  since: m.since.toISOString(),
  sharesLocation: m.share_location,
  state: m.event_id ? presentState(m) : null,
});

/** Shelters as a GeoJSON FeatureCollection for a map layer, with the affected area when there is one. */
export function shelterGeoJson(shelters: ReturnType<typeof presentEventShelter>[], area: EventRow['area']) {
  return {
    type: 'FeatureCollection' as const,
    features: [
      ...(area ? [{ type: 'Feature' as const, geometry: area as unknown as Record<string, unknown>, properties: { layer: 'area' } }] : []),
      ...shelters.map((s) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point', coordinates: [s.shelter.lon, s.shelter.lat] },
        properties: {
          layer: 'shelter',
          id: s.shelter.id,
          name: s.shelter.name,
          crowding: s.crowding.level,
          crowdingJa: s.crowding.ja,
          occupancy: s.occupancy,
          capacity: s.shelter.capacity,
          ...(s.distanceMetres !== undefined ? { distanceMetres: s.distanceMetres } : {}),
        },
      })),
    ],
  };
}

export const presentPerson = (p: SupportedPersonRow) => ({
  id: p.id,
  name: p.name,
  nameKana: p.name_kana,
  birthDate: p.birth_date,
  sex: p.sex,
  address: p.address,
  phone: p.phone,
  email: p.email,
  reason: p.reason,
  categories: p.categories,
  refreshedAt: p.refreshed_at.toISOString(),
});

export const presentPlan = (p: PlanRow) => ({
  personId: p.person_id,
  destinationShelterId: p.destination_site_id,
  routeNotes: p.route_notes,
  needs: p.needs,
  supporters: p.supporters,
  updatedAt: p.updated_at.toISOString(),
});

export const presentTask = (t: TaskRow) => ({
  id: t.id,
  eventId: t.event_id,
  status: t.status,
  note: t.note,
  doneAt: iso(t.done_at),
  person: { id: t.person_id, name: t.person_name, address: t.person_address, phone: t.person_phone },
  plan: { destinationShelterId: t.destination_site_id, routeNotes: t.route_notes, needs: t.needs },
  checkedInAt: iso(t.checked_in_at),
});
