import { useEffect, useMemo, useState } from 'react';
import type { Problem } from '../../api/http';
import { api, HAZARDS, type DisasterEvent, type HazardId, type Shelter } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';

const HAZARD_JA: Record<HazardId, { ja: string; en: string }> = {
  flood: { ja: '洪水', en: 'Flood' },
  landslide: { ja: '崖崩れ・土石流及び地滑り', en: 'Landslide' },
  storm_surge: { ja: '高潮', en: 'Storm surge' },
  earthquake: { ja: '地震', en: 'Earthquake' },
  tsunami: { ja: '津波', en: 'Tsunami' },
  large_fire: { ja: '大規模な火事', en: 'Large fire' },
  inland_flood: { ja: '内水氾濫', en: 'Inland flooding' },
  volcano: { ja: '火山現象', en: 'Volcano' },
};
export const hazardName = (hazard: HazardId, language: 'ja' | 'en') => HAZARD_JA[hazard][language];

type Declared = { event: DisasterEvent; sheltersOpened: number; tasksCreated: number };

/** Staff declare an event: hazard, title, level, areas, and every suitable shelter or the ones they pick. */
export function DeclareForm({ onDeclared }: { onDeclared: (declared: Declared) => void }) {
  const { t, language } = useDisasterT();
  const [hazard, setHazard] = useState<HazardId>('flood');
  const [title, setTitle] = useState('');
  const [level, setLevel] = useState(4);
  const [areas, setAreas] = useState('');
  const [geojson, setGeojson] = useState('');
  const [geojsonBad, setGeojsonBad] = useState(false);
  const [drill, setDrill] = useState(false);
  const [openAll, setOpenAll] = useState(true);
  const [filter, setFilter] = useState('');
  const [shelters, setShelters] = useState<Shelter[]>([]);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (openAll || shelters.length > 0) return;
    void api<{ shelters: Shelter[] }>('GET', '/shelters?limit=1000').then((result) => {
      if (result.ok) setShelters(result.value.shelters);
    });
  }, [openAll, shelters.length]);

  const suitable = useMemo(
    () => shelters.filter((s) => s.hazards.includes(hazard) && (filter === '' || s.name.includes(filter) || s.address.includes(filter))),
    [shelters, hazard, filter],
  );

  async function declare() {
    const area = areaOf(geojson);
    setGeojsonBad(area === undefined);
    if (area === undefined) return;
    if (!window.confirm(t('staff.confirmDeclare', { title: title.trim() }))) return;
    setBusy(true);
    const areaNames = areas
      .split(/[、,，]/)
      .map((a) => a.trim())
      .filter((a) => a !== '');
    const body = {
      hazard,
      title: title.trim(),
      level,
      drill,
      areaNames,
      ...(area ? { area } : {}),
      ...(openAll ? { openAllSuitable: true } : { shelterIds: [...picked] }),
    };
    const result = await api<Declared>('POST', '/events', body);
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setTitle('');
      setAreas('');
      setGeojson('');
      onDeclared(result.value);
    } else setProblem(result.problem);
  }

  return (
    <form
      className="form panel disaster-declare"
      id="declare-form"
      aria-labelledby="declare-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim() !== '') void declare();
      }}
    >
      <h2 id="declare-title" className="panel__title">
        {t('staff.declareHeading')}
      </h2>
      <div className="disaster-form-grid">
        <div className="field">
          <label className="field__label" htmlFor="declare-hazard">
            {t('staff.hazard')}
          </label>
          <select id="declare-hazard" className="field__input" value={hazard} onChange={(e) => setHazard(e.target.value as HazardId)}>
            {HAZARDS.map((h) => (
              <option key={h} value={h}>
                {hazardName(h, language)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="declare-level">
            {t('staff.level')}
          </label>
          <select id="declare-level" className="field__input" value={level} onChange={(e) => setLevel(Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="declare-title-input">
          {t('staff.eventTitle')}
        </label>
        <input
          id="declare-title-input"
          className="field__input"
          required
          maxLength={200}
          value={title}
          placeholder={t('staff.titlePlaceholder')}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="declare-areas">
          {t('staff.areas')}
        </label>
        <input
          id="declare-areas"
          className="field__input"
          value={areas}
          placeholder={t('staff.areasPlaceholder')}
          onChange={(e) => setAreas(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="declare-geojson">
          {t('staff.areaGeojson')}
        </label>
        <textarea
          id="declare-geojson"
          className="field__input disaster-declare__geojson"
          rows={2}
          value={geojson}
          placeholder='{"type":"Polygon","coordinates":[[[139.85,37.45],…]]}'
          aria-invalid={geojsonBad}
          aria-describedby="declare-geojson-hint"
          onChange={(e) => setGeojson(e.target.value)}
        />
        <p className="field__hint" id="declare-geojson-hint">
          {geojsonBad ? t('staff.areaGeojsonBad') : t('staff.areaGeojsonHint')}
        </p>
      </div>
      <div className="checkbox">
        <input id="declare-drill" type="checkbox" checked={drill} onChange={(e) => setDrill(e.target.checked)} />
        <label htmlFor="declare-drill">{t('staff.drill')}</label>
      </div>
      <fieldset className="choice-group disaster-fieldset">
        <legend className="field__label">{t('staff.sheltersToOpen')}</legend>
        <div className="choice">
          <input id="declare-open-all" type="radio" name="declare-open" checked={openAll} onChange={() => setOpenAll(true)} />
          <label htmlFor="declare-open-all">{t('staff.openAll')}</label>
        </div>
        <div className="choice">
          <input id="declare-open-chosen" type="radio" name="declare-open" checked={!openAll} onChange={() => setOpenAll(false)} />
          <label htmlFor="declare-open-chosen">{t('staff.openChosen')}</label>
        </div>
      </fieldset>
      {!openAll && (
        <div className="disaster-pick">
          <div className="field">
            <label className="field__label" htmlFor="declare-filter">
              {t('staff.filter')}
            </label>
            <input id="declare-filter" className="field__input" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </div>
          <ul className="disaster-pick__list">
            {suitable.map((s) => (
              <li key={s.id} className="checkbox">
                <input
                  id={`pick-${s.id}`}
                  type="checkbox"
                  checked={picked.has(s.id)}
                  onChange={(e) => {
                    const next = new Set(picked);
                    if (e.target.checked) next.add(s.id);
                    else next.delete(s.id);
                    setPicked(next);
                  }}
                />
                <label htmlFor={`pick-${s.id}`}>
                  {s.name}（{s.address}）
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
      <DisasterProblem problem={problem} />
      <button type="submit" className="button button--danger" id="declare-submit" disabled={busy}>
        {t('staff.declare')}
      </button>
    </form>
  );
}

/**
 * The affected area pasted as GeoJSON: a (Multi)Polygon, or a Feature or FeatureCollection of
 * them (as drawing tools export). null: none given (whole city); undefined: not usable.
 */
function areaOf(text: string): object | null | undefined {
  if (text.trim() === '') return null;
  type Geometry = { type?: string; coordinates?: unknown };
  try {
    const parsed = JSON.parse(text) as Geometry & { geometry?: Geometry; features?: { geometry?: Geometry }[] };
    const geometries: (Geometry | undefined)[] =
      parsed.type === 'FeatureCollection' ? (parsed.features ?? []).map((f) => f.geometry) : [parsed.type === 'Feature' ? parsed.geometry : parsed];
    const polygons: unknown[] = [];
    for (const g of geometries) {
      if (g?.type === 'Polygon') polygons.push(g.coordinates);
      else if (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates)) polygons.push(...(g.coordinates as unknown[]));
      else return undefined;
    }
    if (polygons.length === 0) return undefined;
    return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
  } catch {
    return undefined;
  }
}
