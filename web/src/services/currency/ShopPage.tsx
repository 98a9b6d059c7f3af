import { useState } from 'react';
import { useCurrencyGet } from './hooks';
import { CashOutSection, FeeSection } from './ShopMoney';
import { SalesSection } from './ShopSales';
import { CurrencyPage } from './CurrencyPage';
import { useInvoiceText } from './messages-invoices';
import { QrImage } from './QrImage';
import { InvoicesSection } from './ShopInvoices';
import { AwardSection } from './ShopAward';
import { ScanSection } from './ShopScan';
import { fill, useCurrencyText, yen } from './text';
import { parseMemberships, parseShopBalance, type Membership } from './types';
import { LoadFailed } from './ui';
import './currency.css';

/** `/shop`: the shop portal for a shop's owner and staff. */
export function ShopPage() {
  const { m } = useCurrencyText();
  return (
    <CurrencyPage titleId="shop-title" title={m.shop.title} layout="wide" lead={m.shop.lead} nav="shop" returnTo="/shop">
      <ShopChooser />
    </CurrencyPage>
  );
}

function ShopChooser() {
  const { m } = useCurrencyText();
  const memberships = useCurrencyGet('/me/businesses', parseMemberships);
  const [chosen, setChosen] = useState<string | null>(null);
  if (memberships.state === 'loading') return <p role="status">{m.loading}</p>;
  if (memberships.state === 'failed') return <LoadFailed problem={memberships.problem} onRetry={() => void memberships.reload()} />;
  const list = memberships.value;
  if (list.length === 0)
    return (
      <p className="empty" id="shop-none">
        {m.shop.none}
      </p>
    );
  const current = list.find((item) => item.business.id === chosen) ?? list[0];
  if (current === undefined) return null;
  return (
    <>
      {list.length > 1 && (
        <div className="field cur-noprint">
          <label className="field__label" htmlFor="shop-choose">
            {m.shop.choose}
          </label>
          <select id="shop-choose" className="field__input" value={current.business.id} onChange={(event) => setChosen(event.target.value)}>
            {list.map((item) => (
              <option key={item.business.id} value={item.business.id}>
                {item.business.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <ShopPortal key={current.business.id} membership={current} />
    </>
  );
}

function ShopPortal({ membership }: { membership: Membership }) {
  const { m } = useCurrencyText();
  const { business, role } = membership;
  const balance = useCurrencyGet(`/shops/${business.id}`, parseShopBalance);
  const [round, setRound] = useState(0);
  const moved = () => {
    void balance.reload();
    setRound((n) => n + 1);
  };
  const amount = balance.state === 'ready' ? balance.value.balance : null;
  const payLink = `${window.location.origin}/wallet/pay?shop=${encodeURIComponent(business.staticCode)}`;
  const roleLabel = role === 'owner' ? m.shop.role.owner : m.shop.role.staff;
  const t = useInvoiceText();
  // A school bills households; it has no counter where customers pay by QR.
  const takesPayments = business.kind !== 'school';
  return (
    <div id="shop-portal" data-business={business.id}>
      <div className="panel">
        <h2 className="panel__title" id="shop-name">
          {business.name} <span className="badge badge--neutral">{roleLabel}</span>
        </h2>
        <dl className="cur-figure">
          <div>
            <dt>{m.shop.balance}</dt>
            <dd id="shop-balance" data-amount={amount ?? ''}>
              {amount === null ? '…' : yen(amount)}
            </dd>
          </div>
        </dl>
        <nav className="toc cur-noprint" aria-label={m.shop.sections}>
          <ul>
            {takesPayments && (
              <li>
                <a href="#shop-qr">{m.shop.qrHeading}</a>
              </li>
            )}
            {takesPayments && (
              <li>
                <a href="#shop-scan">{m.shop.scanHeading}</a>
              </li>
            )}
            <li>
              <a href="#shop-invoices">{t.shop.heading}</a>
            </li>
            <li>
              <a href="#shop-sales">{m.shop.salesHeading}</a>
            </li>
            <li>
              <a href="#shop-cash-out">{m.shop.cashOutHeading}</a>
            </li>
            {business.kind === 'shop' && (
              <li>
                <a href="#shop-fees">{m.shop.feeHeading}</a>
              </li>
            )}
          </ul>
        </nav>
      </div>

      {takesPayments && (
        <section className="panel" id="shop-qr" aria-labelledby="shop-qr-title">
          <h2 className="panel__title" id="shop-qr-title">
            {m.shop.qrHeading}
          </h2>
          <p className="cur-noprint">{m.shop.qrLead}</p>
          <div className="cur-shop-qr">
            <QrImage value={payLink} alt={fill(m.shop.qrAlt, { shop: business.name })} id="shop-qr-image" size={220} />
            <div>
              <p className="cur-payee__name">{business.name}</p>
              <p className="cur-shop-qr__code" id="shop-static-code">
                {business.staticCode}
              </p>
              <p className="cur-noprint">
                <button type="button" className="button button--secondary" onClick={() => window.print()}>
                  {m.shop.print}
                </button>
              </p>
            </div>
          </div>
        </section>
      )}

      <div className="cur-noprint">
        {business.kind === 'organiser' && <AwardSection businessId={business.id} />}
        {takesPayments && <ScanSection businessId={business.id} onMoved={moved} />}
        <InvoicesSection business={business} owner={role === 'owner'} onMoved={moved} />
        <SalesSection businessId={business.id} round={round} onMoved={moved} />
        <CashOutSection businessId={business.id} owner={role === 'owner'} balance={amount} onMoved={moved} />
        {/* Fees are taken on shop payments only; invoices and a school's bills carry none. */}
        {business.kind === 'shop' && <FeeSection businessId={business.id} round={round} />}
      </div>
    </div>
  );
}
