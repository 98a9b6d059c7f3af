import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function failure(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs on embedded PGlite under ./data on port 8080 when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.baseUrl).toBe('http://localhost:8080');
    expect(config.seedDemo).toBe(true);
  });

  it('names PORT when it is not a number', () => {
    const err = failure({ PORT: 'eighty' });
    expect(err.variable).toBe('PORT');
    expect(err.message).toContain('PORT');
  });

  it('names PORT when it is out of range', () => {
    expect(failure({ PORT: '70000' }).variable).toBe('PORT');
  });

  it('names DATABASE_URL when it is not a PostgreSQL URL', () => {
    expect(failure({ DATABASE_URL: 'mysql://localhost/test' }).message).toMatch(/DATABASE_URL must start with postgres:/);
  });

  it('names BASE_URL when it is not a URL', () => {
    expect(failure({ BASE_URL: 'localhost:8080' }).variable).toBe('BASE_URL');
  });

  it('names LOG_LEVEL and lists the accepted levels', () => {
    const err = failure({ LOG_LEVEL: 'verbose' });
    expect(err.variable).toBe('LOG_LEVEL');
    expect(err.message).toContain('debug');
  });

  it('names SEED_DEMO when it is not a boolean', () => {
    expect(failure({ SEED_DEMO: 'maybe' }).variable).toBe('SEED_DEMO');
  });

  it('refuses an operator token too short to be secret', () => {
    expect(failure({ OPERATOR_TOKEN: 'admin' }).variable).toBe('OPERATOR_TOKEN');
  });

  it('drops a trailing slash from BASE_URL so links are built cleanly', () => {
    expect(loadConfig({ BASE_URL: 'https://city.example.jp/' }).baseUrl).toBe('https://city.example.jp');
  });
});
