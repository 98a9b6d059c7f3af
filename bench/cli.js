// `npm run bench -- [scenario…] [options]`: one JSON line per figure on stdout, progress on stderr.
import { parseArgs } from 'node:util';
import { DATABASE_KINDS, DEFAULT_POSTGRES_URL, defaultDatabaseKind } from './database.js';
import { measure } from './measure.js';
import { SCENARIOS, findScenario } from './scenarios/index.js';

const USAGE_ERROR = 2;

function usage() {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  const list = SCENARIOS.map((s) => `  ${s.name.padEnd(width)}  ${s.description}\n  ${' '.repeat(width)}  target: ${s.target}`).join('\n');
  return `Usage: npm run bench -- [scenario…] [options]

Starts a fresh Tsunagu server for each scenario, loads it, and prints one JSON line per
scenario on stdout. With no scenario, runs them all.

Scenarios:
${list}

Options:
  --duration <s>       measured seconds per scenario (default 10)
  --connections <n>    concurrent keep-alive connections (default 32, or the
                       scenario's own: 128 for the currency scenarios)
  --warmup <s>         seconds of unmeasured load first (default 2; 0 for none)
  --database <kind>    pglite (a fresh temp dir) or postgres (a fresh database
                       tsunagu_bench_<random>, dropped afterwards, on the server at
                       DATABASE_URL or ${DEFAULT_POSTGRES_URL}).
                       Default: postgres when DATABASE_URL is set, else pglite.
  --start-timeout <s>  how long to wait for /readyz (default 90)
  -h, --help           this help
`;
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(USAGE_ERROR);
}

/**
 * @param {string | undefined} raw
 * @param {string} name
 * @param {number} fallback
 * @param {number} min
 */
function number(raw, name, fallback, min) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min) fail(`--${name} must be a number of at least ${min}, got "${raw}"`);
  return value;
}

function parse() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        duration: { type: 'string' },
        connections: { type: 'string' },
        warmup: { type: 'string' },
        database: { type: 'string' },
        'start-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // Node's message goes on to explain `--`, which misleads here: keep its first sentence.
    const message = err instanceof Error ? err.message.replace(/(?<=\.) .*$/s, '') : String(err);
    return fail(`${message}\nRun npm run bench -- --help for the options.`);
  }
}

const { values, positionals } = parse();
if (values.help) {
  process.stdout.write(usage());
  process.exit(0);
}
const unknown = positionals.filter((name) => !findScenario(name));
if (unknown.length > 0) {
  fail(`unknown scenario ${unknown.map((n) => `"${n}"`).join(', ')}. Known scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
}
const database = values.database ?? defaultDatabaseKind();
if (!DATABASE_KINDS.some((kind) => kind === database)) fail(`--database must be one of ${DATABASE_KINDS.join(', ')}, got "${database}"`);
// Unset, each scenario takes its own default (measure.js).
const connections = values.connections === undefined ? undefined : number(values.connections, 'connections', 32, 1);
if (connections !== undefined && !Number.isInteger(connections)) fail(`--connections must be a whole number, got "${values.connections}"`);

// Ctrl-C stops the load and lets each run stop its server and drop its database; a second one gives up at once.
const interrupt = new AbortController();
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130);
    process.stderr.write(`\nbench: ${signal}: stopping the server and cleaning up (again to force)…\n`);
    interrupt.abort();
  });
}

const options = {
  database: /** @type {import('./database.js').DatabaseKind} */ (database),
  connections,
  durationS: number(values.duration, 'duration', 10, 1),
  warmupS: number(values.warmup, 'warmup', 2, 0),
  startTimeoutS: number(values['start-timeout'], 'start-timeout', 90, 1),
  signal: interrupt.signal,
};
const chosen = positionals.length > 0 ? [...new Set(positionals)] : SCENARIOS.map((s) => s.name);
let failures = 0;
for (const name of chosen) {
  const scenario = findScenario(name);
  if (!scenario) continue; // every name was checked above
  try {
    process.stdout.write(`${JSON.stringify(await measure(scenario, options))}\n`);
  } catch (err) {
    if (interrupt.signal.aborted) process.exit(130);
    failures += 1;
    process.stderr.write(`bench: ${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
// exitCode rather than exit(), so a piped stdout is flushed before the process ends.
process.exitCode = failures > 0 ? 1 : 0;
