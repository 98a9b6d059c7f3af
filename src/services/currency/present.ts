import type { StatementLine } from './ledger/reads.ts';
import type { BusinessRow } from './repository.ts';
import type { Moved } from './service.ts';

type PayeeMemo = { id: string; name: string; field: string };

const isPayee = (value: unknown): value is PayeeMemo =>
  typeof value === 'object' && value !== null && 'id' in value && 'name' in value && 'field' in value;

export function presentTransfer(moved: Moved) {
  const payee = moved.memo.payee;
  return {
    transferId: moved.transferId,
    kind: moved.kind,
    amount: moved.amount,
    fee: moved.fee,
    ...(isPayee(payee) ? { payee: { id: payee.id, name: payee.name, field: payee.field } } : {}),
    createdAt: moved.createdAt,
    replayed: moved.replayed,
  };
}

const KIND_LABEL: Record<string, string> = {
  charge: 'チャージ (charge)',
  counter_charge: '窓口チャージ (counter charge)',
  refund: '返金 (refund)',
  cash_out: '現金化 (cash-out)',
  voucher_purchase: 'プレミアム商品券 (voucher)',
  voucher_expiry: '商品券の失効 (voucher expired)',
  points_award: 'つなポン付与 (points awarded)',
  points_expiry: 'つなポン失効 (points expired)',
};

export function presentStatement(statement: { opening: number; lines: StatementLine[] }) {
  return {
    opening: statement.opening,
    lines: statement.lines.map((line) => {
      const payee = line.memo.payee;
      return {
        entryId: line.entryId,
        transferId: line.transferId,
        kind: line.kind,
        amount: line.amount,
        balanceAfter: line.balanceAfter,
        description: isPayee(payee) ? payee.name : (KIND_LABEL[line.kind] ?? null),
        at: line.at.toISOString(),
      };
    }),
  };
}

export function presentBusiness(b: BusinessRow) {
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    size: b.size,
    field: b.field,
    staticCode: b.static_code,
    acceptsPoints: b.accepts_points,
    accountId: b.account_id,
  };
}

/** The period of a statement query: default the last 31 days. */
export function periodOf(query: { from?: string; to?: string }, now = new Date()): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 31 * 86_400_000);
  return { from, to };
}
