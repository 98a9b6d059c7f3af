import { uuidv7 } from '@lib/ids.ts';
import type { Kysely } from 'kysely';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { CHANGE_KIND_LABELS, RELATIONSHIP_LABELS, type ChangeKind, type PersonStatus, type Relationship, type Sex } from './codes.ts';
import { RegistryError } from './errors.ts';
import { importRegistryCsv, type CsvInput, type ImportOptions, type ImportReport } from './importer.ts';
import { isHiraganaReading, toHiragana } from './japanese.ts';
import {
  RegistryReader,
  fullAddress,
  fullKana,
  fullName,
  type City,
  type Contact,
  type FamilyMember,
  type HouseholdInfo,
  type SupportStatus,
} from './reader.ts';
import { RegistryRepository, type DistrictRow, type MunicipalityRow } from './repository.ts';
import { ResidentRepository } from './resident-repository.ts';
import type { PersonRow } from './tables.ts';

export type DistrictPageResult = { rows: DistrictRow[]; total: number; limit: number; offset: number };

/** A person as staff see them in a list. */
export type PersonSummary = {
  id: string;
  residentCode: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: Sex;
  status: PersonStatus;
  householdCode: string;
  relationship: Relationship;
  relationshipLabel: string;
  district: string;
  address: string;
};

export type PersonChangeView = { kind: ChangeKind; kindLabel: string; effectiveDate: string; recordedAt: string; details: Record<string, unknown> };

/** Everything the registry holds on one person. */
export type PersonRecord = PersonSummary & {
  contact: Contact;
  support: SupportStatus;
  household: HouseholdInfo;
  family: FamilyMember[];
  changes: PersonChangeView[];
};

export type PersonSearchQuery = {
  q?: string | undefined;
  district?: string | undefined;
  status?: PersonStatus | undefined;
  limit: number;
  offset: number;
};

/** Use cases of the resident registry. */
export class RegistryService {
  private readonly repository: RegistryRepository;
  private readonly residents: ResidentRepository;
  /** Per-category reads for the linkage layer. */
  readonly reader: RegistryReader;

  constructor(
    private readonly db: Kysely<NoTables>,
    /** Publishes the events of an import's changes inside its transaction (the platform core supplies it). */
    private readonly onChanges?: ImportOptions['onChanges'],
  ) {
    this.repository = new RegistryRepository(db);
    this.residents = new ResidentRepository(db);
    this.reader = new RegistryReader(db);
  }

  async municipality(): Promise<MunicipalityRow> {
    const row = await this.repository.municipality();
    if (!row) throw new RegistryError('municipality_not_configured', 'Run `tsunagu seed --demo` or import the registry first.');
    return row;
  }

  async districts(query: { prefix?: string | undefined; limit: number; offset: number }): Promise<DistrictPageResult> {
    const { code } = await this.municipality();
    const page = await this.repository.districts({
      municipalityCode: code,
      limit: query.limit,
      offset: query.offset,
      ...(query.prefix ? { prefix: query.prefix } : {}),
    });
    return { ...page, limit: query.limit, offset: query.offset };
  }

  async addDistrict(input: { name: string; nameKana: string }): Promise<DistrictRow> {
    const { code } = await this.municipality();
    const row: DistrictRow = { id: uuidv7(), municipality_code: code, name: input.name.normalize('NFC'), name_kana: input.nameKana };
    const inserted = await this.repository.insertDistricts([row]);
    if (inserted === 0) throw new RegistryError('district_exists', `「${row.name}」 is already a district of this municipality.`);
    return row;
  }

  /** Sets up the municipality and its districts in one transaction; running it again adds only what is missing. */
  async establish(
    municipality: MunicipalityRow,
    districts: readonly (readonly [string, string])[],
  ): Promise<{ created: boolean; districtsAdded: number }> {
    return withTransaction(this.db, async (tx) => {
      const repository = new RegistryRepository(tx);
      const created = await repository.insertMunicipality(municipality);
      const rows = districts.map(([name, kana]) => ({ id: uuidv7(), municipality_code: municipality.code, name, name_kana: kana }));
      return { created, districtsAdded: await repository.insertDistricts(rows) };
    });
  }

  /** Imports the registry CSV: all rows or none (see importer.ts and docs/registry.md). */
  async importCsv(input: CsvInput, options: ImportOptions = {}): Promise<ImportReport> {
    return importRegistryCsv(this.db, input, { ...(this.onChanges ? { onChanges: this.onChanges } : {}), ...options });
  }

  /** Finds persons by name, reading (kana in either script) or resident code, optionally in one town. */
  async searchPersons(query: PersonSearchQuery): Promise<{ items: PersonSummary[]; total: number; limit: number; offset: number }> {
    const city = await this.reader.city();
    let districtId: string | undefined;
    if (query.district) {
      const wanted = query.district.normalize('NFC').trim();
      districtId = [...city.districts.values()].find((d) => d.name === wanted || d.id === wanted)?.id;
      if (!districtId) throw new RegistryError('unknown_district', `「${wanted}」 is not a town (町名) of ${city.municipality.name_ja}.`);
    }
    const q = query.q?.trim() ?? '';
    const compact = q.replace(/[\s\u3000]+/g, '');
    const reading = toHiragana(compact);
    const page = await this.residents.search({
      ...(compact ? { name: compact.normalize('NFC') } : {}),
      ...(compact && isHiraganaReading(reading) ? { kana: reading } : {}),
      ...(/^[0-9]{11}$/.test(compact.normalize('NFKC')) ? { residentCode: compact.normalize('NFKC') } : {}),
      ...(districtId ? { districtId } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    const households = new Map((await this.residents.householdsByIds([...new Set(page.rows.map((r) => r.household_id))])).map((h) => [h.id, h]));
    return {
      items: page.rows.map((row) => summary(city, row, households.get(row.household_id)?.household_code ?? '')),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** The whole record of one person: basic items, contact, support, household, relatives elsewhere and changes. */
  async personRecord(personId: string): Promise<PersonRecord> {
    const row = /^[0-9a-f-]{36}$/i.test(personId) ? await this.residents.personById(personId) : undefined;
    if (!row) throw new RegistryError('person_not_found', `No person ${personId} in the registry.`);
    const [city, household, contact, support, family, changes] = await Promise.all([
      this.reader.city(),
      this.reader.household(personId),
      this.reader.contact(personId),
      this.reader.supportNeeded(personId),
      this.reader.family(personId),
      this.residents.changesOf(personId),
    ]);
    return {
      ...summary(city, row, household.householdCode),
      contact,
      support,
      household,
      family,
      changes: changes.map((c) => ({
        kind: c.kind,
        kindLabel: CHANGE_KIND_LABELS[c.kind].ja,
        effectiveDate: c.effective_date,
        recordedAt: c.recorded_at.toISOString(),
        details: c.details,
      })),
    };
  }
}

function summary(city: City, row: PersonRow, householdCode: string): PersonSummary {
  return {
    id: row.id,
    residentCode: row.resident_code,
    name: fullName(row),
    nameKana: fullKana(row),
    birthDate: row.birth_date,
    sex: row.sex,
    status: row.status,
    householdCode,
    relationship: row.relationship,
    relationshipLabel: RELATIONSHIP_LABELS[row.relationship].ja,
    district: city.districts.get(row.district_id)?.name ?? '',
    address: fullAddress(city, row),
  };
}
