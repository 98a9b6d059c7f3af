import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { loadInteraction, type InteractionDetails } from '../../api/interaction';
import { ProblemAlert } from '../form/ProblemAlert';
import { usePageTitle } from '../usePageTitle';
import { ConsentStep } from './ConsentStep';
import { LoginStep } from './LoginStep';

type State = { state: 'loading' } | { state: 'ready'; details: InteractionDetails } | { state: 'failed'; problem: Problem };

/**
 * `/interaction/:uid`: where a connected service sends the citizen through the OpenID
 * Provider — first to sign in, then to agree to what the service may use.
 */
export function InteractionPage({ uid }: { uid: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ state: 'loading' });
    void loadInteraction(uid, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(result.ok ? { state: 'ready', details: result.value } : { state: 'failed', problem: result.problem });
    });
    return () => controller.abort();
  }, [uid, attempt]);

  const expired = state.state === 'failed' && state.problem.code === 'interaction_not_found';
  const title =
    state.state === 'ready' && state.details.prompt === 'consent'
      ? t('interaction.consentTitle')
      : expired
        ? t('interaction.expiredTitle')
        : t('interaction.loginTitle');
  usePageTitle(title);

  return (
    <div className="page page--narrow">
      <section
        className="section interaction"
        aria-labelledby="interaction-title"
        data-prompt={state.state === 'ready' ? state.details.prompt : state.state}
      >
        <h1 id="interaction-title" className="page-title" tabIndex={-1}>
          {title}
        </h1>
        <p className="section__notice" role="status">
          {state.state === 'loading' && t('interaction.loading')}
        </p>
        <ProblemAlert id="interaction-alert" problem={state.state === 'failed' ? state.problem : null}>
          {state.state === 'failed' && !expired && state.problem.status !== 404 && (
            <p>
              <button type="button" className="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
                {t('common.retry')}
              </button>
            </p>
          )}
        </ProblemAlert>
        {state.state === 'ready' && <InteractionStep details={state.details} />}
      </section>
    </div>
  );
}

function InteractionStep({ details }: { details: InteractionDetails }) {
  return details.prompt === 'login' ? <LoginStep details={details} /> : <ConsentStep details={details} />;
}
