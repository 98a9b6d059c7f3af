import type { ModuleContext } from '@lib/module.ts';
import { AccountDirectory } from './accounts.ts';
import { AdminUseCases } from './admin.ts';
import { ProgramUseCases } from './campaigns.ts';
import { InvoiceUseCases } from './invoices.ts';
import { PaymentRequestUseCases } from './requests.ts';
import { DemoBank, type BankGateway } from './bank.ts';
import { Ledger } from './ledger/index.ts';
import { CurrencyCore } from './service.ts';
import { Payouts } from './payouts.ts';
import { ShopUseCases } from './shops.ts';
import { WalletUseCases } from './wallet.ts';
import type { CurrencyWorkers } from './workers.ts';

/** The currency service of one app: ledger, bank, and its use cases. */
export type Currency = {
  core: CurrencyCore;
  wallet: WalletUseCases;
  shops: ShopUseCases;
  payouts: Payouts;
  admin: AdminUseCases;
  programs: ProgramUseCases;
  invoices: InvoiceUseCases;
  requests: PaymentRequestUseCases;
  /** Set once the routes are up: they need the service kit's platform client. */
  workers?: CurrencyWorkers;
};

const instances = new WeakMap<ModuleContext['database'], Currency>();

/** Builds the currency service once per database handle; `bank` replaces the demo bank (tests, a real bank). */
export function currencyOf(context: Pick<ModuleContext, 'database'>, bank?: BankGateway): Currency {
  const found = instances.get(context.database);
  if (found) return found;
  const db = context.database.db;
  const ledger = new Ledger(db, { maxBatch: Number(process.env.CURRENCY_BATCH_SIZE ?? 200) });
  const core = new CurrencyCore(db, ledger, new AccountDirectory(db, ledger), bank ?? new DemoBank(db));
  const payouts = new Payouts(core);
  const shops = new ShopUseCases(core, payouts);
  const currency: Currency = {
    core,
    wallet: new WalletUseCases(core),
    shops,
    payouts,
    admin: new AdminUseCases(core),
    programs: new ProgramUseCases(core),
    invoices: new InvoiceUseCases(core, shops),
    requests: new PaymentRequestUseCases(core, shops),
  };
  instances.set(context.database, currency);
  return currency;
}
