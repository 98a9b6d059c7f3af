import { useEffect, useRef, useState } from 'react';
import type { Problem } from '../../api/http';
import { api, type EventShelter } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';

type CheckedIn = { shelter: EventShelter; personName: string | null; supportRegister: boolean };

type Detector = { detect(source: CanvasImageSource): Promise<{ rawValue: string }[]> };
type DetectorClass = new (options: { formats: string[] }) => Detector;

/** The browser's own QR reader (BarcodeDetector) when it has one; otherwise staff type or use a handheld reader. */
function barcodeDetector(): DetectorClass | null {
  const candidate = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  return candidate ?? null;
}

/** Shelter check-in: the code from a citizen's QR or a printed card, scanned or typed. */
export function CheckinForm({ eventId, shelters, onCheckedIn }: { eventId: string; shelters: EventShelter[]; onCheckedIn: () => void }) {
  const { t, language } = useDisasterT();
  const [siteId, setSiteId] = useState('');
  const [code, setCode] = useState('');
  const [done, setDone] = useState<(CheckedIn & { direction: 'in' | 'out' }) | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const Detector = barcodeDetector();
  const site = siteId || shelters[0]?.shelter.id || '';

  useEffect(() => {
    if (!scanning || !Detector) return;
    let stream: MediaStream | null = null;
    let timer = 0;
    const detector = new Detector({ formats: ['qr_code'] });
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then((s) => {
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        void video.current.play();
        timer = window.setInterval(() => {
          if (!video.current) return;
          void detector.detect(video.current).then((codes) => {
            const found = codes[0]?.rawValue;
            if (found) {
              setCode(found);
              setScanning(false);
            }
          });
        }, 300);
      })
      .catch(() => setScanning(false));
    return () => {
      window.clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [scanning, Detector]);

  async function checkIn(direction: 'in' | 'out') {
    setDone(null);
    const path = direction === 'in' ? 'check-ins' : 'check-outs';
    const result = await api<CheckedIn>('POST', `/events/${eventId}/shelters/${site}/${path}`, { code: code.trim() });
    if (result.ok) {
      setDone({ ...result.value, direction });
      setProblem(null);
      setCode('');
      onCheckedIn();
    } else setProblem(result.problem);
  }

  return (
    <form
      className="form panel disaster-checkin"
      id="checkin-form"
      aria-labelledby="checkin-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim() !== '' && site !== '') void checkIn('in');
      }}
    >
      <h2 id="checkin-title" className="panel__title">
        {t('staff.checkinHeading')}
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="checkin-shelter">
          {t('staff.checkinShelter')}
        </label>
        <select id="checkin-shelter" className="field__input" value={site} onChange={(e) => setSiteId(e.target.value)}>
          {shelters.map((s) => (
            <option key={s.shelter.id} value={s.shelter.id}>
              {s.shelter.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="checkin-code">
          {t('staff.checkinCode')}
        </label>
        <p className="field__hint" id="checkin-code-hint">
          {t('staff.checkinHint')}
        </p>
        <input
          id="checkin-code"
          className="field__input"
          value={code}
          autoComplete="off"
          aria-describedby="checkin-code-hint"
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      {Detector && (
        <p>
          <button type="button" className="button button--secondary" onClick={() => setScanning(!scanning)}>
            {scanning ? t('staff.stopScan') : t('staff.scan')}
          </button>
        </p>
      )}
      {scanning && <video ref={video} className="disaster-scan" muted playsInline />}
      <DisasterProblem problem={problem} />
      {done && (
        <p role="status" className="notice" id="checkin-done">
          {t(done.direction === 'in' ? 'staff.checkedInOk' : 'staff.checkedOutOk', {
            name: done.personName ?? t('staff.someone'),
            shelter: done.shelter.shelter.name,
            occupancy: done.shelter.occupancy,
            crowding: done.shelter.crowding[language],
          })}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button button--primary" id="checkin-submit">
          {t('staff.checkinButton')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          id="checkout-submit"
          onClick={() => {
            if (code.trim() !== '' && site !== '') void checkIn('out');
          }}
        >
          {t('staff.checkoutButton')}
        </button>
      </div>
    </form>
  );
}
