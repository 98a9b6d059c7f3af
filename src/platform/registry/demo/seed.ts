import type { Kysely } from 'kysely';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { RegistryRepository } from '../repository.ts';
import { ResidentRepository } from '../resident-repository.ts';
import { AIZU_TARO } from './fixed-people.ts';
import { generateDemoRegistry } from './residents.ts';

export type DemoSeedResult = { added: boolean; residents: number; households: number; formerResidents: number; changes: number; links: number };

/**
 * Writes the demo city's synthetic residents in one transaction, unless they are there
 * already (会津 太郎's resident code marks them): seeding twice adds nothing.
 */
export async function seedDemoResidents(db: Kysely<NoTables>): Promise<DemoSeedResult> {
  return withTransaction(db, async (tx) => {
    const residents = new ResidentRepository(tx);
    const registry = new RegistryRepository(tx);
    const none = { added: false, residents: 0, households: 0, formerResidents: 0, changes: 0, links: 0 };
    if ((await residents.personsByResidentCodes([AIZU_TARO])).length > 0) return none;
    const municipality = await registry.municipality();
    if (!municipality) return none;
    const demo = generateDemoRegistry(await registry.allDistricts(municipality.code));
    await residents.insertHouseholds(demo.households);
    await residents.insertPersons(demo.persons);
    await residents.syncHeads(demo.households.map((h) => h.id));
    await residents.insertChanges(demo.changes);
    await residents.insertFamilyLinks(demo.links);
    const living = demo.persons.filter((p) => p.status === 'resident').length;
    return {
      added: true,
      residents: living,
      households: demo.households.length,
      formerResidents: demo.persons.length - living,
      changes: demo.changes.length,
      links: demo.links.length,
    };
  });
}
