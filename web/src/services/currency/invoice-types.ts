import { isRecord } from '../../api/fetchJson';
import { listOf } from '../../api/parse';

/** Invoices, the business directory and the person's roles, as the currency API sends them, read loosely. */

const str = (v: unknown): v is string => typeof v === 'string';
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export type InvoiceStatus = 'open' | 'paid' | 'cancelled';

export type Invoice = {
  id: string;
  issuerId: string;
  issuerName: string;
  payerBusinessId: string | null;
  payerName: string | null;
  payCode: string | null;
  amount: number;
  description: string;
  dueDate: string | null;
  status: InvoiceStatus;
  createdAt: string;
};

export function parseInvoice(v: unknown): Invoice | null {
  if (!isRecord(v) || !str(v.id) || !str(v.issuerId) || !str(v.issuerName) || !int(v.amount) || !str(v.description) || !str(v.createdAt)) return null;
  const status = v.status === 'paid' || v.status === 'cancelled' ? v.status : 'open';
  return {
    id: v.id,
    issuerId: v.issuerId,
    issuerName: v.issuerName,
    payerBusinessId: str(v.payerBusinessId) ? v.payerBusinessId : null,
    payerName: str(v.payerName) ? v.payerName : null,
    payCode: str(v.payCode) ? v.payCode : null,
    amount: v.amount,
    description: v.description,
    dueDate: str(v.dueDate) ? v.dueDate : null,
    status,
    createdAt: v.createdAt,
  };
}

export function parseInvoices(v: unknown): Invoice[] | null {
  return isRecord(v) ? listOf(v.invoices, parseInvoice) : null;
}

export type DirectoryEntry = { id: string; name: string; kind: string };

export function parseDirectory(v: unknown): DirectoryEntry[] | null {
  if (!isRecord(v)) return null;
  return listOf(v.businesses, (b) => (isRecord(b) && str(b.id) && str(b.name) && str(b.kind) ? { id: b.id, name: b.name, kind: b.kind } : null));
}

export type Roles = {
  businesses: { id: string; name: string; kind: string; role: string }[];
  cityStaff: 'counter' | 'admin' | null;
  portals: { wallet: boolean; shop: boolean; admin: boolean };
};

/** GET /me: what the person may use. */
export function parseRoles(v: unknown): Roles | null {
  if (!isRecord(v) || !isRecord(v.portals)) return null;
  const p = v.portals;
  return {
    businesses:
      listOf(v.businesses, (b) =>
        isRecord(b) && str(b.id) && str(b.name) && str(b.kind) && str(b.role) ? { id: b.id, name: b.name, kind: b.kind, role: b.role } : null,
      ) ?? [],
    cityStaff: v.cityStaff === 'counter' || v.cityStaff === 'admin' ? v.cityStaff : null,
    portals: { wallet: p.wallet === true, shop: p.shop === true, admin: p.admin === true },
  };
}
