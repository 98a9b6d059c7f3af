import type { CrowdingLevel, GeoFeature, GeoJson, Point } from './api';
import { useDisasterT } from './i18n';

type Marker = { id: string; name: string; lat: number; lon: number; crowding: CrowdingLevel; label: string };

export type ShelterMapProps = {
  geojson: GeoJson;
  /** The person's starting point. */
  you?: Point | null;
  youLabel?: string;
  selectedId?: string | null;
  /** Describes the map for screen readers; the list beside it carries the details. */
  label: string;
  id?: string;
};

const WIDTH = 480;
const MAX_HEIGHT = 360;
const MIN_HEIGHT = 220;

function markersOf(features: GeoFeature[]): Marker[] {
  const markers: Marker[] = [];
  for (const f of features) {
    if (f.properties.layer !== 'shelter' || f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    markers.push({
      id: String(f.properties.id),
      name: String(f.properties.name),
      lat,
      lon,
      crowding: (f.properties.crowding as CrowdingLevel | undefined) ?? 'unknown',
      label: String(markers.length + 1),
    });
  }
  return markers;
}

function ringsOf(features: GeoFeature[]): [number, number][][] {
  const rings: [number, number][][] = [];
  for (const f of features) {
    if (f.properties.layer !== 'area') continue;
    if (f.geometry.type === 'Polygon') rings.push(...(f.geometry.coordinates as [number, number][][]));
    if (f.geometry.type === 'MultiPolygon') for (const polygon of f.geometry.coordinates as [number, number][][][]) rings.push(...polygon);
  }
  return rings;
}

/**
 * A map drawn from the API's GeoJSON as plain SVG: no tiles, no network, works offline.
 * Shelters are numbered as in the list, coloured by crowding; the affected area is shaded.
 */
export function ShelterMap({ geojson, you = null, youLabel = '', selectedId = null, label, id }: ShelterMapProps) {
  const markers = markersOf(geojson.features);
  const rings = ringsOf(geojson.features);
  const points: Point[] = [...markers, ...(you ? [you] : [])];
  if (points.length === 0) for (const ring of rings) for (const [lon, lat] of ring) points.push({ lat, lon });
  if (points.length === 0) return null;

  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const cos = Math.cos((midLat * Math.PI) / 180);
  // At least ~1 km across, padded by 12 %.
  const spanLat = Math.max(Math.max(...lats) - Math.min(...lats), 0.009) * 1.24;
  const spanLon = Math.max(Math.max(...lons) - Math.min(...lons), 0.009 / cos) * 1.24;
  const north = (Math.max(...lats) + Math.min(...lats)) / 2 + spanLat / 2;
  const west = (Math.max(...lons) + Math.min(...lons)) / 2 - spanLon / 2;
  let k = WIDTH / (spanLon * cos);
  let height = spanLat * k;
  if (height > MAX_HEIGHT) {
    k = MAX_HEIGHT / spanLat;
    height = MAX_HEIGHT;
  }
  height = Math.max(height, MIN_HEIGHT);
  const width = WIDTH;
  const offsetX = (width - spanLon * cos * k) / 2;
  const offsetY = (height - spanLat * k) / 2;
  const x = (lon: number) => offsetX + (lon - west) * cos * k;
  const y = (lat: number) => offsetY + (north - lat) * k;

  // Sites at the same spot (a school listed as both evacuation site and shelter) side by side.
  // Many sites (the headquarters' view) become small dots without numbers.
  const compact = markers.length > 30;
  const placed: { x: number; y: number }[] = [];
  const spot = (m: Marker) => {
    let px = x(m.lon);
    const py = y(m.lat);
    while (!compact && placed.some((p) => Math.abs(p.x - px) < 24 && Math.abs(p.y - py) < 24)) px += 26;
    placed.push({ x: px, y: py });
    return `translate(${px},${py})`;
  };

  // A scale bar of a round length near a fifth of the width.
  const metresPerPx = 111_320 / k;
  const target = (width / 5) * metresPerPx;
  const steps = [100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];
  const barMetres = steps.find((s) => s >= target) ?? 50000;
  const barPx = barMetres / metresPerPx;

  return (
    <figure className="disaster-map" id={id}>
      <svg viewBox={`0 0 ${width} ${Math.round(height)}`} role="img" aria-label={label} className="disaster-map__svg">
        <rect x="0" y="0" width={width} height={height} className="disaster-map__bg" />
        {rings.map((ring, index) => (
          <polygon key={index} className="disaster-map__area" points={ring.map(([lon, lat]) => `${x(lon)},${y(lat)}`).join(' ')} />
        ))}
        {you && (
          <g className="disaster-map__you" transform={`translate(${x(you.lon)},${y(you.lat)})`}>
            <circle r="9" />
            <circle r="3.5" className="disaster-map__you-dot" />
            <text x="13" y="5">
              {youLabel}
            </text>
          </g>
        )}
        {markers.map((m) => (
          <g
            key={m.id}
            className={`disaster-map__shelter disaster-map__shelter--${m.crowding}${m.id === selectedId ? ' disaster-map__shelter--selected' : ''}`}
            transform={spot(m)}
            data-shelter-id={m.id}
          >
            <title>{m.name}</title>
            <circle r={compact ? 5 : m.id === selectedId ? 15 : 13} />
            {!compact && (
              <text y="5" textAnchor="middle">
                {m.label}
              </text>
            )}
          </g>
        ))}
        <g className="disaster-map__scale" transform={`translate(16,${height - 16})`}>
          <line x1="0" x2={barPx} y1="0" y2="0" />
          <line x1="0" x2="0" y1="-5" y2="5" />
          <line x1={barPx} x2={barPx} y1="-5" y2="5" />
          <text x={barPx / 2} y="-8" textAnchor="middle">
            {barMetres >= 1000 ? `${barMetres / 1000} km` : `${barMetres} m`}
          </text>
        </g>
        <text x={width - 14} y="24" textAnchor="end" className="disaster-map__north">
          N ↑
        </text>
      </svg>
    </figure>
  );
}

/** What the map's colours mean. */
export function CrowdingLegend() {
  const { t } = useDisasterT();
  return (
    <ul className="disaster-legend">
      {(['empty', 'busy', 'crowded', 'full', 'unknown'] as const).map((level) => (
        <li key={level}>
          <span className={`disaster-legend__dot disaster-crowding--${level}`} aria-hidden="true" /> {t(`crowding.${level}`)}
        </li>
      ))}
    </ul>
  );
}
