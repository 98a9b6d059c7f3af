import type { Assurance, RequestedCategory } from './identity';
import { parseRequestedCategory } from './identity';
import { callApi } from './http';
import { isRecord, listOf, localizedList, oneOf, parseLocalizedText, text, type LocalizedText } from './parse';

/** `GET /interaction/:uid/details`: what the OpenID Provider needs from the citizen now. */
export type InteractionDetails = {
  uid: string;
  prompt: 'login' | 'consent';
  service: {
    clientId: string;
    name: LocalizedText;
    company: string;
    description: LocalizedText;
    purposes: LocalizedText[];
    categories: RequestedCategory[];
  };
  session: { signedIn: boolean; displayName: string | null; assurance: Assurance | null };
};

function parseDetails(body: unknown): InteractionDetails | null {
  if (!isRecord(body) || !isRecord(body.service) || !isRecord(body.session)) return null;
  const uid = text(body.uid);
  const prompt = oneOf(body.prompt, ['login', 'consent'] as const);
  const { service, session } = body;
  const clientId = text(service.clientId);
  const name = parseLocalizedText(service.name);
  const company = text(service.company);
  if (uid === null || prompt === null || clientId === null || name === null || company === null) return null;
  return {
    uid,
    prompt,
    service: {
      clientId,
      name,
      company,
      description: parseLocalizedText(service.description) ?? { ja: '', en: '' },
      purposes: localizedList(service.purposes),
      categories: listOf(service.categories, parseRequestedCategory) ?? [],
    },
    session: {
      signedIn: session.signedIn === true,
      displayName: text(session.displayName),
      assurance: oneOf(session.assurance, ['self-asserted', 'card-verified'] as const),
    },
  };
}

/** Every step answers with where the browser goes next (back to the provider); only web addresses. */
function parseRedirect(body: unknown): string | null {
  const target = isRecord(body) ? text(body.redirectTo) : null;
  if (target === null) return null;
  try {
    const url = new URL(target, window.location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const base = (uid: string) => `/interaction/${encodeURIComponent(uid)}`;

export const loadInteraction = (uid: string, signal: AbortSignal) => callApi('GET', `${base(uid)}/details`, parseDetails, { signal });

export type LoginInput = { useSession: true } | { email: string; password: string };

export const submitLogin = (uid: string, input: LoginInput) => callApi('POST', `${base(uid)}/login`, parseRedirect, { body: input });

export const submitConsent = (uid: string, categories: string[]) => callApi('POST', `${base(uid)}/consent`, parseRedirect, { body: { categories } });

export const abortInteraction = (uid: string) => callApi('POST', `${base(uid)}/abort`, parseRedirect, { body: {} });
