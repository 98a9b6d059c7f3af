import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { path: string; headers: http.IncomingHttpHeaders; body: string };

/** What the receiver does with the next request: answer with a status, or never answer. */
export type Behaviour = number | 'hang';

export type Receiver = {
  /** Base URL, e.g. http://127.0.0.1:39123; append any path. */
  url: string;
  received: ReceivedWebhook[];
  /** Answer every following request this way. */
  answer(behaviour: Behaviour): void;
  /** Requests received on one path. */
  at(path: string): ReceivedWebhook[];
  /** Resolves once `count` requests have arrived on `path`. */
  waitFor(path: string, count: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
};

/** A real webhook receiver on 127.0.0.1 that records every request and answers as told. */
export async function startReceiver(initial: Behaviour = 204): Promise<Receiver> {
  let behaviour = initial;
  const received: ReceivedWebhook[] = [];
  const waiting = new Set<() => void>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const check of waiting) check();
      if (behaviour === 'hang') return;
      response.writeHead(behaviour, { 'content-type': 'text/plain' }).end(behaviour < 300 ? 'ok' : 'no');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(next) {
      behaviour = next;
    },
    at: (path) => received.filter((r) => r.path === path),
    waitFor(path, count) {
      return new Promise((resolve) => {
        const check = () => {
          const got = received.filter((r) => r.path === path);
          if (got.length < count) return;
          waiting.delete(check);
          resolve(got);
        };
        waiting.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
