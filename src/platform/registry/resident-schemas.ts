import { Type, type Static } from 'typebox';
import { FAMILY_RELATIONS, PERSON_STATUSES, RELATIONSHIPS, SEXES, SUPPORT_CATEGORIES, CHANGE_KINDS } from './codes.ts';

const oneOf = (values: readonly string[], description: string) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
const IsoDate = (description: string) => Type.String({ format: 'date', description, examples: ['1980-04-01'] });

const Sex = oneOf(SEXES, '性別 as the 住民票 records it: male (男) or female (女)');
const Status = oneOf(PERSON_STATUSES, 'resident, moved_out (転出) or deceased (死亡)');
const RelationshipCode = oneOf(RELATIONSHIPS, '続柄 code; relationshipLabel has the Japanese wording');

export const RegistryPerson = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    residentCode: Type.String({ pattern: '^[0-9]{11}$', description: '住民票コード (11 digits)' }),
    name: Type.String({ description: 'Family name, a space, given name', examples: ['会津 太郎'] }),
    nameKana: Type.String({ description: 'Reading in hiragana, spaced like the name', examples: ['あいづ たろう'] }),
    birthDate: IsoDate('生年月日'),
    sex: Sex,
    status: Status,
    householdCode: Type.String({ description: '世帯番号' }),
    relationship: RelationshipCode,
    relationshipLabel: Type.String({ description: '続柄: 世帯主, 妻, 子 …', examples: ['世帯主'] }),
    district: Type.String({ description: '町名', examples: ['追手町'] }),
    address: Type.String({ description: 'Full address', examples: ['福島県会津若松市追手町2-12'] }),
  },
  { $id: 'RegistryPerson', description: 'A person in the resident registry', additionalProperties: false },
);

export const RegistryPersonPage = Type.Object(
  {
    items: Type.Array(Type.Ref('RegistryPerson')),
    total: Type.Integer({ minimum: 0, description: 'Persons matching the query, across all pages' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { $id: 'RegistryPersonPage', additionalProperties: false },
);

const HouseholdMember = Type.Object(
  {
    personId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    nameKana: Type.String(),
    birthDate: IsoDate('生年月日'),
    sex: Sex,
    relationship: RelationshipCode,
    relationshipLabel: Type.String(),
  },
  { additionalProperties: false },
);

export const RegistryPersonRecord = Type.Object(
  {
    ...RegistryPerson.properties,
    contact: Type.Object(
      { phone: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false },
    ),
    support: Type.Object(
      {
        needed: Type.Boolean({ description: '避難行動要支援者' }),
        categories: Type.Array(oneOf(SUPPORT_CATEGORIES, 'Why support is needed')),
        categoryLabels: Type.Array(Type.String()),
        reason: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    household: Type.Object(
      {
        householdCode: Type.String(),
        address: Type.String(),
        headPersonId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
        members: Type.Array(HouseholdMember, { description: 'Resident members, 世帯主 first' }),
      },
      { additionalProperties: false },
    ),
    family: Type.Array(
      Type.Object(
        {
          personId: Type.String({ format: 'uuid' }),
          name: Type.String(),
          nameKana: Type.String(),
          relation: oneOf(FAMILY_RELATIONS, 'What the relative is to this person'),
          relationLabel: Type.String(),
          livesInCity: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
      { description: 'Relatives recorded outside the household' },
    ),
    changes: Type.Array(
      Type.Object(
        {
          kind: oneOf(CHANGE_KINDS, '異動'),
          kindLabel: Type.String({ examples: ['転居'] }),
          effectiveDate: IsoDate('The day the change took effect'),
          recordedAt: Type.String({ format: 'date-time' }),
          details: Type.Record(Type.String(), Type.Unknown()),
        },
        { additionalProperties: false },
      ),
      { description: 'Recorded changes, oldest first' },
    ),
  },
  { $id: 'RegistryPersonRecord', description: 'Everything the registry holds on one person', additionalProperties: false },
);

export const RegistryImportRowError = Type.Object(
  {
    row: Type.Integer({ minimum: 0, description: 'Line the row starts on; the header is 1 (0: the whole file)' }),
    column: Type.Union([Type.String(), Type.Null()], { description: 'Column as the header names it; null for the whole row' }),
    value: Type.Optional(Type.String()),
    message: Type.String(),
    messageJa: Type.String(),
  },
  { $id: 'RegistryImportRowError', additionalProperties: false },
);

export const RegistryImportReport = Type.Object(
  {
    rows: Type.Integer({ minimum: 0 }),
    created: Type.Integer({ minimum: 0 }),
    updated: Type.Integer({ minimum: 0 }),
    unchanged: Type.Integer({ minimum: 0 }),
    changesRecorded: Type.Integer({ minimum: 0, description: 'Changes (異動) written to the record' }),
    effectiveDate: IsoDate('Date given to the changes of rows without 異動日'),
    dryRun: Type.Boolean(),
    errors: Type.Array(Type.Ref('RegistryImportRowError')),
  },
  { $id: 'RegistryImportReport', additionalProperties: false },
);

export const PersonListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'Name (kanji), reading (hiragana or katakana) or 住民票コード' })),
    district: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '町名' })),
    status: Type.Optional(Status),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const PersonParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

export const ImportQuery = Type.Object(
  {
    effectiveDate: Type.Optional(IsoDate('Date of the changes the file records; today (Asia/Tokyo) when absent')),
    dryRun: Type.Boolean({ default: false, description: 'Check the file against the register and write nothing' }),
  },
  { additionalProperties: false },
);

export const residentSchemas = [RegistryPerson, RegistryPersonPage, RegistryPersonRecord, RegistryImportRowError, RegistryImportReport];

export type PersonListQueryType = Static<typeof PersonListQuery>;
export type RegistryPersonBody = Static<typeof RegistryPerson>;
