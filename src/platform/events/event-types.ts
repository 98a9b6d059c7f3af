/**
 * The events the platform publishes. A webhook says *that* something changed, never what a
 * person's data now is: the subject is a pseudonymous id, and the service reads the new state
 * through consent-gated linkage. Payloads are documented in docs/events.md.
 */
export const EVENT_TYPES = ['consent.granted', 'consent.withdrawn', 'registry.person.moved', 'registry.person.changed', 'disaster.alert'] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The `data` of each event type. */
export type EventData = {
  /** The citizen (subject) gave the service (audience) a new or wider opt-in. */
  'consent.granted': { consentId: string; clientId: string; purpose: string; categories: readonly string[]; version: number };
  /** The citizen withdrew an opt-in; the service must stop using the categories from now on. */
  'consent.withdrawn': { consentId: string; clientId: string; categories: readonly string[]; version: number };
  /** The registry recorded a move (転居・転入・転出) of the subject; read the new address through linkage. */
  'registry.person.moved': { kind: 'within-city' | 'into-city' | 'out-of-city'; effectiveOn: string };
  /** Registry data of the subject changed; `categories` names which (never the values). */
  'registry.person.changed': { categories: readonly string[]; effectiveOn: string };
  /** The city issued, updated or lifted a disaster alert; public information, no subject. */
  'disaster.alert': {
    alertId: string;
    status: 'issued' | 'updated' | 'lifted';
    hazard: string;
    level: number;
    title: { ja: string; en: string };
    areas: readonly string[];
  };
};

/** An event to publish: its type, whom it is about, and its data. */
export type NewEvent<T extends EventType = EventType> = {
  type: T;
  /** Pseudonymous id of the person (or thing) the event is about; null for city-wide events. */
  subject?: string | null;
  /**
   * Only this service (OIDC client id) may receive it; null or absent means every subscriber of
   * the type. Consent events are for the service the consent names.
   */
  audience?: string | null;
  data: EventData[T];
};

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
