import fs from 'node:fs';
import pino from 'pino';
import { loadConfig } from '@lib/config.ts';
import type { LinkageOutcome } from '@lib/service-kit/index.ts';
import { buildDisaster, type Disaster } from '@services/disaster/container.ts';
import { disasterModule } from '@services/disaster/index.ts';
import type { OutboxOptions } from '@services/disaster/linkage-outbox.ts';
import type { Platform } from '@services/disaster/ports.ts';
import { migrate } from '../../src/app.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';

export const SITES_CSV = fs.readFileSync('src/services/disaster/data/aizuwakamatsu-evacuation-sites.csv');
export const SHELTERS_CSV = fs.readFileSync('src/services/disaster/data/aizuwakamatsu-shelters.csv');

/** Near 会津若松駅. */
export const STATION = { lat: 37.5077, lon: 139.9308 };

/**
 * The platform as linkage would answer: a person's data per category, given only under
 * their opt-in; writes and published events are kept for assertions.
 */
export class FakePlatform implements Platform {
  readonly consents = new Map<string, Set<string>>();
  readonly data = new Map<string, unknown>();
  readonly writes: { subject: string; category: string; data: unknown }[] = [];
  readonly published: { type: string; data: Record<string, unknown> }[] = [];

  optIn(subject: string, ...categories: string[]) {
    this.consents.set(subject, new Set([...(this.consents.get(subject) ?? []), ...categories]));
  }

  withdraw(subject: string) {
    this.consents.delete(subject);
  }

  async read<T = unknown>(subject: string, category: string): Promise<LinkageOutcome<T>> {
    if (!this.consents.get(subject)?.has(category)) return { outcome: 'refused', status: 403, code: 'consent_missing' };
    const data = this.data.get(`${subject}/${category}`);
    if (data === undefined) return { outcome: 'refused', status: 404, code: 'no_data' };
    return { outcome: 'allowed', data: data as T };
  }

  async write(subject: string, category: string, data: unknown): Promise<LinkageOutcome<{ id: string; recordedAt: string }>> {
    if (!this.consents.get(subject)?.has(category)) return { outcome: 'refused', status: 403, code: 'consent_missing' };
    this.writes.push({ subject, category, data });
    return { outcome: 'allowed', data: { id: String(this.writes.length), recordedAt: new Date().toISOString() } };
  }

  async writeMany(writes: readonly { subject: string; category: string; data: unknown }[]) {
    return Promise.all(writes.map((w) => this.write(w.subject, w.category, w.data)));
  }

  async publish(type: string, data: Record<string, unknown>): Promise<void> {
    this.published.push({ type, data });
  }
}

export type Testbed = {
  test: TestDatabase;
  services: Disaster;
  platform: FakePlatform;
  /** The disaster service as another process on the same database would run it (not started). */
  process(platform: Platform, outbox?: Partial<OutboxOptions>): Disaster;
  stop(): Promise<void>;
};

/** The disaster service over a fresh database and a fake platform. */
export async function testbed(): Promise<Testbed> {
  const test = await freshDatabase();
  await migrate(test.database, [disasterModule]);
  const platform = new FakePlatform();
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', OPERATOR_TOKEN: 'test-operator-token-0123456789abcdef' });
  const context = { config, database: test.database, log: pino({ level: 'silent' }), platformFetch: fetch };
  const services = buildDisaster(context, platform);
  services.outbox.start();
  return {
    test,
    services,
    platform,
    process: (other, outbox = {}) => buildDisaster(context, other, { outbox }),
    async stop() {
      services.live.stop();
      await services.outbox.stop();
      await test.drop();
    },
  };
}

/** A testbed with the real Aizuwakamatsu files imported. */
export async function aizuTestbed(): Promise<Testbed> {
  const bed = await testbed();
  await bed.services.shelters.importFile(SITES_CSV);
  await bed.services.shelters.importFile(SHELTERS_CSV);
  return bed;
}
