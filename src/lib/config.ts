import path from 'node:path';

/** Runtime configuration, read once from the environment and validated at start. */
export type Config = {
  port: number;
  host: string;
  baseUrl: string;
  /** PostgreSQL server; when absent Tsunagu runs on embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** Connections in the PostgreSQL pool of this process. */
  databasePoolSize: number;
  /** Where PGlite keeps its files; `memory://` keeps nothing (tests). */
  dataDir: string;
  logLevel: LogLevel;
  /** Seed the demo city on start when it has not been seeded yet. */
  seedDemo: boolean;
  /** Requests per client IP per minute before 429. */
  rateLimitPerMinute: number;
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  /** Bearer token for operator endpoints until operator accounts arrive; unset disables them. */
  operatorToken: string | undefined;
  /** Serve the built web app from this folder when it exists. */
  webDir: string;
  /** Milliseconds SIGTERM waits for in-flight requests before forcing exit. */
  shutdownGraceMs: number;
  /**
   * Where city service modules find the platform's API when they run in their own process;
   * unset in the monolith, where they call it in-process (still over its HTTP interface).
   */
  platformUrl: string | undefined;
  /**
   * Secret the built-in service modules' OpenID client secrets are derived from. Unset: a
   * random one per process (fine for one process; set it when several processes serve).
   */
  serviceSecret: string | undefined;
  /** HTTP processes `tsunagu serve` runs on PostgreSQL (node:cluster, one port); PGlite allows one. */
  workers: number;
  /**
   * Whether `tsunagu serve` runs the background jobs (the currency's payment results to linkage,
   * its webhooks and payout reconciliation) in a process of their own beside the HTTP processes,
   * so that they never hold up a request's turn of the event loop (PostgreSQL only).
   */
  jobsProcess: boolean;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration variable that is missing or malformed; the message names it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** Reads and validates the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const baseUrl = (url(env, 'BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const operatorToken = env.OPERATOR_TOKEN?.trim() || undefined;
  if (operatorToken !== undefined && operatorToken.length < 32) {
    throw new ConfigError('OPERATOR_TOKEN', 'must be at least 32 characters (use `openssl rand -hex 32`)');
  }
  const serviceSecret = env.SERVICE_SECRET?.trim() || undefined;
  if (serviceSecret !== undefined && serviceSecret.length < 32) {
    throw new ConfigError('SERVICE_SECRET', 'must be at least 32 characters (use `openssl rand -hex 32`)');
  }
  const dataDir = env.DATA_DIR?.trim() || './data';
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    baseUrl,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 32, 1, 1000),
    dataDir: dataDir === 'memory://' ? dataDir : path.resolve(dataDir),
    logLevel,
    seedDemo: boolean(env, 'SEED_DEMO', true),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 10_000_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    operatorToken,
    webDir: path.resolve(env.WEB_DIR?.trim() || 'web/dist'),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    platformUrl: url(env, 'PLATFORM_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    serviceSecret,
    workers: integer(env, 'WORKERS', 1, 1, 64),
    jobsProcess: boolean(env, 'JOBS_PROCESS', false),
  };
}
