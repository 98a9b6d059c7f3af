import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- the bench is plain JavaScript (typed by JSDoc), with no declarations for TypeScript to read
import { fireAtRate, rateFigures } from '../../bench/rate.js';

type RateResult = { offered: number; sent: number; ok: number; failed: number; latenciesMs: number[] };
const fire = fireAtRate as (options: {
  url: string;
  load: { requests: Record<string, unknown>[] };
  rate: number;
  durationS: number;
  warmupS: number;
  signal: AbortSignal;
  connections?: number;
}) => Promise<RateResult>;
const figures = rateFigures as (result: RateResult, p99Limit?: number) => Record<string, unknown>;

let server: http.Server | undefined;

/** A server that hands each request to `answer` and keeps what it was sent. */
async function serving(answer: (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void) {
  const received: { key: string; body: string }[] = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ key: String(request.headers['idempotency-key']), body });
      answer(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

afterEach(async () => {
  const started = server;
  server = undefined;
  if (!started) return;
  started.closeAllConnections();
  await new Promise((resolve) => started.close(resolve));
});

let counter = 0;
const load = {
  requests: [
    {
      method: 'POST',
      path: '/pay',
      setupRequest: (request: Record<string, unknown>) => {
        counter++;
        return {
          ...request,
          headers: { 'content-type': 'application/json', 'idempotency-key': `k${counter}` },
          body: JSON.stringify({ n: counter }),
        };
      },
    },
  ],
};

describe('the bench at a steady rate (bench/rate.js)', () => {
  it('sends every request the rate and the time call for, each made fresh, and counts the refused ones as failed', async () => {
    const { url, received } = await serving((_request, body, response) => {
      const n = (JSON.parse(body) as { n: number }).n;
      response.writeHead(n % 10 === 0 ? 503 : 201, { 'content-type': 'application/json' }).end('{}');
    });
    const result = await fire({ url, load, rate: 400, warmupS: 0.25, durationS: 0.5, signal: new AbortController().signal });

    // 100 in the warm-up, 200 measured: every one sent, each with its own key.
    expect(received).toHaveLength(300);
    expect(new Set(received.map((r) => r.key)).size).toBe(300);
    expect(result.sent).toBe(200);
    const refused = received.slice(100).filter((r) => (JSON.parse(r.body) as { n: number }).n % 10 === 0).length;
    expect(refused).toBeGreaterThan(0);
    expect(result.failed).toBe(refused);
    expect(result.ok).toBe(200 - refused);
    expect(result.latenciesMs).toHaveLength(result.ok);
    expect(figures(result, 50)).toMatchObject({
      at_rate_offered_per_s: 400,
      at_rate_ok: 200 - refused,
      at_rate_failed: refused,
      at_rate_met: false,
    });
  });

  it('reads chunked answers and answers that close their connection, each counted once', async () => {
    const sockets = new Set<unknown>();
    const { url, received } = await serving((request, body, response) => {
      sockets.add(request.socket);
      const n = (JSON.parse(body) as { n: number }).n;
      response.statusCode = 201;
      if (n % 3 === 0) response.setHeader('connection', 'close');
      if (n % 3 === 1) {
        // No length given: node sends the body in chunks, split over two writes.
        response.write('{"part":');
        setTimeout(() => response.end('1}'), 2);
        return;
      }
      response.end('{}');
    });
    const result = await fire({ url, load, rate: 400, warmupS: 0, durationS: 0.5, signal: new AbortController().signal });

    expect(received).toHaveLength(200);
    expect(result).toMatchObject({ sent: 200, ok: 200, failed: 0 });
    expect(result.latenciesMs).toHaveLength(200);
    // A third of the answers closed their connection, so the load opened new ones to go on.
    expect(sockets.size).toBeGreaterThanOrEqual(200 / 3);
  });

  it('counts a wait from the time a request was due, so a server that falls behind shows it (no coordinated omission)', async () => {
    // One connection, and a server that takes at least 50 ms per answer: at most 20 a second
    // against the 100 a second sent. The last request is due after 0.49 s but cannot be
    // answered before 50 answers × 50 ms = 2.5 s, however fast the machine.
    const { url } = await serving((_request, _body, response) => {
      setTimeout(() => response.writeHead(201).end('{}'), 50);
    });
    const result = await fire({ url, load, rate: 100, warmupS: 0, durationS: 0.5, connections: 1, signal: new AbortController().signal });

    expect(result.ok).toBe(50);
    expect(result.latenciesMs.at(-1)).toBeGreaterThanOrEqual(2_000);
    expect(figures(result, 50)).toMatchObject({ at_rate_failed: 0, at_rate_met: false });
  });
});
