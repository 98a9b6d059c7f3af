import net from 'node:net';
import { percentile } from './load.js';

/**
 * @typedef {object} RateResult
 * @property {number} offered     requests a second the run sent, on schedule
 * @property {number} sent        requests whose scheduled time fell in the measured part
 * @property {number} ok          of those, answered 2xx
 * @property {number} failed      of those, answered otherwise, failed or not answered in time
 * @property {number[]} latenciesMs  of the 2xx ones, from the time each was due to be sent, sorted
 */

/** Most connections the load opens unless told; a request due while all are busy waits, and the wait counts. */
const MAX_CONNECTIONS = 512;
/** How long to wait, after the last request was due, for the answers still out. */
const DRAIN_MS = 60_000;

/**
 * An open load: sends `load`'s requests to `url` at a steady `rate` a second, each at its own
 * time, whether or not earlier ones were answered, for `warmupS` and then `durationS` seconds.
 * Unlike `fire` (a closed load, where each connection waits for its answer before it asks
 * again, so the server's speed sets the pace and the latency follows from the number of
 * connections), this measures the latency of a given rate. Each latency counts from the time the
 * request was due, so a late send (a busy client, every connection taken) counts too, not only
 * the time the server took once it had the request (no coordinated omission).
 *
 * It speaks HTTP/1.1 over plain sockets, one request at a time on each keep-alive connection, as
 * autocannon does for the closed load: on a machine the server shares, node:http's client cost
 * about twice autocannon's CPU per request, and that CPU is taken from the server it measures.
 * @param {{ url: string, load: import('./scenarios/index.js').Load, rate: number, durationS: number, warmupS: number, signal: AbortSignal, connections?: number }} options
 * @returns {Promise<RateResult>}
 */
export async function fireAtRate({ url, load, rate, durationS, warmupS, signal, connections = MAX_CONNECTIONS }) {
  signal.throwIfAborted();
  const target = new URL(url);
  const total = Math.round(rate * (warmupS + durationS));
  const measuredFrom = Math.round(rate * warmupS);
  /** @type {{ due: number, done: number, ok: boolean }[]} */
  const outcomes = [];
  let answered = 0;
  /** @type {() => void} */
  let allAnswered = () => undefined;
  const finished = new Promise((resolve) => {
    allAnswered = () => resolve(undefined);
  });
  const record = (/** @type {Sent} */ sent, /** @type {boolean} */ ok) => {
    if (sent.i >= measuredFrom) outcomes.push({ due: sent.due, done: performance.now(), ok });
    if (++answered === total) allAnswered();
  };

  /** @type {Connection[]} */
  const idle = [];
  /** @type {Sent[]} requests due while every connection was busy, oldest first */
  const waiting = [];
  let waitingFrom = 0;
  const all = new Set(/** @type {Connection[]} */ ([]));
  let stopped = false;
  const next = () => (waitingFrom < waiting.length ? waiting[waitingFrom++] : undefined);
  /** A connection that just answered (or opened) takes the oldest request waiting, or waits itself. */
  const free = (/** @type {Connection} */ connection) => {
    const sent = next();
    if (sent) connection.send(sent);
    else idle.push(connection);
  };
  const open = () => {
    const connection = new Connection(target, {
      answered: (sent, ok) => {
        record(sent, ok);
        if (!connection.closed) free(connection);
      },
      closed: () => {
        all.delete(connection);
        const at = idle.indexOf(connection);
        if (at >= 0) idle.splice(at, 1);
        const sent = stopped ? undefined : next();
        if (sent) open().send(sent);
      },
    });
    all.add(connection);
    return connection;
  };

  /** @param {number} i  @param {number} due */
  const send = (i, due) => {
    const sent = { i, due, bytes: requestBytes(target, load, i) };
    const connection = idle.pop() ?? (all.size < connections ? open() : undefined);
    if (connection) connection.send(sent);
    else waiting.push(sent);
  };

  const start = performance.now() + 20;
  let scheduled = 0;
  const ticker = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    for (; scheduled < due; scheduled++) send(scheduled, start + (scheduled * 1000) / rate);
    if (scheduled >= total) clearInterval(ticker);
  }, 1);
  const stop = () => {
    clearInterval(ticker);
    allAnswered();
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    const drained = new Promise((resolve) => setTimeout(resolve, (warmupS + durationS) * 1000 + DRAIN_MS).unref());
    await Promise.race([finished, drained]);
    signal.throwIfAborted();
  } finally {
    clearInterval(ticker);
    signal.removeEventListener('abort', stop);
    stopped = true;
    for (const connection of all) connection.close();
  }
  const measured = total - measuredFrom;
  const ok = outcomes.filter((o) => o.ok);
  return {
    offered: rate,
    sent: measured,
    ok: ok.length,
    failed: measured - ok.length,
    latenciesMs: ok.map((o) => o.done - o.due).sort((a, b) => a - b),
  };
}

/** @typedef {{ i: number, due: number, bytes: Buffer }} Sent */

/**
 * The `i`th request of the load as HTTP/1.1 bytes, made fresh (`setupRequest` gives each its own
 * key and body).
 * @param {URL} target  @param {import('./scenarios/index.js').Load} load  @param {number} i
 */
function requestBytes(target, load, i) {
  const template = load.requests[i % load.requests.length] ?? { path: '/' };
  /** @type {{ method?: string, path?: string, headers?: Record<string, string>, body?: string }} */
  const request = template.setupRequest ? template.setupRequest({ ...template }) : template;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const path = request.path ?? '/';
  if (/[^\x21-\x7e]/.test(path)) throw new Error(`path ${path} is not percent-encoded`);
  let head = `${request.method ?? 'GET'} ${path} HTTP/1.1\r\nhost: ${target.host}\r\n`;
  for (const [name, value] of Object.entries({ ...load.headers, ...request.headers })) {
    if (/[^\t\x20-\x7e]/.test(name + value)) throw new Error(`header ${name} is not plain ASCII on one line`);
    if (name.toLowerCase() !== 'content-length' && name.toLowerCase() !== 'host') head += `${name}: ${value}\r\n`;
  }
  head += `content-length: ${body?.length ?? 0}\r\n\r\n`;
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

/**
 * One keep-alive connection with at most one request out. It reads each answer's status and
 * skips its body (by content-length, or chunk by chunk), and calls `answered` once per request:
 * with ok for a 2xx, or not ok when the connection fails or closes before the answer is whole.
 */
class Connection {
  /** @param {URL} target  @param {{ answered: (sent: Sent, ok: boolean) => void, closed: () => void }} on */
  constructor(target, on) {
    this.on = on;
    this.closed = false;
    /** @type {Sent | undefined} */
    this.out = undefined;
    /** @type {Buffer} */
    this.buffer = Buffer.alloc(0);
    /** @type {{ status: number, close: boolean, length: number | undefined, chunked: boolean } | undefined} */
    this.head = undefined;
    this.socket = net.connect({ host: target.hostname, port: Number(target.port || 80), noDelay: true });
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.on('error', () => this.close());
    this.socket.on('close', () => this.close());
  }

  /** @param {Sent} sent */
  send(sent) {
    this.out = sent;
    this.socket.write(sent.bytes);
  }

  /** @param {Buffer} chunk */
  read(chunk) {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.head) {
        const end = this.buffer.indexOf(HEAD_END);
        if (end < 0) return;
        this.head = parseHead(this.buffer.toString('latin1', 0, end));
        this.buffer = this.buffer.subarray(end + HEAD_END.length);
      }
      const rest = this.head.chunked ? chunkedBodyLength(this.buffer) : (this.head.length ?? 0) <= this.buffer.length ? (this.head.length ?? 0) : -1;
      if (rest < 0) return;
      const { status, close } = this.head;
      this.buffer = this.buffer.subarray(rest);
      this.head = undefined;
      const sent = this.out;
      this.out = undefined;
      if (close) this.close();
      if (sent) this.on.answered(sent, status >= 200 && status < 300);
      if (this.closed || this.buffer.length === 0) return;
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const sent = this.out;
    this.out = undefined;
    if (sent) this.on.answered(sent, false);
    this.on.closed();
  }
}

/** @param {string} text  the status line and headers, without the blank line */
function parseHead(text) {
  const lines = text.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  /** @type {number | undefined} */
  let length;
  let chunked = false;
  let close = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.split(',').at(-1)?.trim() === 'chunked';
    else if (name === 'connection') close = value.split(',').some((token) => token.trim() === 'close');
  }
  // No length and not chunked: the body runs to the connection's end, so this connection ends here.
  if (length === undefined && !chunked && status !== 204 && status !== 304) close = true;
  return { status, close, length: chunked ? undefined : length, chunked };
}

/**
 * How many bytes a whole chunked body (trailers included) takes at the start of `buffer`, or
 * -1 while it is not all there.
 * @param {Buffer} buffer
 */
function chunkedBodyLength(buffer) {
  let at = 0;
  for (;;) {
    const lineEnd = buffer.indexOf(LINE_END, at);
    if (lineEnd < 0) return -1;
    const size = Number.parseInt(buffer.toString('latin1', at, lineEnd).split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('a chunked answer with a bad chunk size');
    at = lineEnd + LINE_END.length;
    if (size > 0) {
      at += size + LINE_END.length;
      if (at > buffer.length) return -1;
      continue;
    }
    // The last chunk: trailer lines, if any, then an empty line.
    for (;;) {
      const end = buffer.indexOf(LINE_END, at);
      if (end < 0) return -1;
      const empty = end === at;
      at = end + LINE_END.length;
      if (empty) return at;
    }
  }
}

/**
 * The figures of an open load at the scenario's target rate, and whether the target's latency held.
 * @param {RateResult} result
 * @param {number | undefined} p99Limit
 */
export function rateFigures(result, p99Limit) {
  const p99 = percentile(result.latenciesMs, 99);
  const round2 = (/** @type {number} */ x) => Math.round(x * 100) / 100;
  return {
    at_rate_offered_per_s: result.offered,
    at_rate_ok: result.ok,
    at_rate_failed: result.failed,
    at_rate_p50_ms: round2(percentile(result.latenciesMs, 50)),
    at_rate_p99_ms: round2(p99),
    at_rate_max_ms: round2(result.latenciesMs.at(-1) ?? Number.NaN),
    ...(p99Limit === undefined ? {} : { at_rate_met: result.failed === 0 && p99 <= p99Limit }),
  };
}
