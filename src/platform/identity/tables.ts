import type { Generated } from 'kysely';

export type AccountTable = {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  kind: 'citizen' | 'visitor';
  assurance: Generated<'self-asserted' | 'card-verified'>;
  person_id: string | null;
  verified_at: Date | null;
  created_at: Generated<Date>;
};

export type ServicePurpose = { ja: string; en: string };
export type ServiceCategoryRequest = { category: string; reason: { ja: string; en: string }; required: boolean };

export type ServiceTable = {
  id: string;
  client_id: string;
  client_secret: string;
  name_ja: string;
  name_en: string;
  company: string;
  description_ja: Generated<string>;
  description_en: Generated<string>;
  purposes: ServicePurpose[];
  categories: ServiceCategoryRequest[];
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  homepage: string | null;
  builtin_module: string | null;
  status: Generated<'active' | 'suspended'>;
  created_at: Generated<Date>;
};

export type IdentityTables = {
  'identity.account': AccountTable;
  'identity.web_session': { token_hash: string; account_id: string; created_at: Generated<Date>; expires_at: Date };
  'identity.service': ServiceTable;
  'identity.pairwise_subject': { client_id: string; sub: string; account_id: string };
  'identity.oidc_payload': {
    model: string;
    id: string;
    payload: Record<string, unknown>;
    grant_id: string | null;
    uid: string | null;
    user_code: string | null;
    expires_at: Date | null;
    consumed_at: Date | null;
  };
  'identity.signing_key': { kid: string; private_jwk: Record<string, unknown>; created_at: Generated<Date> };
  'identity.secret': { name: string; value: string };
};
