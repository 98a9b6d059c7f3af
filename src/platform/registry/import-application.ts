import type { Kysely } from 'kysely';
import { uuidv7 } from '@lib/ids.ts';
import type { NoTables } from '@lib/db/database.ts';
import { CHANGE_KIND_LABELS, RELATIONSHIP_LABELS, type ChangeKind, type PersonStatus } from './codes.ts';
import { COLUMNS, type ColumnKey, type ImportRowError } from './csv-format.ts';
import type { DeclaredChange, ImportRow } from './csv-row.ts';
import { formatStreetAddress } from './japanese.ts';
import { ResidentRepository } from './resident-repository.ts';
import type { DistrictRow, FamilyLinkRow, HouseholdRow, NewPersonChange, PersonRow } from './tables.ts';

type Settings = {
  effectiveDate: string;
  districts: readonly DistrictRow[];
  /** Households with a bad row in the file: their head count is not judged (the bad row is the story). */
  invalidHouseholds: ReadonlySet<string>;
  /** Every resident code in the file, valid row or not. */
  fileCodes: ReadonlySet<string>;
};

type Plan = { row: ImportRow; before: PersonRow | undefined; status: PersonStatus; declared: DeclaredChange | null };

export type ImportCounts = { created: number; updated: number; unchanged: number; changesRecorded: number };

/** Fields an import compares to decide whether a person changed. */
const COMPARED = [
  'family_name',
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'birth_date',
  'sex',
  'district_id',
  'banchi',
  'building',
  'household_id',
  'relationship',
  'phone',
  'email',
  'status',
  'support_needed',
  'support_categories',
  'support_reason',
] as const satisfies readonly (keyof PersonRow)[];

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];
const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? a.join(',') === b.join(',') : a === b);

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The writing half of an import, inside its transaction: compares each row with the register and applies the difference. */
export class ImportApplication {
  private readonly repo: ResidentRepository;
  private readonly errors: ImportRowError[] = [];
  private readonly changes: NewPersonChange[] = [];
  private readonly districtNames: Map<string, string>;

  constructor(
    tx: Kysely<NoTables>,
    private readonly settings: Settings,
  ) {
    this.repo = new ResidentRepository(tx);
    this.districtNames = new Map(settings.districts.map((d) => [d.id, d.name]));
  }

  private fail(row: ImportRow, key: ColumnKey, message: string, messageJa: string, value?: string) {
    this.errors.push({ row: row.row, column: row.headers[key] ?? COLUMNS[key].ja, ...(value !== undefined ? { value } : {}), message, messageJa });
  }

  private address(p: Pick<PersonRow, 'district_id' | 'banchi' | 'building'>): string {
    return formatStreetAddress(this.districtNames.get(p.district_id) ?? '?', p.banchi, p.building);
  }

  private record(person: PersonRow, kind: ChangeKind, row: ImportRow | undefined, details: Record<string, unknown>) {
    const date = row?.changeDate ?? (kind === 'birth' && row ? row.birthDate : this.settings.effectiveDate);
    if (date < person.birth_date && row) {
      this.fail(
        row,
        'changeDate',
        `the change would be dated ${date}, before the birth date ${person.birth_date}`,
        `異動日 ${date} が生年月日 ${person.birth_date} より前です`,
      );
      return;
    }
    this.changes.push({ id: uuidv7(), person_id: person.id, kind, effective_date: date, details: { ...details, source: 'csv_import' } });
  }

  async run(
    rows: readonly ImportRow[],
  ): Promise<{ errors: ImportRowError[]; counts: ImportCounts; changes: { personId: string; kind: ChangeKind; effectiveDate: string }[] }> {
    await this.repo.lockForImport();
    const referenced = unique([...rows.map((r) => r.residentCode), ...rows.flatMap((r) => (r.family ?? []).map((f) => f.residentCode))]);
    const existing = new Map((await this.repo.personsByResidentCodes(referenced)).map((p) => [p.resident_code, p]));
    const households = new Map((await this.repo.householdsByCodes(unique(rows.map((r) => r.householdCode)))).map((h) => [h.household_code, h]));
    const prior = new Map((await this.repo.householdsByIds(unique([...existing.values()].map((p) => p.household_id)))).map((h) => [h.id, h]));

    const plans = rows.flatMap((row) => this.plan(row, existing.get(row.residentCode)) ?? []);
    const moved = await this.placeHouseholds(plans, households);
    const { persons, touched, rowsByHousehold, changedRows } = await this.writePersons(plans, households, prior);
    const ids = new Map([
      ...[...existing.values()].map((p) => [p.resident_code, p.id] as const),
      ...persons.map((p) => [p.resident_code, p.id] as const),
    ]);
    await this.followHousehold(moved, new Set(rows.map((r) => r.residentCode)));
    for (const row of await this.writeFamilyLinks(plans, ids)) changedRows.add(row);
    await this.repo.insertChanges(this.changes);
    await this.checkHeads(touched, rowsByHousehold);

    const created = plans.filter((p) => !p.before).length;
    const updated = plans.filter((p) => p.before && changedRows.has(p.row)).length;
    return {
      errors: this.errors,
      counts: { created, updated, unchanged: plans.length - created - updated, changesRecorded: this.changes.length },
      changes: this.changes.map((c) => ({ personId: c.person_id, kind: c.kind, effectiveDate: c.effective_date })),
    };
  }

  /** The status the row leads to, and the change it declares that the register has not recorded yet. */
  private plan(row: ImportRow, before: PersonRow | undefined): Plan | undefined {
    const change = row.change;
    if (!before) {
      return { row, before, status: change === 'move_out' ? 'moved_out' : change === 'death' ? 'deceased' : 'resident', declared: change };
    }
    switch (before.status) {
      case 'resident':
        if (change === 'move_out') return { row, before, status: 'moved_out', declared: change };
        if (change === 'death') return { row, before, status: 'deceased', declared: change };
        return { row, before, status: 'resident', declared: null }; // 転入 / 出生 already on record
      case 'moved_out':
        if (change === 'move_in') return { row, before, status: 'resident', declared: change };
        if (change === 'death') return { row, before, status: 'deceased', declared: change };
        if (change === 'move_out') return { row, before, status: 'moved_out', declared: null };
        this.fail(
          row,
          'change',
          'this person has moved out of the city; write 転入 in 異動 to record a return',
          'この人は転出済みです。戻った場合は異動に「転入」と書いてください',
          row.change ? CHANGE_KIND_LABELS[row.change].ja : '',
        );
        return undefined;
      case 'deceased':
        if (change === 'death') return { row, before, status: 'deceased', declared: null };
        this.fail(
          row,
          'change',
          'this person is recorded as deceased; only a row saying 死亡 may name them',
          'この人は死亡として記録されています（異動「死亡」の行のみ書けます）',
          row.change ? CHANGE_KIND_LABELS[row.change].ja : '',
        );
        return undefined;
    }
  }

  /** Creates new households and moves those whose resident rows give a new address; returns the moved ones. */
  private async placeHouseholds(plans: readonly Plan[], households: Map<string, HouseholdRow>): Promise<HouseholdRow[]> {
    const groups = new Map<string, Plan[]>();
    for (const plan of plans) addTo(groups, plan.row.householdCode, plan);
    const created: HouseholdRow[] = [];
    const moved: HouseholdRow[] = [];
    for (const [code, group] of groups) {
      const residents = group.filter((p) => p.status === 'resident');
      const lead = (residents[0] ?? group[0])?.row;
      if (!lead) continue;
      const current = households.get(code);
      if (!current) {
        const household = {
          id: uuidv7(),
          household_code: code,
          head_person_id: null,
          district_id: lead.districtId,
          banchi: lead.banchi,
          building: lead.building ?? null,
        };
        created.push(household);
        households.set(code, household);
        continue;
      }
      const building = lead.building === undefined ? current.building : lead.building;
      if (residents.length > 0 && (current.district_id !== lead.districtId || current.banchi !== lead.banchi || current.building !== building)) {
        const next = { ...current, district_id: lead.districtId, banchi: lead.banchi, building };
        await this.repo.moveHousehold(current.id, next);
        households.set(code, next);
        moved.push(next);
      }
    }
    await this.repo.insertHouseholds(created);
    return moved;
  }

  private desired(plan: Plan, household: HouseholdRow): PersonRow {
    const { row, before } = plan;
    // A resident lives at the household's address; a former resident keeps the last one the row gives.
    const home =
      plan.status === 'resident'
        ? { district_id: household.district_id, banchi: household.banchi, building: household.building }
        : { district_id: row.districtId, banchi: row.banchi, building: row.building === undefined ? (before?.building ?? null) : row.building };
    return {
      id: before?.id ?? uuidv7(),
      resident_code: row.residentCode,
      family_name: row.familyName,
      given_name: row.givenName,
      family_name_kana: row.familyNameKana,
      given_name_kana: row.givenNameKana,
      birth_date: row.birthDate,
      sex: row.sex,
      ...home,
      household_id: household.id,
      relationship: row.relationship,
      phone: row.phone === undefined ? (before?.phone ?? null) : row.phone,
      email: row.email === undefined ? (before?.email ?? null) : row.email,
      status: plan.status,
      support_needed: row.support ? row.support.needed : (before?.support_needed ?? false),
      support_categories: row.support ? row.support.categories : (before?.support_categories ?? []),
      support_reason: row.support ? row.support.reason : (before?.support_reason ?? null),
    };
  }

  private async writePersons(plans: readonly Plan[], households: ReadonlyMap<string, HouseholdRow>, prior: ReadonlyMap<string, HouseholdRow>) {
    const persons: PersonRow[] = [];
    const created: PersonRow[] = [];
    const touched = new Set<string>();
    const rowsByHousehold = new Map<string, ImportRow[]>();
    const changedRows = new Set<ImportRow>();
    for (const plan of plans) {
      const { row, before } = plan;
      const household = households.get(row.householdCode);
      if (!household) continue; // placeHouseholds made one for every code
      const person = this.desired(plan, household);
      persons.push(person);
      touched.add(household.id);
      addTo(rowsByHousehold, household.id, row);
      const context = { householdCode: household.household_code, address: this.address(person) };
      if (!before) {
        created.push(person);
        if (plan.declared) this.record(person, plan.declared, row, context);
        continue;
      }
      if (before.household_id !== household.id) {
        touched.add(before.household_id);
        addTo(rowsByHousehold, before.household_id, row);
      }
      if (plan.declared) {
        this.record(person, plan.declared, row, context);
      } else if (before.status === 'resident' && plan.status === 'resident') {
        if (before.household_id !== household.id) {
          this.record(person, 'household_change', row, {
            from: prior.get(before.household_id)?.household_code ?? null,
            to: household.household_code,
          });
        }
        if (this.address(before) !== this.address(person))
          this.record(person, 'address_change', row, { from: this.address(before), to: this.address(person) });
      }
      const patch = Object.fromEntries(COMPARED.filter((field) => !same(before[field], person[field])).map((field) => [field, person[field]]));
      if (Object.keys(patch).length > 0) {
        changedRows.add(row);
        await this.repo.updatePerson(person.id, patch);
      }
    }
    await this.repo.insertPersons(created);
    return { persons, touched, rowsByHousehold, changedRows };
  }

  /** Members of a household that moved, not named in the file, move with it. */
  private async followHousehold(moved: readonly HouseholdRow[], inFile: ReadonlySet<string>) {
    const homes = new Map(moved.map((h) => [h.id, h]));
    for (const member of await this.repo.membersOf([...homes.keys()], 'resident')) {
      const home = homes.get(member.household_id);
      if (!home || inFile.has(member.resident_code)) continue;
      const next = { ...member, district_id: home.district_id, banchi: home.banchi, building: home.building };
      if (this.address(member) === this.address(next)) continue;
      await this.repo.updatePerson(member.id, { district_id: home.district_id, banchi: home.banchi, building: home.building });
      this.record(next, 'address_change', undefined, { from: this.address(member), to: this.address(next), household: home.household_code });
    }
  }

  /** Makes each listed person's links (the ones their row owns) match the row; returns the rows whose links changed. */
  private async writeFamilyLinks(plans: readonly Plan[], ids: ReadonlyMap<string, string>): Promise<ImportRow[]> {
    const listing = plans.filter((p) => p.row.family !== undefined);
    const current = new Map<string, FamilyLinkRow[]>();
    for (const link of await this.repo.familyLinksFrom(listing.flatMap((p) => (p.before ? [p.before.id] : [])))) addTo(current, link.person_id, link);
    const inserts: FamilyLinkRow[] = [];
    const changed: ImportRow[] = [];
    for (const { row } of listing) {
      const personId = ids.get(row.residentCode);
      if (!personId) continue;
      const wanted = new Map<string, FamilyLinkRow>();
      for (const link of row.family ?? []) {
        const related = ids.get(link.residentCode);
        if (related) wanted.set(related, { person_id: personId, related_person_id: related, relation: link.relation });
        else if (!this.settings.fileCodes.has(link.residentCode)) {
          this.fail(
            row,
            'family',
            `no person has resident code ${link.residentCode}`,
            `住民票コード ${link.residentCode} の人がいません`,
            link.residentCode,
          );
        }
      }
      const have = current.get(personId) ?? [];
      const gone = have.filter((link) => !wanted.has(link.related_person_id)).map((link) => link.related_person_id);
      await this.repo.deleteFamilyLinks(personId, gone);
      let differs = gone.length > 0;
      for (const link of wanted.values()) {
        const old = have.find((h) => h.related_person_id === link.related_person_id);
        if (!old) inserts.push(link);
        else if (old.relation !== link.relation) await this.repo.setFamilyLinkRelation(personId, link.related_person_id, link.relation);
        differs ||= !old || old.relation !== link.relation;
      }
      if (differs) changed.push(row);
    }
    await this.repo.insertFamilyLinks(inserts);
    return changed;
  }

  /** Every household the import touched must end with exactly one resident 世帯主 (or no residents). */
  private async checkHeads(touched: ReadonlySet<string>, rowsByHousehold: ReadonlyMap<string, ImportRow[]>) {
    await this.repo.syncHeads([...touched]);
    for (const count of await this.repo.headCounts([...touched])) {
      if (count.residents === 0 || count.heads === 1 || this.settings.invalidHouseholds.has(count.household_code)) continue;
      const rows = rowsByHousehold.get(count.id) ?? [];
      const heads = rows.filter((row) => row.relationship === 'head' && row.householdCode === count.household_code);
      for (const row of count.heads > 1 && heads.length > 0 ? heads : rows) {
        if (count.heads === 0) {
          this.fail(
            row,
            'relationship',
            `household ${count.household_code} would be left without a resident 世帯主`,
            `世帯 ${count.household_code} に世帯主がいなくなります`,
            RELATIONSHIP_LABELS[row.relationship].ja,
          );
        } else {
          this.fail(
            row,
            'relationship',
            `household ${count.household_code} would have ${count.heads} 世帯主; it has exactly one`,
            `世帯 ${count.household_code} の世帯主が ${count.heads} 人になります（一人だけです）`,
            RELATIONSHIP_LABELS[row.relationship].ja,
          );
        }
      }
    }
  }
}
