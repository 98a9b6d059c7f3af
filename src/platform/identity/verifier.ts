/**
 * Identity verification (本人確認): proves that an account holder is a registry person.
 * In production this is the My Number card (JPKI) signature certificate, read by a card
 * reader or smartphone; that reader is outside Tsunagu and sits behind this interface.
 */
export type IdentityClaim = {
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  /** The 4-digit PIN of the card's user certificate; the demo verifier only checks its form. */
  pin: string;
};

export type VerificationResult = { ok: true; personId: string; method: string } | { ok: false; reason: string };

export type IdentityVerifier = {
  /** Shown to the citizen, so a demo verifier can say plainly that it is one. */
  readonly label: { ja: string; en: string };
  readonly demo: boolean;
  verify(claim: IdentityClaim): Promise<VerificationResult>;
};

export type PersonMatcher = (claim: { familyNameKana: string; givenNameKana: string; birthDate: string }) => Promise<string | undefined>;

/**
 * DEMO ONLY: stands in for a My Number card reader. It accepts any 4-digit PIN and matches
 * the reading of the name and the date of birth against the resident registry.
 */
export function demoCardVerifier(matchPerson: PersonMatcher): IdentityVerifier {
  return {
    label: { ja: 'デモ用の本人確認（マイナンバーカードの代わり）', en: 'Demo identity check (stands in for the My Number card)' },
    demo: true,
    async verify(claim) {
      if (!/^\d{4}$/.test(claim.pin)) return { ok: false, reason: 'The PIN must be 4 digits.' };
      const personId = await matchPerson(claim);
      if (!personId) return { ok: false, reason: 'No resident matches this name reading and date of birth.' };
      return { ok: true, personId, method: 'demo-card' };
    },
  };
}
