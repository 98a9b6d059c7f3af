import { useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { api, type Shelter, type SupportedPerson } from './api';
import { QrImage } from './CheckinQr';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';

/** The needs the plan offers as checkboxes (the API takes any short words; others go in 「その他」). */
const NEEDS = ['wheelchair', 'medication', 'oxygen', 'dialysis', 'sight', 'hearing', 'dementia'] as const;

type Plan = { destinationShelterId: string | null; routeNotes: string; needs: string[]; supporters: string[] };
type Supporter = { subject: string; displayName: string };

/** Staff edit one person's individual evacuation plan (個別避難計画) and print their check-in card. */
export function PlanEditor({ person, onSaved }: { person: SupportedPerson; onSaved: () => void }) {
  const { t } = useDisasterT();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [other, setOther] = useState('');
  const [shelters, setShelters] = useState<Shelter[]>([]);
  const [supporters, setSupporters] = useState<Supporter[]>([]);
  const [card, setCard] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    void api<Plan | null>('GET', `/support/people/${person.id}/plan`).then((result) => {
      if (!result.ok) return setProblem(result.problem);
      const loaded = result.value ?? { destinationShelterId: null, routeNotes: '', needs: [], supporters: [] };
      setPlan({ ...loaded, needs: loaded.needs.filter((n) => (NEEDS as readonly string[]).includes(n)) });
      setOther(loaded.needs.filter((n) => !(NEEDS as readonly string[]).includes(n)).join('、'));
    });
    void api<{ shelters: Shelter[] }>('GET', '/shelters?limit=1000').then((result) => {
      if (result.ok) setShelters([...result.value.shelters].sort((a, b) => a.name.localeCompare(b.name, 'ja')));
    });
    void api<{ supporters: Supporter[] }>('GET', '/supporters').then((result) => {
      if (result.ok) setSupporters(result.value.supporters);
    });
  }, [person.id]);

  if (!plan) return null;
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));

  async function save() {
    if (!plan) return;
    const extra = other
      .split(/[、,，]/)
      .map((x) => x.trim())
      .filter((x) => x !== '');
    const { destinationShelterId, routeNotes, needs, supporters: chosen } = plan;
    const body = { destinationShelterId, routeNotes, needs: [...needs, ...extra], supporters: chosen };
    const result = await api<Plan>('PUT', `/support/people/${person.id}/plan`, body);
    if (result.ok) {
      setMessage(t('register.saved', { name: person.name }));
      setProblem(null);
      onSaved();
    } else setProblem(result.problem);
  }

  async function showCard() {
    const result = await api<{ code: string }>('GET', `/support/people/${person.id}/card`);
    if (result.ok) setCard(result.value.code);
    else setProblem(result.problem);
  }

  return (
    <form
      className="panel form disaster-plan"
      id="plan-editor"
      aria-labelledby="plan-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="plan-title">{t('register.editing', { name: person.name })}</h3>
      <div className="field">
        <label className="field__label" htmlFor="plan-destination">
          {t('register.destination')}
        </label>
        <select
          id="plan-destination"
          className="field__input"
          value={plan.destinationShelterId ?? ''}
          onChange={(e) => setPlan({ ...plan, destinationShelterId: e.target.value || null })}
        >
          <option value="">{t('register.noDestination')}</option>
          {shelters.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="plan-route">
          {t('register.route')}
        </label>
        <textarea
          id="plan-route"
          className="field__input"
          rows={3}
          maxLength={2000}
          value={plan.routeNotes}
          placeholder={t('register.routePlaceholder')}
          onChange={(e) => setPlan({ ...plan, routeNotes: e.target.value })}
        />
      </div>
      <fieldset className="field disaster-plan__choices">
        <legend className="field__label">{t('register.needs')}</legend>
        {NEEDS.map((need) => (
          <label key={need} className="checkbox">
            <input
              type="checkbox"
              id={`plan-need-${need}`}
              checked={plan.needs.includes(need)}
              onChange={(e) => setPlan({ ...plan, needs: toggle(plan.needs, need, e.target.checked) })}
            />{' '}
            {t(`support.needLabels.${need}`)}
          </label>
        ))}
        <label className="field__label" htmlFor="plan-need-other">
          {t('register.needOther')}
        </label>
        <input id="plan-need-other" className="field__input" value={other} maxLength={300} onChange={(e) => setOther(e.target.value)} />
      </fieldset>
      <fieldset className="field disaster-plan__choices">
        <legend className="field__label">{t('register.supporters')}</legend>
        {supporters.length === 0 && <p className="field__hint">{t('register.noSupporters')}</p>}
        {supporters.map((s) => (
          <label key={s.subject} className="checkbox">
            <input
              type="checkbox"
              data-supporter={s.displayName}
              checked={plan.supporters.includes(s.subject)}
              onChange={(e) => setPlan({ ...plan, supporters: toggle(plan.supporters, s.subject, e.target.checked) })}
            />{' '}
            {s.displayName || s.subject.slice(0, 8)}
          </label>
        ))}
      </fieldset>
      <DisasterProblem problem={problem} />
      <p role="status" className="field__hint" id="plan-message">
        {message}
      </p>
      <p className="disaster-plan__actions">
        <button type="submit" className="button button--primary" id="plan-save">
          {t('register.save')}
        </button>
        <button type="button" className="button button--secondary" id="plan-card" onClick={() => void showCard()}>
          {t('register.card')}
        </button>
      </p>
      {card && (
        <figure className="disaster-card disaster-card--print" id="plan-card-figure">
          <p className="disaster-card__title">{t('register.cardTitle')}</p>
          <QrImage code={card} alt={`${person.name} ${t('register.cardTitle')}`} id="plan-card-qr" />
          <figcaption>
            <strong>{person.name}</strong>
            {person.address && <span> — {person.address}</span>}
            <br />
            {t('register.cardNote')}
          </figcaption>
          <button
            type="button"
            className="button button--secondary button--small disaster-card__print"
            id="plan-print"
            onClick={() => window.print()}
          >
            {t('register.print')}
          </button>
        </figure>
      )}
    </form>
  );
}
