import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signOut } from '../../api/identity';
import type { Problem } from '../../api/http';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ProblemAlert } from '../form/ProblemAlert';

/** サインアウト: ends the web session and goes back to the home page. */
export function SignOutSection() {
  const { t } = useTranslation();
  const { set } = useSession();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function leave() {
    if (pending) return;
    setPending(true);
    const result = await signOut();
    setPending(false);
    // 401: the session had already ended, which is what the citizen wanted anyway.
    if (!result.ok && result.problem.status !== 401) {
      setProblem(result.problem);
      return;
    }
    navigate('/');
    set(null);
  }

  return (
    <section id="sign-out" className="section" aria-labelledby="sign-out-title">
      <h2 id="sign-out-title">{t('mydata.signOut.heading')}</h2>
      <p className="section__intro">{t('mydata.signOut.lead')}</p>
      <ProblemAlert id="sign-out-alert" problem={problem} />
      <p>
        <button
          id="sign-out-button"
          type="button"
          className="button button--secondary"
          aria-disabled={pending || undefined}
          onClick={() => void leave()}
        >
          {pending ? t('mydata.signOut.signingOut') : t('mydata.signOut.button')}
        </button>
      </p>
    </section>
  );
}
