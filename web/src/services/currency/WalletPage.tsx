import { useCallback, type ReactNode } from 'react';
import { Link } from '../../router';
import { ChargeScreen } from './ChargeScreen';
import { CodeScreen } from './CodeScreen';
import { CurrencyPage } from './CurrencyPage';
import { History } from './History';
import { InvoicesScreen } from './InvoicesScreen';
import { useInvoiceText } from './messages-invoices';
import { useCurrencyGet, type Loaded } from './hooks';
import { PayScreen } from './PayScreen';
import { PointsScreen } from './PointsScreen';
import { fill, pts, useCurrencyText, yen } from './text';
import { parseStatement, parseWallet, type Wallet } from './types';
import { LoadFailed } from './ui';
import { VouchersScreen } from './VouchersScreen';
import './currency.css';

export type WalletView = 'home' | 'pay' | 'code' | 'charge' | 'vouchers' | 'points' | 'invoices';

const paths: Record<WalletView, string> = {
  home: '/wallet',
  pay: '/wallet/pay',
  code: '/wallet/code',
  charge: '/wallet/charge',
  vouchers: '/wallet/vouchers',
  points: '/wallet/points',
  invoices: '/wallet/invoices',
};

/** `/wallet…`: the citizen's wallet, phone first. Each screen has its own path so Back works. */
export function WalletPage({ view }: { view: WalletView }) {
  const { m } = useCurrencyText();
  const t = useInvoiceText();
  const titles: Record<WalletView, string> = {
    home: m.wallet.title,
    pay: m.pay.title,
    code: m.code.title,
    charge: m.charge.title,
    vouchers: m.vouchers.title,
    points: m.pointsPage.title,
    invoices: t.wallet.title,
  };
  return (
    <CurrencyPage
      titleId="wallet-title"
      title={titles[view]}
      layout="phone"
      view={view}
      returnTo={paths[view]}
      nav={view === 'home' ? 'wallet' : undefined}
      before={
        view !== 'home' && (
          <p className="cur-back">
            <Link href="/wallet" id="wallet-back">
              ← {m.pay.toWallet}
            </Link>
          </p>
        )
      }
    >
      <WalletBody view={view} />
    </CurrencyPage>
  );
}

function WalletBody({ view }: { view: WalletView }) {
  const wallet = useCurrencyGet('/wallet', parseWallet);
  const { reload: reloadWallet } = wallet;
  const reload = useCallback(() => void reloadWallet(), [reloadWallet]);
  return (
    <WithWallet wallet={wallet} onRetry={reload}>
      {(value) => {
        switch (view) {
          case 'home':
            return <WalletHome wallet={value} />;
          case 'pay':
            return <PayScreen wallet={value} onMoved={reload} />;
          case 'code':
            return <CodeScreen wallet={value} onMoved={reload} />;
          case 'charge':
            return <ChargeScreen wallet={value} onMoved={reload} />;
          case 'vouchers':
            return <VouchersScreen wallet={value} onMoved={reload} />;
          case 'points':
            return <PointsScreen wallet={value} />;
          case 'invoices':
            return <InvoicesScreen wallet={value} onMoved={reload} />;
        }
      }}
    </WithWallet>
  );
}

function WithWallet({ wallet, onRetry, children }: { wallet: Loaded<Wallet>; onRetry: () => void; children: (wallet: Wallet) => ReactNode }) {
  const { m } = useCurrencyText();
  if (wallet.state === 'loading')
    return (
      <p className="section__notice" role="status">
        {m.loading}
      </p>
    );
  if (wallet.state === 'failed') return <LoadFailed problem={wallet.problem} onRetry={onRetry} />;
  return <>{children(wallet.value)}</>;
}

export function BalanceCard({ wallet }: { wallet: Wallet }) {
  const { m } = useCurrencyText();
  const voucherTotal = wallet.vouchers.reduce((sum, v) => sum + v.balance, 0);
  return (
    <div className="cur-balance" aria-labelledby="wallet-balance-label">
      <p id="wallet-balance-label" className="cur-balance__label">
        {m.wallet.balanceYen}
      </p>
      <p className="cur-balance__yen" id="wallet-balance" data-amount={wallet.balance}>
        {yen(wallet.balance)}
      </p>
      {wallet.held > 0 && <p className="cur-balance__note">{fill(m.wallet.held, { amount: yen(wallet.held) })}</p>}
      <dl className="cur-balance__others">
        <div>
          <dt>{m.wallet.pointsBalance}</dt>
          <dd id="wallet-points" data-amount={wallet.points}>
            {pts(wallet.points)}
          </dd>
        </div>
        <div>
          <dt>{m.wallet.vouchersTotal}</dt>
          <dd id="wallet-vouchers-total" data-amount={voucherTotal}>
            {yen(voucherTotal)}
          </dd>
        </div>
      </dl>
    </div>
  );
}

function WalletHome({ wallet }: { wallet: Wallet }) {
  const { m } = useCurrencyText();
  const t = useInvoiceText();
  const history = useCurrencyGet('/wallet/history', parseStatement);
  const actions: { view: WalletView; label: string; mark: string }[] = [
    { view: 'pay', label: m.wallet.pay, mark: '⌖' },
    { view: 'code', label: m.wallet.showCode, mark: '▦' },
    { view: 'charge', label: m.wallet.charge, mark: '＋' },
    { view: 'vouchers', label: m.wallet.vouchers, mark: '券' },
    { view: 'points', label: m.wallet.pointsPage, mark: 'pt' },
    { view: 'invoices', label: t.wallet.action, mark: '請' },
  ];
  return (
    <>
      <BalanceCard wallet={wallet} />
      <nav aria-label={m.wallet.actions}>
        <ul className="cur-actions">
          {actions.map((action) => (
            <li key={action.view}>
              <Link href={paths[action.view]} id={`wallet-action-${action.view}`} className="cur-action">
                <span className="cur-action__mark" aria-hidden="true">
                  {action.mark}
                </span>
                {action.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <h2 className="cur-h2">{m.wallet.history}</h2>
      {history.state === 'loading' && <p role="status">{m.loading}</p>}
      {history.state === 'failed' && <LoadFailed problem={history.problem} onRetry={() => void history.reload()} />}
      {history.state === 'ready' && <History id="wallet-history" lines={history.value.lines} empty={m.wallet.historyEmpty} />}
    </>
  );
}
