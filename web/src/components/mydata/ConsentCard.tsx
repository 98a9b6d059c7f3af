import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { withdrawConsent, type MyConsent } from '../../api/consent';
import type { LocalizedText } from '../../api/fetchJson';
import type { Problem } from '../../api/http';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { ProblemAlert } from '../form/ProblemAlert';
import { ReceiptToggle } from './ReceiptPanel';

/** What is about to be withdrawn: one category, or the whole service (`category` null). */
type Pending = { category: { category: string; label: LocalizedText } | null; returnFocusTo: string };

/** What was just withdrawn, for the announcement. */
export type Withdrawal = { service: LocalizedText; category: LocalizedText | null };

type ConsentCardProps = {
  consent: MyConsent;
  onChanged: (updated: MyConsent, withdrawal: Withdrawal) => void;
  onSignedOut: () => void;
};

/** One active opt-in: what the service may use, since when, and how to take it back. */
export function ConsentCard({ consent, onChanged, onSignedOut }: ConsentCardProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [pending, setPending] = useState<Pending | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const service = consent.service.name[language];
  const base = `consent-${consent.clientId}`;

  // Asking first moves focus to the confirm button, so the question is read out and answered in place.
  function ask(next: Pending) {
    setProblem(null);
    flushSync(() => setPending(next));
    document.getElementById(`${base}-confirm`)?.focus();
  }

  function cancel() {
    const back = pending?.returnFocusTo;
    setPending(null);
    if (back !== undefined) requestAnimationFrame(() => document.getElementById(back)?.focus());
  }

  async function confirm() {
    if (pending === null || sending) return;
    setSending(true);
    const category = pending.category;
    const result = await withdrawConsent(consent.clientId, category === null ? undefined : [category.category]);
    setSending(false);
    if (!result.ok) {
      if (result.problem.status === 401) onSignedOut();
      setProblem(result.problem);
      return;
    }
    setPending(null);
    onChanged(result.value, { service: consent.service.name, category: category === null ? null : category.label });
  }

  const question =
    pending === null
      ? ''
      : pending.category === null
        ? t('mydata.consents.confirmAll', { service })
        : t('mydata.consents.confirmCategory', { service, category: pending.category.label[language] });

  return (
    <li className="consent-card" data-client-id={consent.clientId} data-status="active" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} className="consent-card__title" tabIndex={-1}>
        {service}
      </h3>
      <p className="consent-card__company">{consent.service.company}</p>
      <p className="consent-card__dates">
        <time dateTime={consent.since}>{t('mydata.consents.since', { date: formatDate(consent.since, language) })}</time>
        <span className="consent-card__version">{t('mydata.consents.version', { version: consent.version })}</span>
        {consent.updatedAt !== consent.since && (
          <time dateTime={consent.updatedAt} className="consent-card__updated">
            {t('mydata.consents.updated', { date: formatDate(consent.updatedAt, language) })}
          </time>
        )}
      </p>

      {consent.purposes.length > 0 && (
        <>
          <h4 className="consent-card__subtitle">{t('mydata.consents.purposes')}</h4>
          <ul className="consent-card__purposes">
            {consent.purposes.map((purpose) => (
              <li key={purpose.ja}>{purpose[language]}</li>
            ))}
          </ul>
        </>
      )}

      <h4 className="consent-card__subtitle">{t('mydata.consents.shared')}</h4>
      {consent.categories.length === 0 ? (
        <p>{t('mydata.consents.noneShared')}</p>
      ) : (
        <ul className="shared-list">
          {consent.categories.map((category) => {
            const label = category.label[language];
            const buttonId = `${base}-withdraw-${category.category}`;
            return (
              <li key={category.category} className="shared-list__item" data-category={category.category}>
                <span className="shared-list__label">{label}</span>
                <button
                  id={buttonId}
                  type="button"
                  className="button button--small button--quiet"
                  aria-disabled={pending !== null || undefined}
                  onClick={() =>
                    pending === null && ask({ category: { category: category.category, label: category.label }, returnFocusTo: buttonId })
                  }
                >
                  {t('mydata.consents.withdrawCategory', { category: label })}
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {pending !== null && (
        <div className="confirm" role="group" aria-labelledby={`${base}-question`} id={`${base}-confirmation`}>
          <p id={`${base}-question`} className="confirm__question">
            {question}
          </p>
          <div className="actions">
            <button
              id={`${base}-confirm`}
              type="button"
              className="button button--danger"
              aria-disabled={sending || undefined}
              onClick={() => void confirm()}
            >
              {sending ? t('mydata.consents.withdrawing') : t('mydata.consents.confirmYes')}
            </button>
            <button type="button" className="button button--secondary" onClick={cancel}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      <ProblemAlert id={`${base}-alert`} problem={problem} />

      <div className="consent-card__footer">
        <ReceiptToggle consent={consent} />
        <button
          id={`${base}-withdraw-all`}
          type="button"
          className="button button--small button--danger-outline"
          aria-disabled={pending !== null || undefined}
          onClick={() => pending === null && ask({ category: null, returnFocusTo: `${base}-withdraw-all` })}
        >
          {t('mydata.consents.withdrawAll', { service })}
        </button>
      </div>
    </li>
  );
}
