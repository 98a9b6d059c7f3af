import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/identity';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../session';
import { VerificationForm } from './VerificationForm';

/** アカウント: who is signed in and how sure the city is that it is them. */
export function AccountSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { set } = useSession();
  const [justVerified, setJustVerified] = useState(false);
  const verified = me.assurance === 'card-verified';

  function onVerified(updated: Me) {
    setJustVerified(true);
    set(updated);
    // The form goes away; the heading keeps the keyboard user in the same place.
    document.getElementById('account-title')?.focus();
  }

  return (
    <section id="account" className="section" aria-labelledby="account-title">
      <h2 id="account-title" tabIndex={-1}>
        {t('mydata.account.heading')}
      </h2>
      <div className="panel">
        <dl className="facts facts--wide" id="account-facts">
          <div>
            <dt>{t('mydata.account.displayName')}</dt>
            <dd id="account-display-name">{me.displayName}</dd>
          </div>
          <div>
            <dt>{t('mydata.account.email')}</dt>
            <dd id="account-email">{me.email}</dd>
          </div>
          <div>
            <dt>{t('mydata.account.kind')}</dt>
            <dd id="account-kind" data-kind={me.kind}>
              {t(`common.kind.${me.kind}`)}
            </dd>
          </div>
          <div>
            <dt>{t('mydata.account.assurance')}</dt>
            <dd>
              <span id="account-assurance" className={`badge ${verified ? 'badge--verified' : 'badge--unverified'}`} data-assurance={me.assurance}>
                {verified ? t('common.assurance.verified') : t('common.assurance.selfAsserted')}
              </span>
            </dd>
          </div>
          {verified && me.verifiedAt !== null && (
            <div>
              <dt>{t('mydata.account.verifiedAt')}</dt>
              <dd>
                <time dateTime={me.verifiedAt}>{formatDate(me.verifiedAt, language)}</time>
              </dd>
            </div>
          )}
        </dl>
        <p className="section__notice" role="status" id="account-status">
          {justVerified && verified && t('mydata.verification.done')}
        </p>
      </div>
      {!verified && <VerificationForm onVerified={onVerified} />}
    </section>
  );
}
