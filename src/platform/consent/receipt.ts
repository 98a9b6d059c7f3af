import { CompactSign } from 'jose';
import { categoryLabel } from './categories.ts';
import type { ConsentRow } from './repository.ts';

export type ReceiptContext = {
  baseUrl: string;
  /** The platform operator: the PII controller of the linkage. */
  controller: { name: string; contact: string; email: string; phone: string; address: string };
  sign: { key: CryptoKey | Uint8Array; alg: 'ES256'; kid: string };
};

/** A Kantara Consent Receipt v1.1 for one consent version. */
export function consentReceipt(row: ConsentRow, subject: string, ctx: ReceiptContext) {
  const piiCategory = row.categories.map((c) => categoryLabel(c).ja);
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: 'JP',
    consentTimestamp: Math.floor(row.recorded_at.getTime() / 1000),
    collectionMethod: row.status === 'active' ? 'Opt-in on the Tsunagu consent screen' : 'Withdrawn in the Tsunagu My Data portal',
    consentReceiptID: row.id,
    publicKey: `${ctx.baseUrl}/oidc/jwks`,
    language: 'ja',
    piiPrincipalId: subject,
    piiControllers: [
      {
        piiController: ctx.controller.name,
        onBehalf: false,
        contact: ctx.controller.contact,
        address: ctx.controller.address,
        email: ctx.controller.email,
        phone: ctx.controller.phone,
        piiControllerUrl: ctx.baseUrl,
      },
      { piiController: row.company, onBehalf: false, contact: row.service_name, address: '', email: '', phone: '' },
    ],
    policyUrl: `${ctx.baseUrl}/privacy`,
    services: [
      {
        service: row.service_name,
        purposes: row.purposes.map((purpose, index) => ({
          purpose: purpose.ja,
          purposeCategory: [purpose.en],
          consentType: 'EXPLICIT',
          piiCategory: row.status === 'active' ? piiCategory : [],
          primaryPurpose: index === 0,
          termination: row.valid_until ? `Until ${row.valid_until.toISOString()} or withdrawal` : 'Until withdrawn in the My Data portal',
          thirdPartyDisclosure: true,
          thirdPartyName: row.company,
        })),
      },
    ],
    sensitive: row.categories.some((c) => c === 'lifelog' || c === 'clinical' || c === 'support_needed'),
    spiCat: row.categories.filter((c) => c === 'lifelog' || c === 'clinical' || c === 'support_needed').map((c) => categoryLabel(c).ja),
    // Tsunagu's own fields, outside the Kantara set.
    'x-tsunagu': {
      clientId: row.client_id,
      consentVersion: row.version,
      status: row.status,
      categories: row.categories,
      validFrom: row.valid_from.toISOString(),
    },
  };
}

/** The receipt as a compact JWS, signed with the platform key published at /oidc/jwks. */
export async function signReceipt(receipt: object, ctx: ReceiptContext): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(receipt)))
    .setProtectedHeader({ alg: ctx.sign.alg, kid: ctx.sign.kid, typ: 'JWT', cty: 'consent-receipt+json' })
    .sign(ctx.sign.key);
}
