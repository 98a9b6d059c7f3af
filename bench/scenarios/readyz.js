/** @type {import('./index.js').Scenario} */
export default {
  name: 'readyz',
  description: 'GET /readyz: the readiness probe, one `select 1` on the database per request',
  target: 'baseline: no target set (issue 2)',
  requests: [{ method: 'GET', path: '/readyz' }],
};
