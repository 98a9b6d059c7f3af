// Shop payments through the HTTP API spread over 10,000 wallets (issue 4).
import { CURRENCY_CONNECTIONS, OPERATOR_TOKEN, checkAndReference, paymentRequests, prepare } from './currency-support.js';

/** @type {import('./index.js').Scenario} */
export default {
  name: 'currency-payments',
  description:
    'POST /api/currency/payments: a random one of 10,000 signed-in wallets pays a random one of 20 shops (fee included), each with a fresh idempotency key; group-committed ledger',
  target: '≥ 5,000 payments/s with p99 ≤ 50 ms on PostgreSQL; zero-sum and no negative wallet after the run (issue 4)',
  limits: { ops_per_s: 5000, p99_ms: 50 },
  analyze: true,
  atRate: true,
  connections: CURRENCY_CONNECTIONS,
  env: {
    OPERATOR_TOKEN,
    SERVICE_SECRET: 'bench-service-secret-0123456789abcdef0123',
    WORKERS: process.env.CURRENCY_BENCH_WORKERS ?? '1',
    // The payment results go to linkage from a process of their own, as a city on PostgreSQL would run it.
    JOBS_PROCESS: process.env.CURRENCY_BENCH_JOBS_PROCESS ?? 'true',
  },
  async setup(server) {
    const { shops, cookies } = await prepare(server, { wallets: 10_000, shops: 20, shards: 1, charge: 200_000 });
    return { requests: paymentRequests(shops, cookies), check: (measured) => checkAndReference(server, { hot: false, measured }) };
  },
};
