import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadReceipt, type MyConsent, type Receipt } from '../../api/consent';
import type { Problem } from '../../api/http';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { ProblemAlert } from '../form/ProblemAlert';

/** A disclosure button for one consent's receipt; the receipt is fetched when first opened. */
export function ReceiptToggle({ consent }: { consent: MyConsent }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = `receipt-${consent.consentId}`;
  return (
    <div className="receipt-toggle">
      <button
        type="button"
        id={`${panelId}-toggle`}
        className="button button--small button--secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        {open ? t('mydata.consents.receiptHide') : t('mydata.consents.receiptShow')}
      </button>
      <div id={panelId} hidden={!open}>
        {open && <ReceiptPanel consentId={consent.consentId} />}
      </div>
    </div>
  );
}

type State = { state: 'loading' } | { state: 'ready'; receipt: Receipt } | { state: 'failed'; problem: Problem };

/** An object URL for a download link, revoked when the link goes away. */
function useBlobUrl(content: string | null, type: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (content === null) return;
    const next = URL.createObjectURL(new Blob([content], { type }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [content, type]);
  return url;
}

/** The Kantara Consent Receipt in plain words, with the signed JWS and the JSON to download. */
function ReceiptPanel({ consentId }: { consentId: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [state, setState] = useState<State>({ state: 'loading' });
  const receipt = state.state === 'ready' ? state.receipt : null;
  const jwsUrl = useBlobUrl(receipt?.jws ?? null, 'application/jwt');
  const jsonUrl = useBlobUrl(receipt?.json ?? null, 'application/json');

  useEffect(() => {
    const controller = new AbortController();
    void loadReceipt(consentId, controller.signal).then((result) => {
      if (controller.signal.aborted) return;
      setState(result.ok ? { state: 'ready', receipt: result.value } : { state: 'failed', problem: result.problem });
    });
    return () => controller.abort();
  }, [consentId]);

  const list = (items: string[]) => (items.length === 0 ? t('mydata.receipt.none') : items.join('、'));
  const status = receipt?.summary.status;

  return (
    <section className="receipt" aria-labelledby={`receipt-${consentId}-title`} data-receipt={consentId}>
      <h4 id={`receipt-${consentId}-title`} className="receipt__title">
        {t('mydata.receipt.heading')}
      </h4>
      <p className="section__notice" role="status">
        {state.state === 'loading' && t('mydata.receipt.loading')}
      </p>
      <ProblemAlert problem={state.state === 'failed' ? state.problem : null} />
      {receipt !== null && (
        <>
          <dl className="facts facts--receipt">
            <div>
              <dt>{t('mydata.receipt.service')}</dt>
              <dd>{list(receipt.summary.services)}</dd>
            </div>
            <div>
              <dt>{t('mydata.receipt.controllers')}</dt>
              <dd>{list(receipt.summary.controllers)}</dd>
            </div>
            <div>
              <dt>{t('mydata.receipt.purposes')}</dt>
              <dd>{list(receipt.summary.purposes)}</dd>
            </div>
            <div>
              <dt>{t('mydata.receipt.categories')}</dt>
              <dd>{list(receipt.summary.categories)}</dd>
            </div>
            {receipt.summary.timestamp !== null && (
              <div>
                <dt>{t('mydata.receipt.time')}</dt>
                <dd>
                  <time dateTime={receipt.summary.timestamp}>{formatDateTime(receipt.summary.timestamp, language)}</time>
                </dd>
              </div>
            )}
            {receipt.summary.version !== null && (
              <div>
                <dt>{t('mydata.receipt.version')}</dt>
                <dd>{t('mydata.consents.version', { version: receipt.summary.version })}</dd>
              </div>
            )}
            {(status === 'active' || status === 'withdrawn') && (
              <div>
                <dt>{t('mydata.receipt.status')}</dt>
                <dd>{status === 'active' ? t('mydata.receipt.statusActive') : t('mydata.receipt.statusWithdrawn')}</dd>
              </div>
            )}
            {receipt.summary.termination !== null && (
              <div>
                <dt>{t('mydata.receipt.termination')}</dt>
                <dd lang="en">{receipt.summary.termination}</dd>
              </div>
            )}
            <div>
              <dt>{t('mydata.receipt.id')}</dt>
              <dd className="receipt__id">{receipt.summary.receiptId}</dd>
            </div>
          </dl>
          <p className="receipt__note">{t('mydata.receipt.note')}</p>
          <ul className="receipt__downloads">
            {jwsUrl !== null && (
              <li>
                <a href={jwsUrl} download={`consent-receipt-${consentId}.jwt`} data-download="jws">
                  {t('mydata.receipt.downloadJws')}
                </a>
              </li>
            )}
            {jsonUrl !== null && (
              <li>
                <a href={jsonUrl} download={`consent-receipt-${consentId}.json`} data-download="json">
                  {t('mydata.receipt.downloadJson')}
                </a>
              </li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}
