import { Type, type Static } from 'typebox';
import { residentSchemas } from './resident-schemas.ts';

const Localized = Type.Object(
  { ja: Type.String({ description: 'Japanese' }), en: Type.String({ description: 'English' }) },
  { $id: 'Localized', additionalProperties: false },
);

export const Municipality = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]{6}$', description: '全国地方公共団体コード (6 digits, with check digit)', examples: ['072028'] }),
    prefecture: Type.Ref('Localized'),
    name: Type.Ref('Localized'),
    nameKana: Type.String({ description: 'Reading in hiragana', examples: ['あいづわかまつし'] }),
  },
  { $id: 'Municipality', description: 'The city this Tsunagu installation serves', additionalProperties: false },
);

export const District = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String({ description: '町名 or 大字 as written in addresses', examples: ['追手町'] }),
    nameKana: Type.String({ description: 'Reading in hiragana', examples: ['おうてまち'] }),
  },
  { $id: 'District', description: 'A town (町) or 大字 of the municipality', additionalProperties: false },
);

export const DistrictPage = Type.Object(
  {
    items: Type.Array(Type.Ref('District')),
    total: Type.Integer({ minimum: 0, description: 'Districts matching the query, across all pages' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { $id: 'DistrictPage', additionalProperties: false },
);

export const DistrictListQuery = Type.Object(
  {
    prefix: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Start of the name or its hiragana reading' })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);

export const NewDistrict = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40, pattern: '^\\S(.*\\S)?$', description: '町名 or 大字, without surrounding spaces' }),
    nameKana: Type.String({ minLength: 1, maxLength: 80, pattern: '^[\\u3041-\\u3096\\u30FC]+$', description: 'Reading in hiragana only' }),
  },
  { additionalProperties: false },
);

/** Shared schemas the app registers once so routes can `$ref` them. */
export const registrySchemas = [Localized, Municipality, District, DistrictPage, ...residentSchemas];

export type MunicipalityBody = Static<typeof Municipality>;
export type DistrictBody = Static<typeof District>;
export type DistrictListQueryType = Static<typeof DistrictListQuery>;
export type NewDistrictBody = Static<typeof NewDistrict>;
