import { useLocation } from '../../router';
import { api, signInUrl } from './api';
import { useDisasterT } from './i18n';

/** The call to action when the disaster service has no session: a plain link (full page load) into City OS ID. */
export function SignInPanel({ returnTo }: { returnTo: string }) {
  const { t } = useDisasterT();
  const { search } = useLocation();
  const declined = search.get('signin') === 'access_denied';
  return (
    <section className="panel disaster-signin" aria-labelledby="disaster-signin-title">
      <h2 id="disaster-signin-title" className="panel__title">
        {t('signIn.heading')}
      </h2>
      {declined && (
        <div className="alert alert--error" role="alert" id="disaster-signin-declined">
          <p className="alert__title">{t('signIn.declined')}</p>
        </div>
      )}
      <p>{t('signIn.body')}</p>
      <p>
        <a className="button button--primary disaster-big-button" id="disaster-signin" href={signInUrl(returnTo)}>
          {t('signIn.button')}
        </a>
      </p>
    </section>
  );
}

/** Ends this service's session (not City OS ID's) and reloads the page. */
export function SignOutButton() {
  const { t } = useDisasterT();
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      id="disaster-signout"
      onClick={() => {
        void api('POST', '/auth/logout').then(() => {
          try {
            window.localStorage.removeItem('tsunagu.disaster.profile');
          } catch {
            // Nothing remembered.
          }
          window.location.reload();
        });
      }}
    >
      {t('signIn.signOut')}
    </button>
  );
}
