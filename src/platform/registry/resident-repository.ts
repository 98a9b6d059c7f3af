import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { FamilyRelation, PersonStatus } from './codes.ts';
import type { FamilyLinkRow, HouseholdRow, NewPersonChange, PersonChangeRow, PersonRow, RegistryTables } from './tables.ts';

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest table. */
const BATCH = 1000;

const dateText = (column: string): RawBuilder<string> => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

const PERSON_COLUMNS = [
  'p.id',
  'p.resident_code',
  'p.family_name',
  'p.given_name',
  'p.family_name_kana',
  'p.given_name_kana',
  'p.sex',
  'p.district_id',
  'p.banchi',
  'p.building',
  'p.household_id',
  'p.relationship',
  'p.phone',
  'p.email',
  'p.status',
  'p.support_needed',
  'p.support_categories',
  'p.support_reason',
] as const;

const HOUSEHOLD_COLUMNS = ['id', 'household_code', 'head_person_id', 'district_id', 'banchi', 'building'] as const;

/** SQL types of the columns a bulk insert writes, keyed like the row types so none is forgotten. */
const HOUSEHOLD_TYPES: Record<keyof HouseholdRow, string> = {
  id: 'uuid',
  household_code: 'text',
  head_person_id: 'uuid',
  district_id: 'uuid',
  banchi: 'text',
  building: 'text',
};
const PERSON_TYPES: Record<keyof PersonRow, string> = {
  id: 'uuid',
  resident_code: 'text',
  family_name: 'text',
  given_name: 'text',
  family_name_kana: 'text',
  given_name_kana: 'text',
  birth_date: 'date',
  sex: 'text',
  district_id: 'uuid',
  banchi: 'text',
  building: 'text',
  household_id: 'uuid',
  relationship: 'text',
  phone: 'text',
  email: 'text',
  status: 'text',
  support_needed: 'boolean',
  support_categories: 'text[]',
  support_reason: 'text',
};

export type PersonSearch = {
  /** Matches the name (kanji, spaces ignored), the reading (kana folded to hiragana) or an exact resident code. */
  name?: string;
  kana?: string;
  residentCode?: string;
  districtId?: string;
  status?: PersonStatus;
  limit: number;
  offset: number;
};

export type HouseholdHeadCount = { id: string; household_code: string; residents: number; heads: number };

/** SQL for persons, households, family links and changes (repository.ts holds the municipality's). */
export class ResidentRepository {
  private readonly db: Kysely<RegistryTables>;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<RegistryTables>();
  }

  private persons() {
    return this.db.selectFrom('registry.person as p').select([...PERSON_COLUMNS, dateText('p.birth_date').as('birth_date')]);
  }

  async personById(id: string): Promise<PersonRow | undefined> {
    return this.persons().where('p.id', '=', id).executeTakeFirst();
  }

  async personsByResidentCodes(codes: readonly string[]): Promise<PersonRow[]> {
    const rows: PersonRow[] = [];
    for (let i = 0; i < codes.length; i += 5 * BATCH) {
      rows.push(
        ...(await this.persons()
          .where('p.resident_code', 'in', codes.slice(i, i + 5 * BATCH))
          .execute()),
      );
    }
    return rows;
  }

  /** Members of the households, heads first, then by birth date. */
  async membersOf(householdIds: readonly string[], status?: PersonStatus): Promise<PersonRow[]> {
    if (householdIds.length === 0) return [];
    let query = this.persons().where('p.household_id', 'in', householdIds);
    if (status) query = query.where('p.status', '=', status);
    return query
      .orderBy(sql`p.relationship = 'head'`, 'desc')
      .orderBy('p.birth_date')
      .orderBy('p.resident_code')
      .execute();
  }

  async householdsByCodes(codes: readonly string[]): Promise<HouseholdRow[]> {
    if (codes.length === 0) return [];
    return this.db.selectFrom('registry.household').select(HOUSEHOLD_COLUMNS).where('household_code', 'in', codes).execute();
  }

  async householdsByIds(ids: readonly string[]): Promise<HouseholdRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('registry.household').select(HOUSEHOLD_COLUMNS).where('id', 'in', ids).execute();
  }

  /** Links the persons listed (they own them: "related person is my …"). */
  async familyLinksFrom(personIds: readonly string[]): Promise<FamilyLinkRow[]> {
    if (personIds.length === 0) return [];
    return this.db
      .selectFrom('registry.family_link')
      .select(['person_id', 'related_person_id', 'relation'])
      .where('person_id', 'in', personIds)
      .execute();
  }

  /** Links in either direction that involve the person. */
  async familyLinksOf(personId: string): Promise<FamilyLinkRow[]> {
    return this.db
      .selectFrom('registry.family_link')
      .select(['person_id', 'related_person_id', 'relation'])
      .where((eb) => eb.or([eb('person_id', '=', personId), eb('related_person_id', '=', personId)]))
      .orderBy('created_at')
      .execute();
  }

  async personsByIds(ids: readonly string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    return this.persons().where('p.id', 'in', ids).execute();
  }

  /** A person's changes, oldest first. */
  async changesOf(personId: string): Promise<PersonChangeRow[]> {
    return this.db
      .selectFrom('registry.person_change')
      .select(['id', 'person_id', 'kind', dateText('effective_date').as('effective_date'), 'recorded_at', 'details'])
      .where('person_id', '=', personId)
      .orderBy('effective_date')
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  }

  async search(query: PersonSearch): Promise<{ rows: PersonRow[]; total: number }> {
    let base = this.db.selectFrom('registry.person as p');
    if (query.districtId) base = base.where('p.district_id', '=', query.districtId);
    if (query.status) base = base.where('p.status', '=', query.status);
    const { name, kana, residentCode } = query;
    if (name || kana || residentCode) {
      base = base.where((eb) =>
        eb.or([
          ...(name ? [eb(sql<string>`p.family_name || p.given_name`, 'like', `%${escapeLike(name)}%`)] : []),
          ...(kana ? [eb(sql<string>`p.family_name_kana || p.given_name_kana`, 'like', `%${escapeLike(kana)}%`)] : []),
          ...(residentCode ? [eb('p.resident_code', '=', residentCode)] : []),
        ]),
      );
    }
    const [rows, count] = await Promise.all([
      base
        .select([...PERSON_COLUMNS, dateText('p.birth_date').as('birth_date')])
        .orderBy('p.family_name_kana')
        .orderBy('p.given_name_kana')
        .orderBy('p.birth_date')
        .orderBy('p.resident_code')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** Persons with this reading (family + given, no space) born on this day. */
  async byReadingAndBirthDate(reading: string, birthDate: string): Promise<PersonRow[]> {
    return this.persons()
      .where('p.birth_date', '=', sql<Date>`${birthDate}::date`)
      .where(sql<string>`p.family_name_kana || p.given_name_kana`, '=', reading)
      .execute();
  }

  async countPersons(status?: PersonStatus): Promise<number> {
    let query = this.db.selectFrom('registry.person');
    if (status) query = query.where('status', '=', status);
    const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertHouseholds(rows: readonly HouseholdRow[]): Promise<void> {
    await this.insertAsJson('household', HOUSEHOLD_TYPES, rows);
  }

  async moveHousehold(id: string, address: Pick<HouseholdRow, 'district_id' | 'banchi' | 'building'>): Promise<void> {
    await this.db
      .updateTable('registry.household')
      .set({ ...address, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  async insertPersons(rows: readonly PersonRow[]): Promise<void> {
    await this.insertAsJson('person', PERSON_TYPES, rows);
  }

  /**
   * Inserts many rows passed as one JSON parameter: binding tens of thousands of separate
   * parameters is what makes large inserts slow on PGlite (the demo seed, a city-wide import).
   */
  private async insertAsJson<Row extends object>(table: string, types: Record<keyof Row & string, string>, rows: readonly Row[]): Promise<void> {
    const columns = Object.keys(types);
    const names = sql.raw(columns.join(', '));
    const shape = sql.raw(columns.map((c) => `${c} ${types[c as keyof Row & string]}`).join(', '));
    for (let i = 0; i < rows.length; i += 5 * BATCH) {
      const json = JSON.stringify(rows.slice(i, i + 5 * BATCH));
      await sql`insert into ${sql.table(`registry.${table}`)} (${names}) select ${names} from jsonb_to_recordset(${json}::jsonb) as x(${shape})`.execute(
        this.db,
      );
    }
  }

  async updatePerson(id: string, patch: Partial<Omit<PersonRow, 'id'>>): Promise<void> {
    await this.db
      .updateTable('registry.person')
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
  }

  async insertChanges(rows: readonly NewPersonChange[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db
        .insertInto('registry.person_change')
        .values(rows.slice(i, i + BATCH).map((row) => ({ ...row, details: JSON.stringify(row.details) })))
        .execute();
    }
  }

  async insertFamilyLinks(rows: readonly FamilyLinkRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db
        .insertInto('registry.family_link')
        .values(rows.slice(i, i + BATCH))
        .execute();
    }
  }

  async setFamilyLinkRelation(personId: string, relatedPersonId: string, relation: FamilyRelation): Promise<void> {
    await this.db
      .updateTable('registry.family_link')
      .set({ relation })
      .where('person_id', '=', personId)
      .where('related_person_id', '=', relatedPersonId)
      .execute();
  }

  async deleteFamilyLinks(personId: string, relatedPersonIds: readonly string[]): Promise<void> {
    if (relatedPersonIds.length === 0) return;
    await this.db.deleteFrom('registry.family_link').where('person_id', '=', personId).where('related_person_id', 'in', relatedPersonIds).execute();
  }

  /** Points each household at its resident 世帯主 (or at nobody when none is left). */
  async syncHeads(householdIds: readonly string[]): Promise<void> {
    for (let i = 0; i < householdIds.length; i += 5 * BATCH) {
      const head = sql<string | null>`(select p.id from registry.person p
        where p.household_id = registry.household.id and p.relationship = 'head' and p.status = 'resident'
        order by p.resident_code limit 1)`;
      await this.db
        .updateTable('registry.household')
        .set({ head_person_id: head, updated_at: sql<Date>`now()` })
        .where('id', 'in', householdIds.slice(i, i + 5 * BATCH))
        .where(sql<boolean>`head_person_id is distinct from ${head}`)
        .execute();
    }
  }

  /** Resident members and resident heads of each household, to check that each has exactly one head. */
  async headCounts(householdIds: readonly string[]): Promise<HouseholdHeadCount[]> {
    if (householdIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('registry.household as h')
      .leftJoin('registry.person as p', (join) => join.onRef('p.household_id', '=', 'h.id').on('p.status', '=', 'resident'))
      .where('h.id', 'in', householdIds)
      .groupBy(['h.id', 'h.household_code'])
      .select([
        'h.id',
        'h.household_code',
        (eb) => eb.fn.count<number>('p.id').as('residents'),
        sql<number>`count(p.id) filter (where p.relationship = 'head')`.as('heads'),
      ])
      .execute();
    return rows.map((row) => ({ ...row, residents: Number(row.residents), heads: Number(row.heads) }));
  }

  /** Households with resident members but not exactly one resident 世帯主, anywhere in the registry. */
  async householdsWithoutOneHead(): Promise<HouseholdHeadCount[]> {
    const rows = await sql<HouseholdHeadCount>`
      select h.id, h.household_code,
             count(p.id) as residents,
             count(p.id) filter (where p.relationship = 'head') as heads
        from registry.household h
        join registry.person p on p.household_id = h.id and p.status = 'resident'
       group by h.id, h.household_code
      having count(p.id) filter (where p.relationship = 'head') <> 1`.execute(this.db);
    return rows.rows.map((row) => ({ ...row, residents: Number(row.residents), heads: Number(row.heads) }));
  }

  /** Serialises imports: two at once could each leave a household with two heads. Held until commit. */
  async lockForImport(): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('tsunagu.registry.import'))`.execute(this.db);
  }
}
