import { useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { api, type DisasterEvent, type EventShelter, type GeoJson, type PersonState, type Point } from './api';
import { DisasterProblem } from './DisasterProblem';
import { currentPosition, formatDistance } from './hooks';
import { useDisasterT } from './i18n';
import { CrowdingLegend, ShelterMap } from './ShelterMap';
import { useShelterName } from './useShelterName';

/** Starting points for someone who does not share their location (approximate, demo city). */
const PRESETS = {
  station: { lat: 37.5077, lon: 139.9308 },
  cityHall: { lat: 37.4945, lon: 139.9298 },
  kitamachi: { lat: 37.4779, lon: 139.8771 },
  kawahigashi: { lat: 37.554, lon: 139.996 },
} as const;
type PresetId = keyof typeof PRESETS;
type Origin = { kind: 'here'; point: Point } | { kind: PresetId; point: Point };

type Guidance = { inAffectedArea: boolean; shelters: EventShelter[]; geojson: GeoJson };
const CACHE_KEY = 'tsunagu.disaster.guidance';

/**
 * The nearest open shelters suitable for the event's hazard, on a tile-free map and as a list;
 * the person picks one, or a place of their own, as their destination.
 */
export function GuidanceSection({
  event,
  signedIn,
  state,
  onState,
  onHere,
}: {
  event: DisasterEvent;
  signedIn: boolean;
  state: PersonState | null;
  onState: (state: PersonState) => void;
  /** The browser gave the person's location (the alert is judged by it too). */
  onHere: (point: Point) => void;
}) {
  const { t, language } = useDisasterT();
  const [origin, setOrigin] = useState<Origin>({ kind: 'station', point: PRESETS.station });
  const [stepFree, setStepFree] = useState(false);
  const [welfare, setWelfare] = useState(false);
  const [guidance, setGuidance] = useState<Guidance | null>(() => {
    try {
      const raw = window.localStorage.getItem(`${CACHE_KEY}.${event.id}`);
      return raw ? (JSON.parse(raw) as Guidance) : null;
    } catch {
      return null;
    }
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [locating, setLocating] = useState(false);
  const [locationFailed, setLocationFailed] = useState(false);
  const [ownLabel, setOwnLabel] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({
      lat: String(origin.point.lat),
      lon: String(origin.point.lon),
      stepFree: String(stepFree),
      welfare: String(welfare),
      limit: '5',
    });
    void api<Guidance>('GET', `/events/${event.id}/nearest?${query}`, undefined, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      if (result.ok) {
        setGuidance(result.value);
        setProblem(null);
        try {
          window.localStorage.setItem(`${CACHE_KEY}.${event.id}`, JSON.stringify(result.value));
        } catch {
          // Not remembered.
        }
      } else setProblem(result.problem);
    });
    return () => controller.abort();
  }, [event.id, origin, stepFree, welfare]);

  async function useHere() {
    setLocating(true);
    setLocationFailed(false);
    const point = await currentPosition();
    setLocating(false);
    if (point) {
      setOrigin({ kind: 'here', point });
      onHere(point);
    } else setLocationFailed(true);
  }

  async function choose(body: object) {
    const result = await api<PersonState>('PUT', `/events/${event.id}/me/destination`, body);
    if (result.ok) {
      onState(result.value);
      setProblem(null);
    } else setProblem(result.problem);
  }

  const chosenId = state?.destination?.shelterId ?? null;
  const destinationName = useShelterName(state?.destination?.label ? null : chosenId);

  return (
    <section className="section disaster-guide" aria-labelledby="disaster-guide-title" id="guidance">
      <h2 id="disaster-guide-title">{t('guide.heading')}</h2>
      <p className="section__intro">{t('guide.lead', { hazard: event.hazardLabel[language] })}</p>
      {state?.destination && (
        <p className="disaster-destination" id="my-destination">
          {t('guide.destination', { label: state.destination.label ?? destinationName ?? '' })}
        </p>
      )}
      <div className="disaster-guide__controls">
        <button type="button" className="button button--secondary" id="guide-here" onClick={() => void useHere()} disabled={locating}>
          {t('guide.useLocation')}
        </button>
        <div className="field">
          <label className="field__label" htmlFor="guide-origin">
            {t('guide.from')}
          </label>
          <select
            id="guide-origin"
            className="field__input"
            value={origin.kind}
            onChange={(e) => {
              const kind = e.target.value as Origin['kind'];
              if (kind !== 'here') setOrigin({ kind, point: PRESETS[kind] });
            }}
          >
            {origin.kind === 'here' && <option value="here">{t('guide.here')}</option>}
            {(Object.keys(PRESETS) as PresetId[]).map((id) => (
              <option key={id} value={id}>
                {t(`guide.presets.${id}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="checkbox">
          <input id="guide-step-free" type="checkbox" checked={stepFree} onChange={(e) => setStepFree(e.target.checked)} />
          <label htmlFor="guide-step-free">{t('guide.stepFree')}</label>
        </div>
        <div className="checkbox">
          <input id="guide-welfare" type="checkbox" checked={welfare} onChange={(e) => setWelfare(e.target.checked)} />
          <label htmlFor="guide-welfare">{t('guide.welfare')}</label>
        </div>
      </div>
      <p role="status" className="section__notice">
        {locating && t('guide.locating')}
        {locationFailed && t('guide.locationFailed')}
        {guidance && !guidance.inAffectedArea && t('guide.outside')}
      </p>
      <DisasterProblem problem={problem} />
      {guidance && guidance.shelters.length === 0 && <p className="empty">{t('guide.none')}</p>}
      {guidance && guidance.shelters.length > 0 && (
        <div className="disaster-guide__body">
          <ShelterMap
            geojson={guidance.geojson}
            you={origin.point}
            youLabel={t('guide.mapYou')}
            selectedId={chosenId}
            label={t('guide.mapLabel', { count: guidance.shelters.length })}
            id="guide-map"
          />
          <CrowdingLegend />
          <ol className="disaster-shelter-list" id="guide-list">
            {guidance.shelters.map((s, index) => (
              <li key={s.shelter.id} className="disaster-shelter" data-shelter-id={s.shelter.id}>
                <span className={`disaster-shelter__number disaster-crowding--${s.crowding.level}`} aria-hidden="true">
                  {index + 1}
                </span>
                <div className="disaster-shelter__body">
                  <h3 className="disaster-shelter__name">{s.shelter.name}</h3>
                  <p className="disaster-shelter__facts">
                    {s.distanceMetres !== undefined && <span>{t('guide.distance', { distance: formatDistance(s.distanceMetres, language) })}</span>}
                    {s.crowding.level !== 'unknown' && (
                      <span className={`disaster-crowding disaster-crowding--${s.crowding.level}`}>{t(`crowding.${s.crowding.level}`)}</span>
                    )}
                    <span>
                      {s.shelter.capacity === null
                        ? t('guide.occupancyNoCap', { occupancy: s.occupancy })
                        : t('guide.occupancy', { occupancy: s.occupancy, capacity: s.shelter.capacity })}
                    </span>
                    {s.shelter.stepFree && <span className="badge badge--neutral">{t('guide.stepFreeBadge')}</span>}
                    {s.shelter.welfare && <span className="badge badge--neutral">{t('guide.welfareBadge')}</span>}
                  </p>
                  <p className="disaster-shelter__address">{s.shelter.address}</p>
                  {signedIn &&
                    (chosenId === s.shelter.id ? (
                      <p className="badge badge--on">{t('guide.chosen')}</p>
                    ) : (
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        onClick={() => void choose({ shelterId: s.shelter.id })}
                      >
                        {t('guide.choose')}
                      </button>
                    ))}
                </div>
              </li>
            ))}
          </ol>
        </div>
      )}
      {signedIn && (
        <form
          className="form disaster-own"
          onSubmit={(e) => {
            e.preventDefault();
            if (ownLabel.trim() !== '') void choose({ label: ownLabel.trim() });
          }}
        >
          <h3>{t('guide.ownHeading')}</h3>
          <div className="field">
            <label className="field__label" htmlFor="own-destination">
              {t('guide.ownLabel')}
            </label>
            <input
              id="own-destination"
              className="field__input"
              value={ownLabel}
              maxLength={200}
              placeholder={t('guide.ownPlaceholder')}
              onChange={(e) => setOwnLabel(e.target.value)}
            />
          </div>
          <button type="submit" className="button button--secondary">
            {t('guide.ownSave')}
          </button>
        </form>
      )}
    </section>
  );
}
