import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadMyConsents, type MyConsent } from '../../api/consent';
import type { Problem } from '../../api/http';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../session';
import { ProblemAlert } from '../form/ProblemAlert';
import { ConsentCard, type Withdrawal } from './ConsentCard';
import { ReceiptToggle } from './ReceiptPanel';

type State = { state: 'loading' } | { state: 'ready'; consents: MyConsent[] } | { state: 'failed'; problem: Problem };

/** 連携中のサービス: each active opt-in with its withdraw buttons, then the withdrawn ones. */
export function ConsentsSection() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { set } = useSession();
  const [state, setState] = useState<State>({ state: 'loading' });
  const [lastWithdrawal, setLastWithdrawal] = useState<Withdrawal | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    void loadMyConsents(controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      if (!result.ok && result.problem.status === 401) set(null);
      setState(result.ok ? { state: 'ready', consents: result.value } : { state: 'failed', problem: result.problem });
    });
    return () => controller.abort();
  }, [attempt, set]);

  function replace(updated: MyConsent, withdrawal: Withdrawal) {
    setState((current) =>
      current.state === 'ready'
        ? { state: 'ready', consents: current.consents.map((c) => (c.clientId === updated.clientId ? updated : c)) }
        : current,
    );
    setLastWithdrawal(withdrawal);
    // The button pressed is gone now: put focus somewhere that still exists.
    requestAnimationFrame(() => {
      const card = document.getElementById(`consent-${updated.clientId}-title`);
      (updated.status === 'active' && card !== null ? card : document.getElementById('consents-title'))?.focus();
    });
  }

  // Kept as data, not as a sentence, so it follows a language switch.
  const announcement =
    lastWithdrawal === null
      ? ''
      : lastWithdrawal.category === null
        ? t('mydata.consents.withdrawnAll', { service: lastWithdrawal.service[language] })
        : t('mydata.consents.withdrawnCategory', { service: lastWithdrawal.service[language], category: lastWithdrawal.category[language] });
  const consents = state.state === 'ready' ? state.consents : [];
  const active = consents.filter((c) => c.status === 'active');
  const withdrawn = consents.filter((c) => c.status === 'withdrawn');

  return (
    <section id="consents" className="section" aria-labelledby="consents-title">
      <h2 id="consents-title" tabIndex={-1}>
        {t('mydata.consents.heading')}
      </h2>
      <p className="section__intro">{t('mydata.consents.lead')}</p>
      <p className="section__notice" role="status" id="consents-status">
        {state.state === 'loading' ? t('common.loading') : announcement}
      </p>
      <ProblemAlert id="consents-alert" problem={state.state === 'failed' ? state.problem : null}>
        <p>
          <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.retry')}
          </button>
        </p>
      </ProblemAlert>
      {state.state === 'ready' && active.length === 0 && (
        <p className="empty" id="consents-empty">
          {t('mydata.consents.empty')}
        </p>
      )}
      {active.length > 0 && (
        <ul className="consent-list" id="consents-active">
          {active.map((consent) => (
            <ConsentCard key={consent.clientId} consent={consent} onChanged={replace} onSignedOut={() => set(null)} />
          ))}
        </ul>
      )}
      {withdrawn.length > 0 && (
        <section className="withdrawn" aria-labelledby="consents-withdrawn-title">
          <h3 id="consents-withdrawn-title">{t('mydata.consents.withdrawnHeading')}</h3>
          <ul className="consent-list consent-list--withdrawn" id="consents-withdrawn">
            {withdrawn.map((consent) => (
              <li
                key={consent.clientId}
                className="consent-card consent-card--withdrawn"
                data-client-id={consent.clientId}
                data-status="withdrawn"
                aria-labelledby={`consent-${consent.clientId}-title`}
              >
                <h4 id={`consent-${consent.clientId}-title`} className="consent-card__title">
                  {consent.service.name[language]}
                </h4>
                <p className="consent-card__company">{consent.service.company}</p>
                <p className="consent-card__dates">
                  <time dateTime={consent.updatedAt}>{t('mydata.consents.withdrawnAt', { date: formatDate(consent.updatedAt, language) })}</time>
                  <span className="consent-card__version">{t('mydata.consents.version', { version: consent.version })}</span>
                </p>
                <ReceiptToggle consent={consent} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
