import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { usePageTitle } from '../usePageTitle';
import { AccessLogSection } from './AccessLogSection';
import { AccountSection } from './AccountSection';
import { ConsentsSection } from './ConsentsSection';
import { SignOutSection } from './SignOutSection';

/** `/mydata`: the citizen's own account, consents, their receipts and the access log. */
export function MyDataPage() {
  const { t } = useTranslation();
  usePageTitle(t('mydata.title'));
  const { session, reload } = useSession();

  // Only a signed-in citizen has My Data; anyone else signs in first and comes back here.
  useEffect(() => {
    if (session.state === 'signedOut') navigate('/login?next=/mydata', { replace: true });
  }, [session.state]);

  return (
    <div className="page mydata">
      <section className="section" aria-labelledby="mydata-title">
        <h1 id="mydata-title" className="page-title" tabIndex={-1}>
          {t('mydata.title')}
        </h1>
        <p className="section__intro">{t('mydata.lead')}</p>
        <p className="section__notice" role="status">
          {session.state === 'loading' && t('common.loading')}
        </p>
        <div role="alert" className="alert-region">
          {session.state === 'failed' && (
            <div className="alert alert--error">
              <p className="alert__title">{t('mydata.loadFailed')}</p>
              <p>
                <button type="button" className="button button--secondary" onClick={() => void reload()}>
                  {t('common.retry')}
                </button>
              </p>
            </div>
          )}
        </div>
        {session.state === 'signedIn' && (
          <nav className="toc" aria-label={t('mydata.sectionsLabel')}>
            <ul>
              <li>
                <a href="#account">{t('mydata.account.heading')}</a>
              </li>
              <li>
                <a href="#consents">{t('mydata.consents.heading')}</a>
              </li>
              <li>
                <a href="#access-log">{t('mydata.accessLog.heading')}</a>
              </li>
              <li>
                <a href="#sign-out">{t('mydata.signOut.heading')}</a>
              </li>
            </ul>
          </nav>
        )}
      </section>
      {session.state === 'signedIn' && (
        <>
          <AccountSection me={session.me} />
          <ConsentsSection />
          <AccessLogSection />
          <SignOutSection />
        </>
      )}
    </div>
  );
}
