import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { submitLogin, type InteractionDetails, type LoginInput } from '../../api/interaction';
import { Link } from '../../router';
import { SignInForm } from '../auth/SignInForm';
import { ProblemAlert } from '../form/ProblemAlert';
import { ServiceIdentity } from './ServiceIdentity';

/** The sign-in step: continue with this browser's session, or sign in with e-mail and password. */
export function LoginStep({ details }: { details: InteractionDetails }) {
  const { t } = useTranslation();
  const { session, uid } = details;
  const canContinue = session.signedIn && session.displayName !== null;
  const [useOther, setUseOther] = useState(!canContinue);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [leaving, setLeaving] = useState(false);

  async function login(input: LoginInput): Promise<Problem | null> {
    const result = await submitLogin(uid, input);
    if (!result.ok) return result.problem;
    setLeaving(true);
    window.location.assign(result.value);
    return null;
  }

  // The button that opened the form goes away, so focus moves on to the form's first field.
  function showForm() {
    flushSync(() => setUseOther(true));
    document.getElementById('interaction-login-email')?.focus();
  }

  async function continueWithSession() {
    if (pending) return;
    setPending(true);
    setProblem(await login({ useSession: true }));
    setPending(false);
  }

  return (
    <>
      <p>{t('interaction.asking')}</p>
      <ServiceIdentity details={details} />
      <p className="section__notice" role="status">
        {leaving && t('interaction.redirecting')}
      </p>
      {canContinue && (
        <div className="panel">
          <ProblemAlert id="interaction-session-alert" problem={problem} />
          <div className="actions">
            <button
              id="interaction-continue"
              type="button"
              className="button button--primary"
              aria-disabled={pending || undefined}
              onClick={() => void continueWithSession()}
            >
              {pending ? t('interaction.sending') : t('interaction.continueAs', { name: session.displayName })}
            </button>
            {!useOther && (
              <button type="button" className="button button--secondary" onClick={showForm}>
                {t('interaction.otherAccount')}
              </button>
            )}
          </div>
        </div>
      )}
      {useOther && (
        <div className="panel" id="interaction-login">
          <h2 className="panel__title">{t('interaction.formHeading')}</h2>
          <SignInForm idPrefix="interaction-login" onSubmit={(credentials) => login(credentials)} />
        </div>
      )}
      <p className="auth__switch">
        {t('interaction.noAccount')} <Link href={`/signup?next=${encodeURIComponent(`/interaction/${uid}`)}`}>{t('interaction.signupLink')}</Link>
      </p>
    </>
  );
}
