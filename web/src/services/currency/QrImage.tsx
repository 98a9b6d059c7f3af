import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn in the browser (no network), as an image with a text alternative. */
export function QrImage({ value, alt, id, size = 240 }: { value: string; alt: string; id?: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { errorCorrectionLevel: 'M', margin: 2, width: size * 2, color: { dark: '#1c2430', light: '#ffffff' } })
      .then((url) => {
        if (live) setSrc(url);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [value, size]);
  return (
    <div className="cur-qr" style={{ width: size, height: size }}>
      {src !== null && <img id={id} src={src} alt={alt} width={size} height={size} data-value={value} />}
    </div>
  );
}
