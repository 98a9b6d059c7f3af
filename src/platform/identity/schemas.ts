import { Type, type Static } from 'typebox';

const L = () => Type.Object({ ja: Type.String(), en: Type.String() }, { additionalProperties: false });

export const Me = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    displayName: Type.String(),
    kind: Type.Union([Type.Literal('citizen'), Type.Literal('visitor')]),
    assurance: Type.Union([Type.Literal('self-asserted'), Type.Literal('card-verified')], { description: 'How sure the city is who this is' }),
    verifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Me', additionalProperties: false },
);

export const SignUp = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters' }),
    displayName: Type.String({ minLength: 1, maxLength: 60 }),
    kind: Type.Union([Type.Literal('citizen'), Type.Literal('visitor')], { default: 'citizen' }),
  },
  { additionalProperties: false },
);

export const SignIn = Type.Object(
  { email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);

export const Verification = Type.Object(
  {
    familyNameKana: Type.String({ minLength: 1, maxLength: 40 }),
    givenNameKana: Type.String({ minLength: 1, maxLength: 40 }),
    birthDate: Type.String({ format: 'date' }),
    pin: Type.String({ maxLength: 8 }),
  },
  { additionalProperties: false },
);

export const CategoryRequest = Type.Object(
  {
    category: Type.String(),
    label: L(),
    reason: L(),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const ServiceEntry = Type.Object(
  {
    clientId: Type.String(),
    name: L(),
    company: Type.String(),
    description: L(),
    purposes: Type.Array(L()),
    categories: Type.Array(CategoryRequest),
    homepage: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'ServiceEntry', additionalProperties: false },
);

export const NewService = Type.Object(
  {
    clientId: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{2,62}$', description: 'Chosen client id; generated when omitted' })),
    name: L(),
    company: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(L()),
    purposes: Type.Array(L(), { minItems: 1, maxItems: 10 }),
    categories: Type.Array(
      Type.Object({ category: Type.String(), reason: L(), required: Type.Boolean({ default: false }) }, { additionalProperties: false }),
      { maxItems: 20 },
    ),
    redirectUris: Type.Array(Type.String({ format: 'uri' }), { minItems: 1, maxItems: 10 }),
    postLogoutRedirectUris: Type.Optional(Type.Array(Type.String({ format: 'uri' }), { maxItems: 10 })),
    homepage: Type.Optional(Type.String({ format: 'uri' })),
  },
  { additionalProperties: false },
);

export const RegisteredService = Type.Object(
  { service: Type.Ref('ServiceEntry'), clientSecret: Type.String({ description: 'Shown this once; store it safely' }) },
  { additionalProperties: false },
);

export const InteractionDetails = Type.Object(
  {
    uid: Type.String(),
    prompt: Type.Union([Type.Literal('login'), Type.Literal('consent')]),
    service: Type.Ref('ServiceEntry'),
    session: Type.Object(
      {
        signedIn: Type.Boolean(),
        displayName: Type.Optional(Type.String()),
        assurance: Type.Optional(Type.Union([Type.Literal('self-asserted'), Type.Literal('card-verified')])),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const InteractionLogin = Type.Union([
  Type.Object({ useSession: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
]);

export const InteractionConsent = Type.Object(
  { categories: Type.Array(Type.String(), { maxItems: 20, uniqueItems: true }) },
  { additionalProperties: false },
);

export const Redirect = Type.Object({ redirectTo: Type.String() }, { additionalProperties: false });

export const identitySchemas = [Me, ServiceEntry];

export type NewServiceBody = Static<typeof NewService>;
