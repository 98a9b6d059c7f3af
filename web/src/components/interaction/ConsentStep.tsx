import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { abortInteraction, submitConsent, type InteractionDetails } from '../../api/interaction';
import { currentLanguage } from '../../i18n';
import { ProblemAlert } from '../form/ProblemAlert';
import { ServiceIdentity } from './ServiceIdentity';

/**
 * The consent screen: who asks, why, and one row per data category. Required categories
 * are shown checked and fixed; the citizen can switch off every optional one.
 */
export function ConsentStep({ details }: { details: InteractionDetails }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { service, session, uid } = details;
  const [optionalOff, setOptionalOff] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState<'agree' | 'decline' | null>(null);
  const [leaving, setLeaving] = useState(false);
  const serviceName = service.name[language];

  function toggle(category: string, on: boolean) {
    setOptionalOff((current) => {
      const next = new Set(current);
      if (on) next.delete(category);
      else next.add(category);
      return next;
    });
  }

  async function send(choice: 'agree' | 'decline') {
    if (pending !== null || leaving) return;
    setPending(choice);
    setProblem(null);
    const checked = service.categories.filter((c) => c.required || !optionalOff.has(c.category)).map((c) => c.category);
    const result = choice === 'agree' ? await submitConsent(uid, checked) : await abortInteraction(uid);
    setPending(null);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setLeaving(true);
    window.location.assign(result.value);
  }

  function agree(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send('agree');
  }

  const assurance = session.assurance === 'card-verified' ? t('common.assurance.verified') : t('common.assurance.selfAsserted');

  return (
    <form className="consent" id="consent-form" onSubmit={agree}>
      {session.displayName !== null && <p className="consent__who">{t('interaction.signedInAs', { name: session.displayName, assurance })}</p>}
      <p className="consent__lead">{t('interaction.consentLead', { service: serviceName, company: service.company })}</p>
      <ServiceIdentity details={details} />

      {service.purposes.length > 0 && (
        <section className="consent__block" aria-labelledby="consent-purposes-title">
          <h2 id="consent-purposes-title">{t('interaction.purposes')}</h2>
          <ul className="consent__purposes" id="consent-purposes">
            {service.purposes.map((purpose) => (
              <li key={purpose.ja}>{purpose[language]}</li>
            ))}
          </ul>
        </section>
      )}

      <fieldset className="consent__block consent__categories" aria-describedby="consent-categories-hint">
        <legend>
          <h2>{t('interaction.categories')}</h2>
        </legend>
        <p id="consent-categories-hint" className="consent__hint">
          {t('interaction.categoriesHint')}
        </p>
        <p className="consent__recipient">{t('interaction.recipient', { company: service.company, service: serviceName })}</p>
        <ul className="category-list">
          {service.categories.map((category) => {
            const id = `consent-category-${category.category}`;
            const on = category.required || !optionalOff.has(category.category);
            return (
              <li key={category.category} className="category-row" data-category={category.category} data-required={category.required}>
                <div className="category-row__control">
                  {category.required ? (
                    <input id={id} type="checkbox" checked disabled aria-describedby={`${id}-required ${id}-reason`} />
                  ) : (
                    <input
                      id={id}
                      type="checkbox"
                      role="switch"
                      className="switch"
                      checked={on}
                      onChange={(event) => toggle(category.category, event.target.checked)}
                      aria-describedby={`${id}-reason ${id}-state`}
                    />
                  )}
                </div>
                <div className="category-row__text">
                  <label htmlFor={id} className="category-row__label">
                    {category.label[language]}
                  </label>
                  {category.required ? (
                    <span id={`${id}-required`} className="badge badge--required">
                      {t('common.required')}
                    </span>
                  ) : (
                    <span id={`${id}-state`} className={`badge ${on ? 'badge--on' : 'badge--off'}`}>
                      {on ? t('interaction.share') : t('interaction.dontShare')}
                    </span>
                  )}
                  <p id={`${id}-reason`} className="category-row__reason">
                    {category.reason[language] !== '' ? t('interaction.reason', { reason: category.reason[language] }) : null}
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <p className="consent__notice" id="consent-notice">
        {t('interaction.notice', { company: service.company })}
      </p>
      <ProblemAlert id="consent-alert" problem={problem} />
      <p className="section__notice" role="status">
        {leaving && t('interaction.redirecting')}
      </p>
      <div className="actions">
        <button id="consent-agree" type="submit" className="button button--primary" aria-disabled={pending !== null || leaving || undefined}>
          {pending === 'agree' ? t('interaction.sending') : t('interaction.agree')}
        </button>
        <button
          id="consent-decline"
          type="button"
          className="button button--secondary"
          aria-disabled={pending !== null || leaving || undefined}
          onClick={() => void send('decline')}
        >
          {pending === 'decline' ? t('interaction.sending') : t('interaction.decline')}
        </button>
      </div>
    </form>
  );
}
