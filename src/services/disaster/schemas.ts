import { Type, type Static } from 'typebox';
import { HAZARD_IDS } from './hazards.ts';

/** The disaster service's HTTP shapes: validation, static types and the OpenAPI document in one. */

const L = Type.Object({ ja: Type.String(), en: Type.String() });
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const HazardId = Type.Union(
  [
    Type.Literal('flood'),
    Type.Literal('landslide'),
    Type.Literal('storm_surge'),
    Type.Literal('earthquake'),
    Type.Literal('tsunami'),
    Type.Literal('large_fire'),
    Type.Literal('inland_flood'),
    Type.Literal('volcano'),
  ],
  { description: `One of the eight hazards of the GSI files: ${HAZARD_IDS.join(', ')}`, examples: ['flood'] },
);
export const SafetyStatusId = Type.Union([Type.Literal('safe'), Type.Literal('injured'), Type.Literal('rescue')], {
  description: 'safe 無事 / injured けが / rescue 救助を求めます',
});
export const Latitude = Type.Number({ minimum: 20, maximum: 46, description: 'WGS84 latitude inside Japan', examples: [37.4945] });
export const Longitude = Type.Number({ minimum: 122, maximum: 154, description: 'WGS84 longitude inside Japan', examples: [139.9298] });
const Point = Type.Object({ lat: Latitude, lon: Longitude }, { additionalProperties: false });

export const Crowding = Type.Object(
  {
    level: Type.Union([Type.Literal('empty'), Type.Literal('busy'), Type.Literal('crowded'), Type.Literal('full'), Type.Literal('unknown')]),
    ja: Type.String({ examples: ['空き'] }),
    en: Type.String(),
  },
  { $id: 'DisasterCrowding', description: '空き / やや混雑 / 混雑 / 満員 at about 30 / 60 / 80 % of capacity; unknown without a capacity' },
);

export const Shelter = Type.Object(
  {
    id: Uuid,
    commonId: Type.String({ description: '共通ID of the GSI file', examples: ['E0720200001201'] }),
    kind: Type.Union([Type.Literal('evacuation_site'), Type.Literal('shelter')], { description: '指定緊急避難場所 or 指定避難所' }),
    municipality: Type.String({ examples: ['福島県会津若松市'] }),
    name: Type.String(),
    address: Type.String(),
    hazards: Type.Array(HazardId, { description: 'Hazards the site is designated for' }),
    accepts: Type.String({ description: '受入対象者 (filled for welfare shelters)' }),
    remarks: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
    capacity: Nullable(Type.Integer({ minimum: 0 })),
    stepFree: Type.Boolean(),
    welfare: Type.Boolean({ description: 'A welfare shelter (福祉避難所): the staff’s word, else 受入対象者 is filled' }),
    contact: Nullable(Type.String()),
  },
  { $id: 'DisasterShelter' },
);

export const EventShelter = Type.Object(
  {
    shelter: Type.Ref('DisasterShelter'),
    open: Type.Boolean(),
    occupancy: Type.Integer({ minimum: 0 }),
    crowding: Type.Ref('DisasterCrowding'),
    distanceMetres: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { $id: 'DisasterEventShelter' },
);

export const ImportReport = Type.Object(
  {
    kind: Nullable(Type.Union([Type.Literal('evacuation_site'), Type.Literal('shelter')])),
    rows: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
  },
  { $id: 'DisasterImportReport' },
);

const Polygon = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }))),
});
const MultiPolygon = Type.Object({
  type: Type.Literal('MultiPolygon'),
  coordinates: Type.Array(Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })))),
});
export const Area = Type.Union([Polygon, MultiPolygon], { description: 'GeoJSON (Multi)Polygon, [longitude, latitude]' });

export const DisasterEvent = Type.Object(
  {
    id: Uuid,
    hazard: HazardId,
    hazardLabel: L,
    title: Type.String(),
    drill: Type.Boolean(),
    level: Type.Integer({ minimum: 1, maximum: 5, description: '警戒レベル' }),
    area: Nullable(Area),
    areaNames: Type.Array(Type.String()),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    declaredAt: DateTime,
    closedAt: Nullable(DateTime),
  },
  { $id: 'DisasterEvent' },
);

export const Declaration = Type.Object(
  {
    hazard: HazardId,
    title: Type.String({ minLength: 1, maxLength: 200, examples: ['阿賀川 洪水警報'] }),
    drill: Type.Optional(Type.Boolean({ description: 'A drill (訓練): its participants get the satisfaction survey' })),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: '警戒レベル 1–5; 4 when not given' })),
    areaNames: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 200, examples: [['北会津町', '河東町']] })),
    area: Type.Optional(Nullable(Area)),
    shelterIds: Type.Optional(Type.Array(Uuid, { maxItems: 5000, uniqueItems: true })),
    openAllSuitable: Type.Optional(Type.Boolean({ description: 'Open every site designated for the hazard' })),
    municipalities: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'Limits openAllSuitable' })),
  },
  { additionalProperties: false },
);

export const ReportBody = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Made by the client when the person taps; a resend with the same id is stored once' }),
    status: SafetyStatusId,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    location: Type.Optional(Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() }, { additionalProperties: false }))),
  },
  { additionalProperties: false },
);
export type ReportBody = Static<typeof ReportBody>;

export const ReportReceipt = Type.Object(
  {
    id: Uuid,
    stored: Type.Union([Type.Literal('new'), Type.Literal('duplicate')]),
    eventId: Uuid,
    status: SafetyStatusId,
    receivedAt: DateTime,
  },
  { $id: 'DisasterReportReceipt' },
);

const DestinationOut = Type.Object({
  shelterId: Nullable(Uuid),
  label: Nullable(Type.String()),
  location: Nullable(Point),
});

export const PersonState = Type.Object(
  {
    status: Nullable(SafetyStatusId),
    note: Nullable(Type.String()),
    location: Nullable(Point),
    reportedAt: Nullable(DateTime),
    destination: Nullable(DestinationOut),
    checkedIn: Nullable(Type.Object({ shelterId: Uuid, at: DateTime })),
  },
  { $id: 'DisasterPersonState' },
);

export const DestinationBody = Type.Object(
  {
    shelterId: Type.Optional(Uuid),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200, examples: ['祖母の家'] })),
    location: Type.Optional(Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() }, { additionalProperties: false }))),
  },
  { additionalProperties: false, description: 'An open shelter by id, or a place of the person’s own choosing (label, optional location)' },
);

export const FamilyMember = Type.Object(
  {
    member: Type.String({ description: 'The member, as this service knows them' }),
    displayName: Type.String(),
    since: DateTime,
    sharesLocation: Type.Boolean(),
    state: Nullable(Type.Ref('DisasterPersonState')),
  },
  { $id: 'DisasterFamilyMember' },
);

export const Profile = Type.Object(
  {
    subject: Type.String(),
    displayName: Type.String(),
    alerts: Type.Boolean({ description: 'Opted in to in-app disaster alerts' }),
    shareLocation: Type.Boolean({ description: 'Family members see the location attached to reports' }),
    roles: Type.Array(Type.Union([Type.Literal('staff'), Type.Literal('supporter')])),
  },
  { $id: 'DisasterProfile' },
);

export const Task = Type.Object(
  {
    id: Uuid,
    eventId: Uuid,
    status: Type.Union([Type.Literal('open'), Type.Literal('done')]),
    note: Nullable(Type.String()),
    doneAt: Nullable(DateTime),
    person: Type.Object({ id: Uuid, name: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()) }),
    plan: Type.Object({ destinationShelterId: Nullable(Uuid), routeNotes: Type.String(), needs: Type.Array(Type.String()) }),
    checkedInAt: Nullable(DateTime),
  },
  { $id: 'DisasterTask' },
);

export const SupportedPerson = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    nameKana: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
    sex: Nullable(Type.String()),
    address: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    reason: Nullable(Type.String()),
    categories: Type.Array(Type.String()),
    refreshedAt: DateTime,
  },
  { $id: 'DisasterSupportedPerson' },
);

export const Plan = Type.Object(
  {
    personId: Uuid,
    destinationShelterId: Nullable(Uuid),
    routeNotes: Type.String(),
    needs: Type.Array(Type.String(), { examples: [['wheelchair', 'oxygen']] }),
    supporters: Type.Array(Type.String()),
    updatedAt: DateTime,
  },
  { $id: 'DisasterPlan' },
);

export const PlanBody = Type.Object(
  {
    destinationShelterId: Nullable(Uuid),
    routeNotes: Type.String({ maxLength: 2000 }),
    needs: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20, description: 'wheelchair, medication, oxygen…' }),
    supporters: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 10, uniqueItems: true, description: 'Supporters’ subjects' }),
  },
  { additionalProperties: false },
);

export const disasterSchemas = [
  Crowding,
  Shelter,
  EventShelter,
  ImportReport,
  DisasterEvent,
  ReportReceipt,
  PersonState,
  FamilyMember,
  Profile,
  Task,
  SupportedPerson,
  Plan,
];
