import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { api } from './api';
import { useDisasterT } from './i18n';

const CODE_KEY = 'tsunagu.disaster.checkinCode';

/** Draws a code as a QR image in the browser (the `qrcode` package; nothing leaves the page). */
export function QrImage({ code, alt, id }: { code: string; alt: string; id?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 280 }).then((url) => {
      if (live) setSrc(url);
    });
    return () => {
      live = false;
    };
  }, [code]);
  return src ? <img id={id} className="disaster-qr__image" src={src} alt={alt} width={280} height={280} data-code={code} /> : null;
}

/** The person's signed check-in code as a QR code; remembered so it shows offline at the shelter door. */
export function CheckinQr({ subject }: { subject: string }) {
  const { t } = useDisasterT();
  const key = `${CODE_KEY}.${subject}`;
  const [code, setCode] = useState<string | null>(() => {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  });
  useEffect(() => {
    void api<{ code: string }>('GET', '/me/checkin-code').then((result) => {
      if (!result.ok) return;
      setCode(result.value.code);
      try {
        window.localStorage.setItem(key, result.value.code);
      } catch {
        // Not remembered.
      }
    });
  }, [key]);
  return (
    <section className="section disaster-qr" aria-labelledby="disaster-qr-title" id="checkin-qr">
      <h2 id="disaster-qr-title">{t('qr.heading')}</h2>
      <p className="section__intro">{t('qr.lead')}</p>
      {code && (
        <details className="disaster-qr__details" open>
          <summary>{t('qr.show')}</summary>
          <QrImage code={code} alt={t('qr.alt')} id="checkin-qr-image" />
        </details>
      )}
    </section>
  );
}
