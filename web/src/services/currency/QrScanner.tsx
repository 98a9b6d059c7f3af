import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'react';
import { useCurrencyText } from './text';

type ScanState = 'idle' | 'starting' | 'scanning' | 'denied';

const hasCamera = (): boolean => typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * Reads a QR code with the device camera (getUserMedia + jsQR on each video frame).
 * Offered only where a camera API exists; typing the code always stays possible beside it.
 */
export function QrScanner({ id, onCode }: { id: string; onCode: (text: string) => void }) {
  const { m } = useCurrencyText();
  const [state, setState] = useState<ScanState>('idle');
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const frame = useRef<number | null>(null);
  const found = useRef(onCode);
  found.current = onCode;

  const stop = () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  };
  useEffect(() => stop, []);

  async function start() {
    setState('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    } catch {
      setState('denied');
      return;
    }
    const element = video.current;
    if (element === null) return;
    element.srcObject = stream.current;
    await element.play().catch(() => undefined);
    setState('scanning');
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const tick = () => {
      if (context !== null && element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth > 0) {
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        context.drawImage(element, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
        if (code !== null && code.data !== '') {
          stop();
          setState('idle');
          found.current(code.data);
          return;
        }
      }
      frame.current = requestAnimationFrame(tick);
    };
    frame.current = requestAnimationFrame(tick);
  }

  if (!hasCamera())
    return (
      <p className="form__note" id={`${id}-no-camera`}>
        {m.scanner.noCamera}
      </p>
    );
  const active = state === 'starting' || state === 'scanning';
  return (
    <div className="cur-scanner" id={id}>
      {active ? (
        <button
          type="button"
          className="button button--secondary cur-big"
          onClick={() => {
            stop();
            setState('idle');
          }}
        >
          {m.scanner.stop}
        </button>
      ) : (
        <button type="button" className="button button--secondary cur-big" id={`${id}-start`} onClick={() => void start()}>
          {m.scanner.start}
        </button>
      )}
      <video ref={video} className="cur-scanner__video" hidden={!active} muted playsInline aria-label={m.scanner.video} />
      <p className="form__note" role="status">
        {state === 'scanning' && m.scanner.looking}
        {state === 'denied' && m.scanner.denied}
      </p>
    </div>
  );
}
