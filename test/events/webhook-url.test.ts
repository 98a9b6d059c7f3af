import { describe, expect, it } from 'vitest';
import { isLoopbackHttp, webhookUrlRefusal } from '@platform/events/webhook-url.ts';

describe('a webhook URL', () => {
  it.each(['https://service.example.jp/hooks', 'https://service.example.jp:8443/tsunagu?tenant=1', 'https://203.0.113.7/hooks'])(
    'is accepted when it is https to a public host: %s',
    (url) => {
      expect(webhookUrlRefusal(url, false)).toBeUndefined();
    },
  );

  it.each([
    ['http://service.example.jp/hooks', 'must use https'],
    ['http://localhost:3000/hooks', 'must use https'],
    ['https://localhost/hooks', 'must not point to localhost'],
    ['https://127.0.0.1/hooks', 'must not point into a private or loopback network'],
    ['https://[::1]/hooks', 'must not point into a private or loopback network'],
    ['https://192.168.1.10/hooks', 'must not point into a private or loopback network'],
    ['https://[fd00::1]/hooks', 'must not point into a private or loopback network'],
    ['https://[::ffff:10.0.0.1]/hooks', 'must not point into a private or loopback network'],
    ['https://service.example.jp/hooks#part', 'must not contain a fragment'],
    ['mailto:ops@example.jp', 'must use https'],
  ])('is refused in production: %s (%s)', (url, reason) => {
    expect(webhookUrlRefusal(url, false)).toBe(reason);
  });

  it('may be plain http to this machine only when development URLs are allowed', () => {
    for (const url of ['http://localhost:3000/hooks', 'http://127.0.0.1:3000/hooks', 'http://[::1]:3000/hooks']) {
      expect(webhookUrlRefusal(url, true), url).toBeUndefined();
    }
    expect(webhookUrlRefusal('http://127.0.0.2/hooks', true)).toMatch(/plain http only to localhost/);
    expect(webhookUrlRefusal('https://10.1.2.3/hooks', true)).toMatch(/private/);
  });

  it('is allowed as http to localhost by default only on an installation that itself runs on localhost', () => {
    expect(isLoopbackHttp('http://localhost:8080')).toBe(true);
    expect(isLoopbackHttp('http://127.0.0.1:8080')).toBe(true);
    expect(isLoopbackHttp('https://city-os.aizuwakamatsu.example.jp')).toBe(false);
  });
});
