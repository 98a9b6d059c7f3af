import { callApi, ignoreBody } from './http';
import { isRecord, listOf, localizedList, oneOf, parseLocalizedText, text, type LocalizedText } from './parse';

export type AccountKind = 'citizen' | 'visitor';
export type Assurance = 'self-asserted' | 'card-verified';

/** `GET /api/identity/me`: the signed-in City OS account. */
export type Me = {
  id: string;
  email: string;
  displayName: string;
  kind: AccountKind;
  assurance: Assurance;
  verifiedAt: string | null;
};

export const accountKinds: readonly AccountKind[] = ['citizen', 'visitor'];

export function parseMe(body: unknown): Me | null {
  if (!isRecord(body)) return null;
  const id = text(body.id);
  const email = text(body.email);
  const displayName = text(body.displayName);
  const kind = oneOf(body.kind, accountKinds);
  const assurance = oneOf(body.assurance, ['self-asserted', 'card-verified'] as const);
  if (id === null || email === null || displayName === null || kind === null || assurance === null) return null;
  return { id, email, displayName, kind, assurance, verifiedAt: text(body.verifiedAt) };
}

export const meUrl = '/api/identity/me';

export const loadMe = (signal?: AbortSignal) => callApi('GET', meUrl, parseMe, signal ? { signal } : {});

/**
 * Where sign-up and sign-in are posted. The contract for these two was not fixed when the
 * pages were written; they are kept here so a change touches one line.
 */
export const signUpUrl = '/api/identity/accounts';
export const signInUrl = '/api/identity/session';

export type SignUpInput = { email: string; password: string; displayName: string; kind: AccountKind };

/** Creates an account and opens a web session (the server sets the session cookie). */
export const signUp = (input: SignUpInput) => callApi('POST', signUpUrl, ignoreBody, { body: input });

export const signIn = (input: { email: string; password: string }) => callApi('POST', signInUrl, ignoreBody, { body: input });

export const signOut = () => callApi('DELETE', '/api/identity/session', ignoreBody);

/** The minimum password length the server enforces; shown as a rule beside the field. */
export const minPasswordLength = 10;

/** `GET /api/identity/verifier`: which identity check stands behind 本人確認. */
export type Verifier = { label: LocalizedText; demo: boolean };

function parseVerifier(body: unknown): Verifier | null {
  if (!isRecord(body) || typeof body.demo !== 'boolean') return null;
  const label = parseLocalizedText(body.label);
  return label === null ? null : { label, demo: body.demo };
}

export const loadVerifier = (signal: AbortSignal) => callApi('GET', '/api/identity/verifier', parseVerifier, { signal });

export type VerificationInput = { familyNameKana: string; givenNameKana: string; birthDate: string; pin: string };

export const verifyIdentity = (input: VerificationInput) => callApi('POST', '/api/identity/me/verification', parseMe, { body: input });

/** One data category a service asks for, with the reason it gives. */
export type RequestedCategory = { category: string; label: LocalizedText; reason: LocalizedText; required: boolean };

export function parseRequestedCategory(value: unknown): RequestedCategory | null {
  if (!isRecord(value) || typeof value.required !== 'boolean') return null;
  const category = text(value.category);
  const label = parseLocalizedText(value.label);
  const reason = parseLocalizedText(value.reason) ?? { ja: '', en: '' };
  if (category === null || label === null) return null;
  return { category, label, reason, required: value.required };
}

/** `GET /api/identity/services`: a service connected to the City OS, as the public sees it. */
export type PublicService = {
  clientId: string;
  name: LocalizedText;
  company: string;
  description: LocalizedText;
  purposes: LocalizedText[];
  categories: RequestedCategory[];
  homepage: string | null;
};

/** Only web addresses become links; never `javascript:` or other schemes. */
function webAddress(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value, window.location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function parsePublicService(value: unknown): PublicService | null {
  if (!isRecord(value)) return null;
  const clientId = text(value.clientId);
  const name = parseLocalizedText(value.name);
  const company = text(value.company);
  if (clientId === null || name === null || company === null) return null;
  return {
    clientId,
    name,
    company,
    description: parseLocalizedText(value.description) ?? { ja: '', en: '' },
    purposes: localizedList(value.purposes),
    categories: listOf(value.categories, parseRequestedCategory) ?? [],
    homepage: webAddress(value.homepage),
  };
}

export function parsePublicServices(body: unknown): PublicService[] | null {
  return isRecord(body) ? listOf(body.services, parsePublicService) : null;
}

export const publicServicesUrl = '/api/identity/services';
