// The whole city reporting after an earthquake (issue 5): safety reports over HTTP, family notified live.
import { randomUUID } from 'node:crypto';
import { percentile } from '../load.js';
import { api, newCitizen, OPERATOR_TOKEN, pool, signInStaff } from './disaster-support.js';

const CITIZENS = 300;

/** @type {import('./index.js').Scenario} */
export default {
  name: 'disaster-reports',
  description: `POST /api/disaster/events/:id/reports from ${CITIZENS} signed-in citizens (a new client id per report, group-committed), half of them watched live by a family member over SSE`,
  target: '≥ 4,000 safety reports/s sustained, each family notified live at p99 < 1 s (issue 5; anchor: FIWARE Orion-LD 1.3 s mean)',
  limits: { ops_per_s: 4000 },
  env: { OPERATOR_TOKEN },
  async setup({ url }) {
    const origin = url.replace('127.0.0.1', 'localhost');
    const staff = await signInStaff(origin);
    const declared = await api(origin, 'POST', '/events', {
      cookie: staff.cookie,
      body: { hazard: 'earthquake', title: 'ベンチ地震', openAllSuitable: true },
    });
    const eventId = declared.event.id;
    const run = randomUUID().slice(0, 8);
    const citizens = await pool(
      Array.from({ length: CITIZENS }, (_, i) => i),
      4,
      (i) => newCitizen(origin, `bench-${run}-${i}@example.jp`),
    );
    // Pairs: the even one watches the odd one's reports.
    for (let i = 0; i + 1 < citizens.length; i += 2) {
      const invite = await api(origin, 'POST', '/me/family/invites', { cookie: citizens[i]?.cookie });
      await api(origin, 'POST', '/me/family/accept', { cookie: citizens[i + 1]?.cookie, body: { code: invite.code } });
    }
    /** @type {Map<string, number>} report id → when it was sent */
    const sent = new Map();
    /** @type {number[]} */
    const notified = [];
    const listeners = new AbortController();
    let received = 0;
    await Promise.all(
      citizens
        .filter((_, i) => i % 2 === 0)
        .map(async (watcher) => {
          const response = await fetch(`${origin}/api/disaster/me/stream`, { headers: { cookie: watcher.cookie }, signal: listeners.signal });
          const reader = /** @type {ReadableStreamDefaultReader<Uint8Array>} */ (response.body?.getReader());
          const decoder = new TextDecoder();
          let buffer = '';
          await reader.read(); // ": connected"
          void (async () => {
            try {
              for (;;) {
                const { value, done } = await reader.read();
                if (done) return;
                buffer += decoder.decode(value, { stream: true });
                let end;
                while ((end = buffer.indexOf('\n\n')) >= 0) {
                  const block = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  const data = block.split('\n').find((line) => line.startsWith('data: '));
                  if (!data) continue;
                  const { reportId } = JSON.parse(data.slice(6));
                  const at = sent.get(reportId);
                  received++;
                  if (at !== undefined) notified.push(performance.now() - at);
                }
              }
            } catch {
              // aborted at the end of the run
            }
          })();
        }),
    );
    const statuses = ['safe', 'safe', 'safe', 'injured', 'rescue'];
    let n = 0;
    return {
      requests: citizens.map((citizen, i) => ({
        method: 'POST',
        path: `/api/disaster/events/${eventId}/reports`,
        headers: { cookie: citizen.cookie, 'content-type': 'application/json' },
        setupRequest: (/** @type {{ body?: string }} */ request) => {
          const id = randomUUID();
          if (i % 2 === 1) sent.set(id, performance.now());
          request.body = JSON.stringify({ id, status: statuses[n++ % statuses.length] });
          return request;
        },
      })),
      async check() {
        await new Promise((resolve) => setTimeout(resolve, 1500)); // the last notifications in flight
        listeners.abort();
        const sorted = notified.sort((a, b) => a - b);
        const dashboard = await api(origin, 'GET', `/events/${eventId}/dashboard`, { cookie: staff.cookie });
        return {
          watched_reports_sent: sent.size,
          family_notifications: received,
          notify_p50_ms: Number(percentile(sorted, 50).toFixed(1)),
          notify_p99_ms: Number(percentile(sorted, 99).toFixed(1)),
          notify_target_met: percentile(sorted, 99) < 1000,
          people_reported: dashboard.counts.people,
        };
      },
    };
  },
};
