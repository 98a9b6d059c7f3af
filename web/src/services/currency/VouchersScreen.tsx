import { formatDate } from '../../format';
import { CampaignsOnSale } from './Campaigns';
import { useCurrencyText, yen } from './text';
import type { Wallet } from './types';

/** My premium vouchers: balance, expiry and where they can be used; and the campaigns on sale. */
export function VouchersScreen({ wallet, onMoved }: { wallet: Wallet; onMoved: () => void }) {
  const { m, language } = useCurrencyText();
  return (
    <>
      <p className="section__intro">{m.vouchers.lead}</p>
      <h2 className="cur-h2">{m.vouchers.mine}</h2>
      {wallet.vouchers.length === 0 ? (
        <p className="empty" id="vouchers-empty">
          {m.vouchers.none}
        </p>
      ) : (
        <ul className="cur-vouchers" id="vouchers-mine">
          {wallet.vouchers.map((voucher) => (
            <li key={voucher.accountId} className="cur-voucher" data-balance={voucher.balance}>
              <p className="cur-voucher__name">{voucher.name}</p>
              <p className="cur-voucher__balance">{yen(voucher.balance)}</p>
              <dl className="cur-voucher__facts">
                <div>
                  <dt>{m.vouchers.expires}</dt>
                  <dd>{voucher.expiresAt === null ? m.vouchers.noExpiry : formatDate(voucher.expiresAt, language)}</dd>
                </div>
                <div>
                  <dt>{m.vouchers.where}</dt>
                  <dd>{voucher.restriction === 'small_shop' ? m.vouchers.smallShop : m.vouchers.anyShop}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <h2 className="cur-h2">{m.vouchers.campaigns}</h2>
      <CampaignsOnSale onMoved={onMoved} />
    </>
  );
}
