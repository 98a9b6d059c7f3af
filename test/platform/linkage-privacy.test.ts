import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, seedDemo } from '../../src/app.ts';
import { ALL_MODULES } from '../../src/modules.ts';
import { matchRegistryPerson, registryDataReader } from '@platform/registry/linkage-reader.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ICHIRO, importTwoResidents } from '../support/residents.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ SEED_DEMO: 'false' });
  await migrate(app.testDatabase.database, ALL_MODULES);
  await seedDemo(
    { config: app.config, database: app.testDatabase.database, log: app.log, platformFetch: fetch },
    ALL_MODULES.slice(0, 1),
    () => undefined,
  );
  await importTwoResidents(app.testDatabase.database);
});
afterAll(async () => {
  await app.stop();
});

describe('what linkage hands a service from the registry', () => {
  it("names household members by name and relationship, never by the registry's internal ids", async () => {
    const db = app.testDatabase.database.db;
    const personId = await matchRegistryPerson(db)(ICHIRO);
    expect(personId).toBeDefined();
    const household = (await registryDataReader(db)(personId ?? '', 'household')) as { members: Record<string, unknown>[] };
    expect(household.members.map((m) => m.name).sort()).toEqual(['鶴ヶ 一郎', '鶴ヶ 二葉']);
    expect(JSON.stringify(household)).not.toContain(personId ?? '');
    expect(JSON.stringify(household)).not.toMatch(/personId|headPersonId/);
  });
});
