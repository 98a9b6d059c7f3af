import { uuidv7 } from '@lib/ids.ts';
import type { ChangeKind, PersonStatus } from '../codes.ts';
import { formatStreetAddress } from '../japanese.ts';
import type { DistrictRow, FamilyLinkRow, HouseholdRow, NewPersonChange, PersonRow } from '../tables.ts';
import { FIXED_HOUSEHOLDS, FIXED_LINKS, type FixedHousehold } from './fixed-people.ts';
import { HOUSEHOLD_SHARES, planHousehold, type HouseholdKind, type MemberPlan } from './households.ts';
import { BUILDINGS, GIVEN_NAMES_BY_ERA, SURNAMES, type NameEntry } from './names.ts';
import { Random, RankedPicker } from './random.ts';
import { romaji } from './romaji.ts';
import { assignSupport } from './support.ts';

/** The day the demo city's ages are counted on (a census day). */
export const DEMO_REFERENCE_DATE = '2025-10-01';
/** Residents the generator makes at least. */
export const DEMO_RESIDENT_TARGET = 5200;

export type DemoRegistry = { households: HouseholdRow[]; persons: PersonRow[]; changes: NewPersonChange[]; links: FamilyLinkRow[] };

const DAY = 86_400_000;
const toDate = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const yearsBefore = (iso: string, years: number) => `${String(Number(iso.slice(0, 4)) - years).padStart(4, '0')}${iso.slice(4)}`;
const RURAL = /大字|^(北会津町|河東町|大戸町|湊町|東山町|高野町|神指町|町北町|門田町|一箕町)/;
// The part after 0242 or 090/080 starts with 0, which is never a subscriber's number: no demo number reaches anyone.
const EXCHANGES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'];

type AddressStyle = 'ban' | 'chome' | 'banchi';

/** Builds the synthetic resident registry of the demo city from a fixed seed. */
class DemoCity {
  readonly out: DemoRegistry = { households: [], persons: [], changes: [], links: [] };
  readonly kinds = new Map<string, HouseholdKind>();
  private readonly random: Random;
  private readonly surnames = new RankedPicker(SURNAMES, 0.8);
  private readonly districts: readonly (readonly [DistrictRow, number])[];
  private readonly styles = new Map<string, AddressStyle>();
  private readonly buildingSites = new Map<string, string>();
  private readonly residentCodes = new Set<string>();
  private readonly byName: Map<string, DistrictRow>;
  private readonly byId: Map<string, DistrictRow>;
  private householdCount = 0;
  /** Persons living in the city so far. */
  residents = 0;

  constructor(districts: readonly DistrictRow[], seed: number) {
    this.random = new Random(seed);
    this.byName = new Map(districts.map((d) => [d.name, d]));
    this.byId = new Map(districts.map((d) => [d.id, d]));
    this.districts = districts.map((d) => {
      const rural = RURAL.test(d.name);
      this.styles.set(d.id, rural ? 'banchi' : this.random.chance(0.4) ? 'chome' : 'ban');
      return [d, rural ? 0.4 + this.random.next() * 0.8 : 1 + this.random.next() * 1.5] as const;
    });
  }

  private birthDate(age: number): string {
    const latest = toDate(yearsBefore(DEMO_REFERENCE_DATE, age));
    const earliest = toDate(yearsBefore(DEMO_REFERENCE_DATE, age + 1)) + DAY;
    return toIso(earliest + Math.floor(this.random.next() * ((latest - earliest) / DAY + 1)) * DAY);
  }

  private between(from: string, to: string): string {
    const start = toDate(from);
    return toIso(start + Math.floor(this.random.next() * ((toDate(to) - start) / DAY + 1)) * DAY);
  }

  private givenName(sex: 'male' | 'female', birthDate: string): NameEntry {
    const year = Number(birthDate.slice(0, 4));
    const era = GIVEN_NAMES_BY_ERA.find((e) => year <= e.bornUntil) ?? GIVEN_NAMES_BY_ERA[GIVEN_NAMES_BY_ERA.length - 1];
    if (!era) throw new Error('no given names');
    return this.random.pick(era.names[sex]);
  }

  private residentCode(): string {
    for (;;) {
      const code = `9${this.random.int(1, 9)}${String(this.random.int(0, 999_999_999)).padStart(9, '0')}`;
      if (!this.residentCodes.has(code)) {
        this.residentCodes.add(code);
        return code;
      }
    }
  }

  private phoneDigits = () => String(this.random.int(0, 9999)).padStart(4, '0');
  private landline = () => `0242-${this.random.pick(EXCHANGES)}-${this.phoneDigits()}`;
  private mobile = () => `0${this.random.pick(['90', '80', '70'])}-0${String(this.random.int(0, 999)).padStart(3, '0')}-${this.phoneDigits()}`;

  private address(kind: HouseholdKind, members: readonly MemberPlan[]): { district: DistrictRow; banchi: string; building: string | null } {
    const district = this.random.weighted(this.districts);
    const young = members.every((m) => m.age < 65);
    const inFlat = this.random.chance(kind === 'single' && young ? 0.5 : kind === 'couple' && young ? 0.35 : kind === 'family' ? 0.12 : 0.03);
    if (inFlat) {
      const name = this.random.pick(BUILDINGS);
      const key = `${district.id}/${name}`;
      const banchi = this.buildingSites.get(key) ?? this.banchi(district);
      this.buildingSites.set(key, banchi);
      return { district, banchi, building: `${name} ${this.random.int(1, 4)}0${this.random.int(1, 8)}` };
    }
    return { district, banchi: this.banchi(district), building: null };
  }

  private banchi(district: DistrictRow): string {
    const r = this.random;
    switch (this.styles.get(district.id) ?? 'ban') {
      case 'ban':
        return `${r.int(1, 12)}-${r.int(1, 60)}`;
      case 'chome':
        return `${r.int(1, 4)}-${r.int(1, 25)}-${r.int(1, 30)}`;
      case 'banchi':
        return r.chance(0.7) ? `${r.int(1, 2500)}番地` : `${r.int(1, 2500)}-${r.int(1, 9)}`;
    }
  }

  private household(code: string, home: { district: DistrictRow; banchi: string; building: string | null }): HouseholdRow {
    const household = {
      id: uuidv7(),
      household_code: code,
      head_person_id: null,
      district_id: home.district.id,
      banchi: home.banchi,
      building: home.building,
    };
    this.out.households.push(household);
    return household;
  }

  private change(person: PersonRow, kind: ChangeKind, date: string, household: HouseholdRow) {
    const address = formatStreetAddress(this.byId.get(household.district_id)?.name ?? '', household.banchi, household.building);
    this.out.changes.push({
      id: uuidv7(),
      person_id: person.id,
      kind,
      effective_date: date,
      details: { householdCode: household.household_code, address, source: 'demo_seed' },
    });
  }

  private person(
    household: HouseholdRow,
    fields: Omit<
      PersonRow,
      'id' | 'district_id' | 'banchi' | 'building' | 'household_id' | 'support_needed' | 'support_categories' | 'support_reason'
    >,
  ) {
    const person: PersonRow = {
      id: uuidv7(),
      ...fields,
      district_id: household.district_id,
      banchi: household.banchi,
      building: household.building,
      household_id: household.id,
      support_needed: false,
      support_categories: [],
      support_reason: null,
    };
    this.out.persons.push(person);
    if (person.status === 'resident') this.residents++;
    return person;
  }

  /** One generated household with its members, and sometimes a member who died or moved away. */
  addGenerated(): void {
    const r = this.random;
    const kind = r.weighted(HOUSEHOLD_SHARES);
    const plans = planHousehold(r, kind);
    const home = this.address(kind, plans);
    const household = this.household(String(90_100_000 + ++this.householdCount), home);
    this.kinds.set(household.id, kind);
    const surname = this.surnames.pick(r);
    const landline = r.chance(plans.some((m) => m.age >= 60) ? 0.85 : 0.25) ? this.landline() : null;
    const moveIn = r.chance(0.04) ? this.between(yearsBefore(DEMO_REFERENCE_DATE, 3), DEMO_REFERENCE_DATE) : undefined;

    const add = (plan: MemberPlan, status: PersonStatus = 'resident') => {
      const birthDate = this.birthDate(plan.age);
      const [family, familyKana] = plan.ownSurname ? this.surnames.pick(r) : surname;
      const [given, givenKana] = this.givenName(plan.sex, birthDate);
      const mobile = r.chance(plan.age < 13 ? 0 : plan.age < 18 ? 0.6 : plan.age < 65 ? 0.95 : plan.age < 80 ? 0.7 : 0.25) ? this.mobile() : null;
      const email = r.chance(plan.age >= 18 && plan.age < 65 ? 0.4 : plan.age >= 65 && plan.age < 80 ? 0.12 : 0)
        ? `${romaji(givenKana)}.${romaji(familyKana)}${r.int(1, 99)}@example.${r.pick(['com', 'net', 'org'])}`
        : null;
      return this.person(household, {
        resident_code: this.residentCode(),
        family_name: family,
        given_name: given,
        family_name_kana: familyKana,
        given_name_kana: givenKana,
        birth_date: birthDate,
        sex: plan.sex,
        relationship: plan.relationship,
        phone: mobile ?? (plan.age >= 18 ? landline : null),
        email,
        status,
      });
    };

    const threeYearsAgo = yearsBefore(DEMO_REFERENCE_DATE, 3);
    for (const plan of plans) {
      const person = add(plan);
      if (moveIn && person.birth_date < moveIn) this.change(person, 'move_in', moveIn, household);
      else if (person.birth_date >= threeYearsAgo) this.change(person, 'birth', person.birth_date, household);
    }
    const head = plans[0];
    if (kind === 'single' && head && head.age >= 70 && r.chance(0.35)) {
      // A widow or widower: the spouse's record stays, closed by death.
      const widow = head.sex === 'female';
      const spouse = add(
        {
          relationship: widow ? 'head' : 'wife',
          sex: widow ? 'male' : 'female',
          age: Math.min(101, head.age + (widow ? r.int(0, 6) : -r.int(0, 5))),
        },
        'deceased',
      );
      this.change(spouse, 'death', this.between(yearsBefore(DEMO_REFERENCE_DATE, 12), DEMO_REFERENCE_DATE), household);
    }
    if (kind === 'family' && head && head.age >= 48 && r.chance(0.35)) {
      // A grown child who left for university or work elsewhere.
      const child = add({ relationship: 'child', sex: r.chance(0.5) ? 'male' : 'female', age: r.int(19, 30) }, 'moved_out');
      const from =
        yearsBefore(child.birth_date, -18) > yearsBefore(DEMO_REFERENCE_DATE, 10)
          ? yearsBefore(child.birth_date, -18)
          : yearsBefore(DEMO_REFERENCE_DATE, 10);
      this.change(child, 'move_out', this.between(from, DEMO_REFERENCE_DATE), household);
    }
  }

  addFixed(spec: FixedHousehold): void {
    const district = this.byName.get(spec.district);
    if (!district) throw new Error(`demo district ${spec.district} is missing`);
    const household = this.household(spec.code, { district, banchi: spec.banchi, building: spec.building ?? null });
    this.kinds.set(household.id, 'other');
    for (const member of spec.members) {
      this.residentCodes.add(member.residentCode);
      const person = this.person(household, {
        resident_code: member.residentCode,
        family_name: member.name[0],
        given_name: member.name[1],
        family_name_kana: member.kana[0],
        given_name_kana: member.kana[1],
        birth_date: member.birthDate,
        sex: member.sex,
        relationship: member.relationship,
        phone: member.phone ?? null,
        email: member.email ?? null,
        status: member.status ?? 'resident',
      });
      if (member.support)
        Object.assign(person, { support_needed: true, support_categories: member.support.categories, support_reason: member.support.reason });
      if (member.change) this.change(person, member.change.kind, member.change.date, household);
    }
  }

  /** Elderly people living alone or as a couple often have a grown child elsewhere in the city. */
  linkFamilies(): void {
    const r = this.random;
    const byId = new Map(this.out.households.map((h) => [h.id, h]));
    const sons = new Map<string, PersonRow[]>();
    const daughters: PersonRow[] = [];
    for (const p of this.out.persons) {
      if (p.status !== 'resident' || p.resident_code.startsWith('90')) continue;
      if (p.relationship === 'head' && p.sex === 'male') sons.set(p.family_name, [...(sons.get(p.family_name) ?? []), p]);
      if (p.relationship === 'wife') daughters.push(p);
    }
    const age = (p: PersonRow) => Number(DEMO_REFERENCE_DATE.slice(0, 4)) - Number(p.birth_date.slice(0, 4));
    for (const elder of this.out.persons) {
      const kind = this.kinds.get(elder.household_id);
      if (
        elder.status !== 'resident' ||
        elder.relationship !== 'head' ||
        (kind !== 'single' && kind !== 'couple') ||
        age(elder) < 70 ||
        !r.chance(0.45)
      )
        continue;
      const fits = (p: PersonRow) => p.household_id !== elder.household_id && age(elder) - age(p) >= 22 && age(elder) - age(p) <= 40;
      const son = (sons.get(elder.family_name) ?? []).filter(fits);
      const daughter = son.length > 0 ? [] : daughters.filter(fits);
      const child = son.length > 0 ? r.pick(son) : daughter.length > 0 && r.chance(0.5) ? r.pick(daughter) : undefined;
      if (child && byId.has(child.household_id)) this.out.links.push({ person_id: elder.id, related_person_id: child.id, relation: 'child' });
    }
  }
}

/**
 * The demo city's residents: the fixed people of docs/registry.md, then generated households
 * until there are DEMO_RESIDENT_TARGET residents. Same seed, same city (ids aside).
 */
export function generateDemoRegistry(districts: readonly DistrictRow[], seed = 20_231_001): DemoRegistry {
  const city = new DemoCity(districts, seed);
  for (const spec of FIXED_HOUSEHOLDS) city.addFixed(spec);
  while (city.residents < DEMO_RESIDENT_TARGET) city.addGenerated();
  city.linkFamilies();
  const ids = new Map(city.out.persons.map((p) => [p.resident_code, p.id]));
  for (const [from, to, relation] of FIXED_LINKS) {
    const personId = ids.get(from);
    const relatedId = ids.get(to);
    if (personId && relatedId) city.out.links.push({ person_id: personId, related_person_id: relatedId, relation });
  }
  assignSupport(city.out, city.kinds, new Random(seed + 1), DEMO_REFERENCE_DATE);
  return city.out;
}
