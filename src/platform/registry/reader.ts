import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import {
  FAMILY_RELATION_LABELS,
  INVERSE_FAMILY_RELATION,
  RELATIONSHIP_LABELS,
  SUPPORT_CATEGORY_LABELS,
  type FamilyRelation,
  type PersonStatus,
  type Relationship,
  type Sex,
  type SupportCategory,
} from './codes.ts';
import { RegistryError } from './errors.ts';
import { formatStreetAddress, isHiraganaReading, isIsoDate, normalizeBanchi, toHiragana } from './japanese.ts';
import { RegistryRepository } from './repository.ts';
import { ResidentRepository } from './resident-repository.ts';
import type { DistrictRow, MunicipalityRow, PersonRow } from './tables.ts';

/** For services that know a person only by gender, age group and home town (tourism). */
export type BasicAttributes = {
  gender: Sex;
  birthYear: number;
  /** Where the person is registered as living; null once they moved out or died. */
  municipality: { code: string; name: string; prefecture: string } | null;
};

/** 基本4情報: name, address, date of birth, sex. */
export type BasicFour = {
  /** 「会津 太郎」: family name, a space, given name. */
  name: string;
  /** Reading in hiragana, spaced like the name: 「あいづ たろう」. */
  nameKana: string;
  /** Full address: 福島県会津若松市 + 町名 + 番地, then the building after a space. */
  address: string;
  birthDate: string;
  sex: Sex;
};

export type Contact = { phone: string | null; email: string | null };

export type HouseholdMember = {
  personId: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: Sex;
  relationship: Relationship;
  /** 続柄 as the 住民票 writes it: 世帯主, 妻, 子 … */
  relationshipLabel: string;
};

/** 世帯情報: the household the person belongs to, with its resident members, 世帯主 first. */
export type HouseholdInfo = { householdCode: string; address: string; headPersonId: string | null; members: HouseholdMember[] };

/** A relative recorded outside the household: "relation" is what they are to the person asked about. */
export type FamilyMember = {
  personId: string;
  name: string;
  nameKana: string;
  relation: FamilyRelation;
  relationLabel: string;
  livesInCity: boolean;
};

/** 避難行動要支援者: whether the person needs help to evacuate, and why. */
export type SupportStatus = { needed: boolean; categories: SupportCategory[]; categoryLabels: string[]; reason: string | null };

export type Residency = { status: PersonStatus; householdCode: string };

/** The outcome of identity matching: a person id only when exactly one resident matches. */
export type PersonMatch = { outcome: 'matched'; personId: string } | { outcome: 'not_found' } | { outcome: 'ambiguous'; count: number };

export type City = { municipality: MunicipalityRow; districts: ReadonlyMap<string, DistrictRow> };

/** 福島県会津若松市 + 町名 + 番地, then the building after a space. */
export function fullAddress(city: City, p: Pick<PersonRow, 'district_id' | 'banchi' | 'building'>): string {
  const { municipality, districts } = city;
  return `${municipality.prefecture_ja}${municipality.name_ja}${formatStreetAddress(districts.get(p.district_id)?.name ?? '', p.banchi, p.building)}`;
}

export const fullName = (p: Pick<PersonRow, 'family_name' | 'given_name'>) => `${p.family_name} ${p.given_name}`;
export const fullKana = (p: Pick<PersonRow, 'family_name_kana' | 'given_name_kana'>) => `${p.family_name_kana} ${p.given_name_kana}`;

/**
 * Read access to the registry, one category of personal data per method, as plain typed
 * objects. The consent-gated linkage layer calls it; nothing here checks consent, so
 * nothing outside the platform may call it directly. Unknown ids throw `person_not_found`.
 */
export class RegistryReader {
  private readonly residents: ResidentRepository;
  private readonly registry: RegistryRepository;

  constructor(db: Kysely<NoTables>) {
    this.residents = new ResidentRepository(db);
    this.registry = new RegistryRepository(db);
  }

  /** The municipality and its districts (a few hundred rows; read per call so a new district shows at once). */
  async city(): Promise<City> {
    const municipality = await this.registry.municipality();
    if (!municipality) throw new RegistryError('municipality_not_configured');
    const districts = await this.registry.allDistricts(municipality.code);
    return { municipality, districts: new Map(districts.map((d) => [d.id, d])) };
  }

  private async person(personId: string): Promise<PersonRow> {
    const row = /^[0-9a-f-]{36}$/i.test(personId) ? await this.residents.personById(personId) : undefined;
    if (!row) throw new RegistryError('person_not_found', `No person ${personId} in the registry.`);
    return row;
  }

  /** 福島県会津若松市 + street address. */
  private async fullAddress(p: Pick<PersonRow, 'district_id' | 'banchi' | 'building'>): Promise<string> {
    return fullAddress(await this.city(), p);
  }

  async basicAttributes(personId: string): Promise<BasicAttributes> {
    const p = await this.person(personId);
    const { municipality } = await this.city();
    return {
      gender: p.sex,
      birthYear: Number(p.birth_date.slice(0, 4)),
      municipality: p.status === 'resident' ? { code: municipality.code, name: municipality.name_ja, prefecture: municipality.prefecture_ja } : null,
    };
  }

  async basicFour(personId: string): Promise<BasicFour> {
    const p = await this.person(personId);
    return { name: fullName(p), nameKana: fullKana(p), address: await this.fullAddress(p), birthDate: p.birth_date, sex: p.sex };
  }

  async contact(personId: string): Promise<Contact> {
    const p = await this.person(personId);
    return { phone: p.phone, email: p.email };
  }

  async residency(personId: string): Promise<Residency> {
    const p = await this.person(personId);
    const [household] = await this.residents.householdsByIds([p.household_id]);
    return { status: p.status, householdCode: household?.household_code ?? '' };
  }

  async household(personId: string): Promise<HouseholdInfo> {
    const p = await this.person(personId);
    const [household] = await this.residents.householdsByIds([p.household_id]);
    if (!household) throw new RegistryError('person_not_found', `Person ${personId} has no household.`);
    const members = await this.residents.membersOf([household.id], 'resident');
    return {
      householdCode: household.household_code,
      address: await this.fullAddress(household),
      headPersonId: household.head_person_id,
      members: members.map((m) => ({
        personId: m.id,
        name: fullName(m),
        nameKana: fullKana(m),
        birthDate: m.birth_date,
        sex: m.sex,
        relationship: m.relationship,
        relationshipLabel: RELATIONSHIP_LABELS[m.relationship].ja,
      })),
    };
  }

  async family(personId: string): Promise<FamilyMember[]> {
    await this.person(personId);
    const links = await this.residents.familyLinksOf(personId);
    // A link is written by one side; seen from the other side its relation is inverted.
    const relations = new Map<string, FamilyRelation>();
    for (const link of links) {
      if (link.person_id === personId) relations.set(link.related_person_id, link.relation);
    }
    for (const link of links) {
      if (link.related_person_id === personId && !relations.has(link.person_id))
        relations.set(link.person_id, INVERSE_FAMILY_RELATION[link.relation]);
    }
    const relatives = await this.residents.personsByIds([...relations.keys()]);
    return relatives.flatMap((r) => {
      const relation = relations.get(r.id);
      if (!relation) return [];
      return [
        {
          personId: r.id,
          name: fullName(r),
          nameKana: fullKana(r),
          relation,
          relationLabel: FAMILY_RELATION_LABELS[relation].ja,
          livesInCity: r.status === 'resident',
        },
      ];
    });
  }

  async supportNeeded(personId: string): Promise<SupportStatus> {
    const p = await this.person(personId);
    return {
      needed: p.support_needed,
      categories: p.support_categories,
      categoryLabels: p.support_categories.map((c) => SUPPORT_CATEGORY_LABELS[c].ja),
      reason: p.support_reason,
    };
  }

  /** The person with this 住民票コード, resident or not. */
  async findByResidentCode(residentCode: string): Promise<string | undefined> {
    const code = residentCode.normalize('NFKC').trim();
    if (!/^[0-9]{11}$/.test(code)) return undefined;
    const [row] = await this.residents.personsByResidentCodes([code]);
    return row?.id;
  }

  /**
   * The resident with this reading and date of birth, when exactly one has them (the demo
   * card verifier's check; a real card also proves the address).
   */
  async matchByReadingAndBirthDate(claim: { familyNameKana: string; givenNameKana: string; birthDate: string }): Promise<PersonMatch> {
    const reading = toHiragana(`${claim.familyNameKana}${claim.givenNameKana}`).replace(/[\s\u3000]+/g, '');
    if (!isHiraganaReading(reading) || !isIsoDate(claim.birthDate)) return { outcome: 'not_found' };
    const matches = (await this.residents.byReadingAndBirthDate(reading, claim.birthDate)).filter((p) => p.status === 'resident');
    const [only] = matches;
    if (matches.length === 1 && only) return { outcome: 'matched', personId: only.id };
    return matches.length === 0 ? { outcome: 'not_found' } : { outcome: 'ambiguous', count: matches.length };
  }

  /**
   * Identity verification: the resident whose reading, date of birth and address all match.
   * The reading may be hiragana or katakana, spaced or not; the address may start with the
   * prefecture and city and be written 「1丁目2番3号」 or 「1-2-3」, with or without the building.
   */
  async matchPerson(claim: { nameKana: string; birthDate: string; address: string }): Promise<PersonMatch> {
    const reading = toHiragana(claim.nameKana).replace(/[\s\u3000]+/g, '');
    if (!isHiraganaReading(reading) || !isIsoDate(claim.birthDate)) return { outcome: 'not_found' };
    const { municipality, districts } = await this.city();
    let typed = normalizeBanchi(claim.address);
    for (const prefix of [municipality.prefecture_ja, municipality.name_ja].map(normalizeBanchi)) {
      if (typed.startsWith(prefix)) typed = typed.slice(prefix.length);
    }
    const candidates = await this.residents.byReadingAndBirthDate(reading, claim.birthDate);
    const matches = candidates.filter((p) => {
      if (p.status !== 'resident') return false;
      const street = `${districts.get(p.district_id)?.name ?? ''}${p.banchi}`;
      return typed === normalizeBanchi(street) || (p.building !== null && typed === normalizeBanchi(`${street}${p.building}`));
    });
    const [only] = matches;
    if (matches.length === 1 && only) return { outcome: 'matched', personId: only.id };
    return matches.length === 0 ? { outcome: 'not_found' } : { outcome: 'ambiguous', count: matches.length };
  }
}
