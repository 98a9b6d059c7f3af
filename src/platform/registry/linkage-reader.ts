import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import { RegistryError } from './errors.ts';
import { RegistryReader } from './reader.ts';

/**
 * The registry as the platform core wires it into linkage and identity: plain functions
 * over `RegistryReader`, so neither module needs to know the registry's classes.
 */

/** Reads one registry category about a person; undefined for a category the registry does not hold or an unknown person. */
export function registryDataReader(db: Kysely<NoTables>): (personId: string, category: string) => Promise<unknown> {
  const reader = new RegistryReader(db);
  const reads: Record<string, (personId: string) => Promise<unknown>> = {
    basic_attributes: (id) => reader.basicAttributes(id),
    basic_four: (id) => reader.basicFour(id),
    contact: (id) => reader.contact(id),
    household: (id) => reader.household(id),
    family: (id) => reader.family(id),
    support_needed: (id) => reader.supportNeeded(id),
  };
  return async (personId, category) => {
    const read = reads[category];
    if (!read) return undefined;
    try {
      return withoutInternalIds(await read(personId));
    } catch (err) {
      if (err instanceof RegistryError && err.code === 'person_not_found') return undefined;
      throw err;
    }
  };
}

/** The resident person id for a name reading and date of birth, when exactly one resident has them. */
export function matchRegistryPerson(
  db: Kysely<NoTables>,
): (claim: { familyNameKana: string; givenNameKana: string; birthDate: string }) => Promise<string | undefined> {
  const reader = new RegistryReader(db);
  return async (claim) => {
    const match = await reader.matchByReadingAndBirthDate(claim);
    return match.outcome === 'matched' ? match.personId : undefined;
  };
}

/**
 * The registry's person ids are the same for every service; handing them out would let two
 * services match up the people they each know under a different pairwise subject.
 */
function withoutInternalIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutInternalIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'personId' && key !== 'headPersonId')
        .map(([key, child]) => [key, withoutInternalIds(child)]),
    );
  }
  return value;
}
