import fs from 'node:fs';
import { Command } from 'commander';
import { Value } from 'typebox/value';
import { createLogger } from '../app.ts';
import { platformCore } from '@platform/core.ts';
import { NewService } from '@platform/identity/schemas.ts';
import { say, withDatabase } from './shared.ts';

/** `tsunagu service …`: connect services to the City OS. */
export function serviceCommand(): Command {
  const service = new Command('service').description('connected services (OpenID clients with their purposes and requested data)');
  service
    .command('register')
    .description('register a service from a JSON file shaped like POST /api/identity/admin/services; prints its client id and secret (shown once)')
    .requiredOption('--file <path>', 'the service description (see docs/services.md)')
    .action(async (options: { file: string }) => {
      let body: unknown;
      try {
        body = JSON.parse(fs.readFileSync(options.file, 'utf8'));
      } catch (err) {
        say(`Cannot read ${options.file}: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      }
      if (!Value.Check(NewService, body)) {
        for (const error of Value.Errors(NewService, body)) say(`  ${error.instancePath || '/'}: ${error.message}`);
        say(`${options.file} is not a valid service description.`);
        process.exit(1);
      }
      await withDatabase(async (database, config) => {
        const { directory } = await platformCore({ config, database, log: createLogger({ ...config, logLevel: 'warn' }), platformFetch: fetch });
        const { service: row, clientSecret } = await directory.registerDescribed(body);
        say(`Registered ${row.name_ja} (${row.company}). Keep the client secret safe: it is not shown again.`);
        process.stdout.write(`${JSON.stringify({ clientId: row.client_id, clientSecret, issuer: `${config.baseUrl}/oidc` })}\n`);
      });
    });
  return service;
}

/** `tsunagu audit verify`: check the access log's hash chains. */
export function auditCommand(): Command {
  const audit = new Command('audit').description('the access log of personal data');
  audit
    .command('verify')
    .description('walk every hash chain of the access log; exit 1 and name each altered, removed or reordered entry')
    .action(async () => {
      const problems = await withDatabase(async (database, config) => {
        const { linkage } = await platformCore({ config, database, log: createLogger({ ...config, logLevel: 'warn' }), platformFetch: fetch });
        const result = await linkage.log.verify((checked) => say(`  checked ${checked} entries…`));
        say(`Checked ${result.checked} entries.`);
        return result.problems;
      });
      if (problems.length === 0) {
        say('The access log is intact.');
        return;
      }
      for (const problem of problems) say(`  ✗ ${problem}`);
      say(`The access log has been tampered with: ${problems.length} problem(s).`);
      process.exit(1);
    });
  return audit;
}
