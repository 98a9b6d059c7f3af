/** Geography: Japan's bounds, great-circle distance, GeoJSON polygons. */

/** A generous box around Japan (Okinotorishima to Etorofu, Yonaguni to Minamitorishima). */
export const JAPAN = { minLat: 20, maxLat: 46, minLon: 122, maxLon: 154 } as const;

export const inJapan = (lat: number, lon: number) =>
  Number.isFinite(lat) && Number.isFinite(lon) && lat >= JAPAN.minLat && lat <= JAPAN.maxLat && lon >= JAPAN.minLon && lon <= JAPAN.maxLon;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres. */
export function haversineMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A box around a point reaching at least `metres` in every direction. */
export function boundingBox(lat: number, lon: number, metres: number) {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.max(0.1, Math.cos(rad(lat))));
  return { minLat: lat - dLat, maxLat: lat + dLat, minLon: lon - dLon, maxLon: lon + dLon };
}

export type Position = number[];
export type Polygon = { type: 'Polygon'; coordinates: Position[][] };
export type MultiPolygon = { type: 'MultiPolygon'; coordinates: Position[][][] };
export type Area = Polygon | MultiPolygon;

function inRing(ring: readonly Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]?.[0] ?? 0;
    const yi = ring[i]?.[1] ?? 0;
    const xj = ring[j]?.[0] ?? 0;
    const yj = ring[j]?.[1] ?? 0;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether a point lies in a GeoJSON (Multi)Polygon, holes excluded. */
export function areaContains(area: Area, lat: number, lon: number): boolean {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.some(([outer, ...holes]) => !!outer && inRing(outer, lon, lat) && !holes.some((hole) => inRing(hole, lon, lat)));
}

/** Why an area is not a usable GeoJSON (Multi)Polygon inside Japan, or null when it is. */
export function areaProblem(area: Area): string | null {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  if (polygons.length === 0) return 'the area has no polygon';
  for (const polygon of polygons) {
    if (polygon.length === 0) return 'a polygon has no ring';
    for (const ring of polygon) {
      if (ring.length < 4) return 'a ring needs at least four positions';
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) return 'a ring must end where it starts';
      for (const position of ring) {
        const [lon, lat] = position;
        if (position.length !== 2 || lon === undefined || lat === undefined) return 'a position must be [longitude, latitude]';
        if (!inJapan(lat, lon)) return `position [${lon}, ${lat}] is outside Japan`;
      }
    }
  }
  return null;
}
