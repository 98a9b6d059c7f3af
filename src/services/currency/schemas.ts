import { Type } from 'typebox';

/** Whole yen (or points), 1 to 10,000,000: zero, negative, fractional and huge amounts are refused by validation. */
export const Amount = Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Whole yen, 1 to 10,000,000', examples: [1200] });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 8,
    maxLength: 200,
    pattern: '^[A-Za-z0-9_.:-]+$',
    description:
      'Chosen by the client for each money-moving request (a UUID). A retry with the same key gets the original answer; another request under a used key gets 409.',
    examples: ['5f0c8a36-4b8e-4d3b-9a83-0c6f1a1f2b77'],
  }),
});

const Payee = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), field: Type.String() }, { additionalProperties: false });

export const Transfer = Type.Object(
  {
    transferId: Type.String({ format: 'uuid', description: 'The ledger transfer; quote it for refunds' }),
    kind: Type.String({ examples: ['payment'] }),
    amount: Type.Integer({ description: 'Yen (points for つなポン)' }),
    fee: Type.Integer({
      description: "The shop's fee taken with a payment; on a refund, minus the fee portion given back to the shop; 0 otherwise",
    }),
    payee: Type.Optional(Payee),
    createdAt: Type.String({ format: 'date-time' }),
    replayed: Type.Boolean({ description: 'True when this answers a retry of an earlier request with the same idempotency key' }),
  },
  {
    $id: 'CurrencyTransfer',
    additionalProperties: false,
    examples: [
      {
        transferId: '0193a6f2-7c1e-7d40-9f3a-5b2c1d0e9f88',
        kind: 'payment',
        amount: 1200,
        fee: 24,
        payee: { id: '0193a6f2-0000-7000-8000-000000000001', name: '鶴ヶ城前 茶屋', field: 'retail' },
        createdAt: '2026-11-26T10:15:00.000+09:00',
        replayed: false,
      },
    ],
  },
);

export const Wallet = Type.Object(
  {
    accountId: Type.String({ format: 'uuid' }),
    balance: Type.Integer({ description: 'Coins in yen' }),
    held: Type.Integer({ description: 'Reserved by pending holds' }),
    points: Type.Integer({ description: 'つなポン (volunteer points)' }),
    vouchers: Type.Array(
      Type.Object({
        accountId: Type.String({ format: 'uuid' }),
        campaignId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
        name: Type.String(),
        balance: Type.Integer(),
        restriction: Type.Union([Type.Literal('any_shop'), Type.Literal('small_shop'), Type.Null()], {
          description: 'small_shop: only at small local shops',
        }),
        expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      }),
    ),
    bank: Type.Union([
      Type.Object({
        bankName: Type.String(),
        accountMasked: Type.String(),
        demo: Type.Boolean({ description: 'True: the built-in DEMO bank; no real money moves' }),
        label: Type.String(),
      }),
      Type.Null(),
    ]),
  },
  { $id: 'CurrencyWallet', additionalProperties: false },
);

export const Statement = Type.Object(
  {
    opening: Type.Integer({ description: 'Balance before the period' }),
    lines: Type.Array(
      Type.Object({
        entryId: Type.Integer(),
        transferId: Type.String({ format: 'uuid' }),
        kind: Type.String(),
        amount: Type.Integer({ description: 'Positive in, negative out' }),
        balanceAfter: Type.Integer({ description: 'The balance after this entry' }),
        description: Type.Union([Type.String(), Type.Null()]),
        at: Type.String({ format: 'date-time' }),
      }),
    ),
  },
  { $id: 'CurrencyStatement', additionalProperties: false },
);

export const Business = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    kind: Type.Union([Type.Literal('shop'), Type.Literal('business'), Type.Literal('school'), Type.Literal('organiser')]),
    size: Type.Union([Type.Literal('small'), Type.Literal('large')], { description: 'small: sales under ¥6M a year (fee cap applies)' }),
    field: Type.String({ description: 'Field of use (分野)', examples: ['retail'] }),
    staticCode: Type.String({ description: 'What the shop QR code carries; customers scan it and type the amount', examples: ['TSG-4F2A9C01B7D3'] }),
    acceptsPoints: Type.Boolean(),
    accountId: Type.String({ format: 'uuid' }),
  },
  { $id: 'CurrencyBusiness', additionalProperties: false },
);

export const FeeStatement = Type.Object(
  {
    fiscalYear: Type.Integer({ description: 'April–March (JST); 2026 = April 2026 to March 2027' }),
    sales: Type.Integer({ description: 'Gross sales: payments received this fiscal year' }),
    refunds: Type.Integer({ description: 'Refunds of those payments' }),
    netSales: Type.Integer({ description: 'sales − refunds; the fees below are on these' }),
    payments: Type.Integer(),
    feesCharged: Type.Integer({ description: 'Fees taken with the payments' }),
    feesReturned: Type.Integer({ description: 'The fee portion refunds gave back (in proportion to the refunded part)' }),
    fees: Type.Integer({ description: 'Fees paid this fiscal year: feesCharged − feesReturned' }),
    rateBp: Type.Integer({ description: 'Fee rate in basis points (200 = 2%)' }),
    annualCap: Type.Union([Type.Integer(), Type.Null()]),
    typicalRateBp: Type.Integer({ description: 'A typical cashless fee to compare against (324 = 3.24%)' }),
    typicalFee: Type.Integer({ description: 'The typical cashless fee on netSales' }),
    feeSaved: Type.Integer({ description: 'typicalFee − fees' }),
  },
  { $id: 'CurrencyFeeStatement', additionalProperties: false },
);

export const Field = Type.Object({ id: Type.String(), ja: Type.String(), en: Type.String() }, { $id: 'CurrencyField', additionalProperties: false });

export const Period = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Start (inclusive); default 31 days ago' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'End (exclusive); default now' })),
});

export const PaymentRequest = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('cancelled'), Type.Literal('expired'), Type.Literal('declined')], {
      description: 'declined: the payer said no in the wallet (final; the service may ask again with a new request)',
    }),
    amount: Type.Integer(),
    description: Type.String(),
    payeeId: Type.String({ format: 'uuid' }),
    field: Type.String(),
    reference: Type.Union([Type.String(), Type.Null()]),
    payerBusinessId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    approveUrl: Type.Union([Type.String(), Type.Null()], {
      description: 'Send the citizen here to approve in the wallet; null when a business pays',
    }),
    transferId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    expiresAt: Type.String({ format: 'date-time' }),
    paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  {
    $id: 'CurrencyPaymentRequest',
    additionalProperties: false,
    examples: [
      {
        id: '0193a6f2-1111-7000-8000-0000000000aa',
        status: 'open',
        amount: 3240,
        description: '会津野菜セット (農家直送)',
        payeeId: '0193a6f2-0000-7000-8000-000000000002',
        field: 'food_agri',
        reference: 'order-8812',
        payerBusinessId: null,
        approveUrl: '/wallet/pay?request=0193a6f2-1111-7000-8000-0000000000aa',
        transferId: null,
        expiresAt: '2026-11-26T10:45:00.000+09:00',
        paidAt: null,
      },
    ],
  },
);

export const currencySchemas = [Transfer, Wallet, Statement, Business, FeeStatement, Field, PaymentRequest];
