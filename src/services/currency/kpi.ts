import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

const PAYMENT_KINDS = ['payment', 'invoice_payment', 'request_payment'];

/** The figures the city reports: fields of use with payments, volume per fiscal year (April–March, JST), fees saved. */
export async function currencyKpis(db: Kysely<NoTables>) {
  const fy = sql`(extract(year from (t.created_at at time zone 'Asia/Tokyo') - interval '3 months'))::int`;
  const byField = await sql<{ field: string; ja: string; en: string; payments: number; volume: number }>`
    select f.id as field, f.ja, f.en, count(t.id)::int as payments, coalesce(sum((t.memo->>'amount')::bigint), 0)::bigint as volume
    from currency.field f left join currency.transfer t on t.memo->'payee'->>'field' = f.id and t.kind = any(${PAYMENT_KINDS}::text[])
    group by f.id, f.ja, f.en order by f.id`.execute(db);
  const byYear = await sql<{ fiscal_year: number; payments: number; volume: number }>`
    select ${fy} as fiscal_year, count(*)::int as payments, sum((t.memo->>'amount')::bigint)::bigint as volume
    from currency.transfer t where t.kind = any(${PAYMENT_KINDS}::text[]) group by 1 order by 1`.execute(db);
  const fees = await sql<{ fiscal_year: number; sales: number; fees: number; typical: number }>`
    select y.fiscal_year, sum(y.sales - y.refunds)::bigint as sales, sum(y.fees - y.fees_returned)::bigint as fees,
      sum(floor((y.sales - y.refunds) * p.typical_rate_bp / 10000.0))::bigint as typical
    from currency.fee_year y join currency.business b on b.account_id = y.account_id join currency.fee_policy p on p.size = b.size
    group by y.fiscal_year order by y.fiscal_year`.execute(db);
  return {
    fieldsWithPayments: byField.rows.filter((r) => r.payments > 0).length,
    fields: byField.rows.map((r) => ({ field: r.field, label: { ja: r.ja, en: r.en }, payments: r.payments, volume: r.volume })),
    volumeByFiscalYear: byYear.rows.map((r) => ({ fiscalYear: r.fiscal_year, payments: r.payments, volume: r.volume })),
    feesSavedByFiscalYear: fees.rows.map((r) => ({
      fiscalYear: r.fiscal_year,
      sales: r.sales,
      fees: r.fees,
      typicalFees: r.typical,
      feesSaved: r.typical - r.fees,
    })),
  };
}
