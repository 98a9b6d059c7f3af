import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers every webhook carries. */
export const WEBHOOK_HEADERS = {
  eventId: 'tsunagu-event-id',
  eventType: 'tsunagu-event-type',
  deliveryId: 'tsunagu-delivery-id',
  signature: 'tsunagu-signature',
} as const;

/** How old (or how far in the future) a signed timestamp may be before a receiver refuses it. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, timestamp: number, rawBody: string | Uint8Array) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');

/**
 * The `tsunagu-signature` header for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`, with one `v1` per secret (two while a rotated secret is still valid).
 */
export function signWebhook(secrets: readonly string[], timestamp: Date, rawBody: string | Uint8Array): string {
  const t = Math.floor(timestamp.getTime() / 1000);
  return [`t=${t}`, ...secrets.map((secret) => `v1=${hmac(secret, t, rawBody)}`)].join(',');
}

export type WebhookVerification =
  { valid: true; timestamp: Date } | { valid: false; reason: 'malformed_header' | 'signature_mismatch' | 'timestamp_outside_tolerance' };

/**
 * Checks a webhook as its receiver should: the `tsunagu-signature` header must carry a `v1`
 * signature made with `secret` over the exact raw body, and a timestamp within
 * `toleranceSeconds` of `now` (which refuses a recorded request replayed later).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Uint8Array,
  now: Date = new Date(),
  toleranceSeconds: number = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
): WebhookVerification {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of (header ?? '').split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || value === undefined) continue;
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return { valid: false, reason: 'malformed_header' };
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), 'hex');
  if (!signatures.some((signature) => timingSafeEqual(signature, expected))) return { valid: false, reason: 'signature_mismatch' };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { valid: false, reason: 'timestamp_outside_tolerance' };
  return { valid: true, timestamp: new Date(timestamp * 1000) };
}
