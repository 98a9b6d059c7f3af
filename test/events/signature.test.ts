import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '@platform/events/index.ts';

const secret = 'whsec_receiver-secret-for-tests';
const body = JSON.stringify({ id: '0190a1b2-0000-7000-8000-000000000001', type: 'consent.withdrawn', subject: 'sub-1', data: {} });
const signedAt = new Date('2026-04-01T09:00:00+09:00');
const seconds = (n: number) => new Date(signedAt.getTime() + n * 1000);

describe('a webhook signature', () => {
  it("verifies with the subscriber's secret over the exact body", () => {
    const header = signWebhook([secret], signedAt, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, seconds(2))).toEqual({ valid: true, timestamp: signedAt });
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), seconds(2))).toMatchObject({ valid: true });
  });

  it('fails for a tampered body', () => {
    const header = signWebhook([secret], signedAt, body);
    expect(verifyWebhookSignature(secret, header, body.replace('sub-1', 'sub-2'), signedAt)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('fails for a wrong secret', () => {
    const header = signWebhook(['whsec_someone-else'], signedAt, body);
    expect(verifyWebhookSignature(secret, header, body, signedAt)).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('fails for a timestamp outside the tolerance, so a recorded request cannot be replayed later', () => {
    const header = signWebhook([secret], signedAt, body);
    expect(verifyWebhookSignature(secret, header, body, seconds(300))).toMatchObject({ valid: true });
    expect(verifyWebhookSignature(secret, header, body, seconds(301))).toEqual({ valid: false, reason: 'timestamp_outside_tolerance' });
    expect(verifyWebhookSignature(secret, header, body, seconds(-301))).toEqual({ valid: false, reason: 'timestamp_outside_tolerance' });
    expect(verifyWebhookSignature(secret, header, body, seconds(60), 30)).toEqual({ valid: false, reason: 'timestamp_outside_tolerance' });
  });

  it('fails when the timestamp was changed to look fresh, since it is signed too', () => {
    const header = signWebhook([secret], signedAt, body).replace(/t=\d+/, `t=${Math.floor(seconds(3600).getTime() / 1000)}`);
    expect(verifyWebhookSignature(secret, header, body, seconds(3600))).toEqual({ valid: false, reason: 'signature_mismatch' });
  });

  it('fails for a missing or malformed header', () => {
    for (const header of [undefined, '', 'v1=abc', `t=${Math.floor(signedAt.getTime() / 1000)}`, 'garbage']) {
      expect(verifyWebhookSignature(secret, header, body, signedAt)).toEqual({ valid: false, reason: 'malformed_header' });
    }
  });

  it('verifies with either secret while a rotated one is still valid', () => {
    const header = signWebhook(['whsec_new', 'whsec_old'], signedAt, body);
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhookSignature('whsec_new', header, body, signedAt)).toMatchObject({ valid: true });
    expect(verifyWebhookSignature('whsec_old', header, body, signedAt)).toMatchObject({ valid: true });
    expect(verifyWebhookSignature('whsec_other', header, body, signedAt)).toMatchObject({ valid: false });
  });

  it('verifies for any body and secret, and fails once any byte of the body changes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), (key, raw, at) => {
        const bytes = Buffer.from(raw);
        const header = signWebhook([key], signedAt, bytes);
        expect(verifyWebhookSignature(key, header, bytes, signedAt).valid).toBe(true);
        const tampered = Buffer.from(bytes);
        const index = at % tampered.length;
        tampered[index] = (tampered[index] ?? 0) ^ 0x01;
        expect(verifyWebhookSignature(key, header, tampered, signedAt).valid).toBe(false);
      }),
    );
  });
});
