import { useTranslation } from 'react-i18next';
import { signIn } from '../../api/identity';
import { Link, navigate, safeNextPath, useLocation } from '../../router';
import { useSession } from '../../session';
import { usePageTitle } from '../usePageTitle';
import { SignInForm } from './SignInForm';

/** `/login`: sign in with a City OS ID, then go on to `?next=` or マイデータ. */
export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const { search } = useLocation();
  const { session, reload } = useSession();
  const requested = safeNextPath(search.get('next'));
  const next = requested ?? '/mydata';

  async function signInWith(credentials: { email: string; password: string }) {
    const result = await signIn(credentials);
    if (!result.ok) return result.problem;
    await reload();
    navigate(next, { replace: true });
    return null;
  }

  return (
    <div className="page page--narrow">
      <section className="section auth" aria-labelledby="login-title">
        <h1 id="login-title" className="page-title" tabIndex={-1}>
          {t('login.title')}
        </h1>
        <p className="section__intro">{t('login.lead')}</p>
        {session.state === 'signedIn' && (
          <p className="notice" id="login-already">
            {t('login.alreadySignedIn', { name: session.me.displayName })} <Link href={next}>{t('login.goToMyData')}</Link>
          </p>
        )}
        <div className="panel">
          <SignInForm idPrefix="login" onSubmit={signInWith} />
        </div>
        <p className="auth__switch">
          {t('login.noAccount')}{' '}
          <Link href={requested === null ? '/signup' : `/signup?next=${encodeURIComponent(requested)}`}>{t('login.signupLink')}</Link>
        </p>
      </section>
    </div>
  );
}
