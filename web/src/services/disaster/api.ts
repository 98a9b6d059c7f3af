import { callApi, type ApiResult } from '../../api/http';

/** The disaster service's HTTP API (src/services/disaster), as the web app uses it. */

export const BASE = '/api/disaster';

export type HazardId = 'flood' | 'landslide' | 'storm_surge' | 'earthquake' | 'tsunami' | 'large_fire' | 'inland_flood' | 'volcano';
export const HAZARDS: readonly HazardId[] = ['flood', 'landslide', 'storm_surge', 'earthquake', 'tsunami', 'large_fire', 'inland_flood', 'volcano'];
export type SafetyStatus = 'safe' | 'injured' | 'rescue';
export type CrowdingLevel = 'empty' | 'busy' | 'crowded' | 'full' | 'unknown';
export type Point = { lat: number; lon: number };

export type DisasterEvent = {
  id: string;
  hazard: HazardId;
  hazardLabel: { ja: string; en: string };
  title: string;
  drill: boolean;
  level: number;
  area: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | null;
  areaNames: string[];
  status: 'open' | 'closed';
  declaredAt: string;
  closedAt: string | null;
};

/** How `/me/alerts` judged an event for the signed-in person (`null`: position not known). */
export type AreaJudgement = {
  inAffectedArea: boolean | null;
  areaBasis: 'whole_city' | 'given_position' | 'last_report' | 'unknown';
};

export type Shelter = {
  id: string;
  commonId: string;
  kind: 'evacuation_site' | 'shelter';
  name: string;
  address: string;
  hazards: HazardId[];
  accepts: string;
  remarks: string;
  lat: number;
  lon: number;
  capacity: number | null;
  stepFree: boolean;
  welfare: boolean;
  contact: string | null;
};

export type EventShelter = {
  shelter: Shelter;
  open: boolean;
  occupancy: number;
  crowding: { level: CrowdingLevel; ja: string; en: string };
  distanceMetres?: number;
};

export type GeoJson = { type: 'FeatureCollection'; features: GeoFeature[] };
export type GeoFeature = {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
};

export type PersonState = {
  status: SafetyStatus | null;
  note: string | null;
  location: Point | null;
  reportedAt: string | null;
  destination: { shelterId: string | null; label: string | null; location: Point | null } | null;
  checkedIn: { shelterId: string; at: string } | null;
};

export type FamilyMember = { member: string; displayName: string; since: string; sharesLocation: boolean; state: PersonState | null };

export type Profile = { subject: string; displayName: string; alerts: boolean; shareLocation: boolean; roles: ('staff' | 'supporter')[] };

export type Task = {
  id: string;
  eventId: string;
  status: 'open' | 'done';
  note: string | null;
  doneAt: string | null;
  person: { id: string; name: string; address: string | null; phone: string | null };
  plan: { destinationShelterId: string | null; routeNotes: string; needs: string[] };
  checkedInAt: string | null;
};

export type SupportedPerson = {
  id: string;
  name: string;
  nameKana: string | null;
  address: string | null;
  phone: string | null;
  reason: string | null;
};

export type PersonRow = { subject: string; displayName: string | null; state: PersonState };

export type Dashboard = {
  event: DisasterEvent;
  counts: { safe: number; injured: number; rescue: number; checkedIn: number; people: number };
  rescue: PersonRow[];
  people: PersonRow[];
  notConfirmed: { person: SupportedPerson; status: string | null; openTasks: number }[];
  shelters: EventShelter[];
};

export type FamilyReportMessage = {
  type: 'family-report';
  eventId: string;
  member: string;
  displayName: string;
  reportId: string;
  status: SafetyStatus;
  note: string | null;
  location: Point | null;
  reportedAt: string;
};

export type FamilyDestinationMessage = {
  type: 'family-destination';
  eventId: string;
  member: string;
  displayName: string;
  destination: { shelterId: string | null; label: string | null; location: Point | null };
  at: string;
};

export type FamilyCheckinMessage = {
  type: 'family-checkin';
  eventId: string;
  member: string;
  displayName: string;
  shelterId: string;
  shelterName: string;
  at: string;
};

/**
 * Calls the disaster API with the service's session cookie. Network failures come back as
 * the `network_error` problem (status 0), so a caller can tell "offline" from "refused".
 * The body is trusted to be what the API's schemas say (the server validates its responses).
 */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  // Wrapped, so that an empty 2xx body (204) is a success too.
  const result = await callApi(method, `${BASE}${path}`, (parsed) => ({ parsed }), {
    ...(body === undefined ? {} : { body }),
    ...(signal ? { signal } : {}),
  });
  return result.ok ? { ok: true, value: result.value.parsed as T } : result;
}

/** Where to send a person to sign in to the disaster service and come back to `returnTo`. */
export const signInUrl = (returnTo: string) => `${BASE}/auth/login?returnTo=${encodeURIComponent(returnTo)}`;

/** Great-circle distance in metres (for the person's own destination, which the API does not measure). */
export function distanceMetres(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.sqrt(h)));
}
