// Payments into one busy shop's account: a festival stall (issue 4).
import { CURRENCY_CONNECTIONS, OPERATOR_TOKEN, checkAndReference, paymentRequests, prepare } from './currency-support.js';

/** @type {import('./index.js').Scenario} */
export default {
  name: 'currency-hot-shop',
  description: 'POST /api/currency/payments: 10,000 wallets all pay one shop, whose balance is split over 8 shards; group-committed ledger',
  target: '≥ 4,000 payments/s into one shop account on PostgreSQL; zero-sum and no negative wallet after the run (issue 4)',
  limits: { ops_per_s: 4000, p99_ms: 50 },
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
    const { shops, cookies } = await prepare(server, { wallets: 10_000, shops: 1, shards: 8, charge: 200_000 });
    return { requests: paymentRequests(shops, cookies), check: (measured) => checkAndReference(server, { hot: true, measured }) };
  },
};
