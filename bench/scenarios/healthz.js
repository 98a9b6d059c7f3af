/** @type {import('./index.js').Scenario} */
export default {
  name: 'healthz',
  description: 'GET /healthz: the liveness probe, no database at all — the ceiling of HTTP on this machine',
  target: 'reference: what any endpoint here can at most reach (no target set)',
  requests: [{ method: 'GET', path: '/healthz' }],
};
