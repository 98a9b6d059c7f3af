#!/usr/bin/env node
// `npm test`: the server tests, then the browser tests in real Chromium when it is installed.
// On PGlite by default; on PostgreSQL when DATABASE_URL is set. In CI (CI=true) a missing
// Chromium is a failure, not a notice.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1;
const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
const inCi = ['1', 'true'].includes(String(process.env.CI).toLowerCase());
const extra = process.argv.slice(2);

process.stderr.write(`Tests run on ${process.env.DATABASE_URL ? `PostgreSQL (${new URL(process.env.DATABASE_URL).host})` : 'embedded PGlite'}.\n`);

if (!chromium) {
  const notice = [
    '',
    '!! Browser tests were NOT run: Chromium is not installed.',
    '!! Install it with `sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary,',
    '!! then run `npm test` again.',
    '',
  ].join('\n');
  if (inCi) {
    process.stderr.write(`${notice}!! CI requires them: failing.\n`);
    process.exit(1);
  }
  const status = run('vitest', ['run', '--project', 'server', ...extra]);
  process.stderr.write(notice);
  process.exit(status);
}

const built = run('npm', ['run', '--silent', 'build:web']);
if (built !== 0) process.exit(built);
process.exit(run('vitest', ['run', ...extra]));
