import type { ColumnType, Generated } from 'kysely';
import type { ChangeKind, FamilyRelation, PersonStatus, Relationship, Sex, SupportCategory } from './codes.ts';

/**
 * A `date` column: written as `YYYY-MM-DD`; the drivers hand a raw read back as a Date at
 * UTC midnight, so repositories select it through `dateText` instead.
 */
type DateColumn = ColumnType<Date, string, string>;

export type MunicipalityTable = {
  code: string;
  prefecture_ja: string;
  prefecture_en: string;
  name_ja: string;
  name_en: string;
  name_kana: string;
  created_at: Generated<Date>;
};

export type DistrictTable = {
  id: string;
  municipality_code: string;
  name: string;
  name_kana: string;
  created_at: Generated<Date>;
};

export type HouseholdTable = {
  id: string;
  household_code: string;
  head_person_id: string | null;
  district_id: string;
  banchi: string;
  building: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type PersonTable = {
  id: string;
  resident_code: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  birth_date: DateColumn;
  sex: Sex;
  district_id: string;
  banchi: string;
  building: string | null;
  household_id: string;
  relationship: Relationship;
  phone: string | null;
  email: string | null;
  status: PersonStatus;
  support_needed: boolean;
  support_categories: SupportCategory[];
  support_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
};

export type FamilyLinkTable = {
  person_id: string;
  related_person_id: string;
  relation: FamilyRelation;
  created_at: Generated<Date>;
};

/** Append-only: rows are inserted, never updated or deleted (a trigger refuses both). */
export type PersonChangeTable = {
  id: string;
  person_id: string;
  kind: ChangeKind;
  effective_date: DateColumn;
  recorded_at: Generated<Date>;
  details: ColumnType<Record<string, unknown>, string, never>;
};

export type RegistryTables = {
  'registry.municipality': MunicipalityTable;
  'registry.district': DistrictTable;
  'registry.household': HouseholdTable;
  'registry.person': PersonTable;
  'registry.family_link': FamilyLinkTable;
  'registry.person_change': PersonChangeTable;
};

export type MunicipalityRow = Omit<MunicipalityTable, 'created_at'>;
export type DistrictRow = Omit<DistrictTable, 'created_at'>;
export type HouseholdRow = Omit<HouseholdTable, 'created_at' | 'updated_at'>;
/** A person as the registry holds it, dates as `YYYY-MM-DD`. */
export type PersonRow = Omit<PersonTable, 'created_at' | 'updated_at' | 'birth_date'> & { birth_date: string };
export type FamilyLinkRow = Omit<FamilyLinkTable, 'created_at'>;
export type PersonChangeRow = {
  id: string;
  person_id: string;
  kind: ChangeKind;
  effective_date: string;
  recorded_at: Date;
  details: Record<string, unknown>;
};
export type NewPersonChange = Omit<PersonChangeRow, 'recorded_at'>;
