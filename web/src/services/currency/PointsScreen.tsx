import { History } from './History';
import { useCurrencyGet } from './hooks';
import { fill, useCurrencyText } from './text';
import { parseStatement, type Wallet } from './types';
import { LoadFailed } from './ui';

/** つなポン: the balance and its own history. */
export function PointsScreen({ wallet }: { wallet: Wallet }) {
  const { m } = useCurrencyText();
  const history = useCurrencyGet('/wallet/history?account=points', parseStatement);
  return (
    <>
      <p className="section__intro">{m.pointsPage.lead}</p>
      <div className="cur-balance cur-balance--points">
        <p className="cur-balance__label">{m.pointsPage.balance}</p>
        <p className="cur-balance__yen" id="points-balance" data-amount={wallet.points}>
          {fill(m.points, { amount: new Intl.NumberFormat('ja-JP').format(wallet.points) })}
        </p>
      </div>
      <p className="notice">{m.pointsPage.spend}</p>
      <h2 className="cur-h2">{m.pointsPage.history}</h2>
      {history.state === 'loading' && <p role="status">{m.loading}</p>}
      {history.state === 'failed' && <LoadFailed problem={history.problem} onRetry={() => void history.reload()} />}
      {history.state === 'ready' && <History id="points-history" lines={history.value.lines} empty={m.pointsPage.none} unit="points" />}
    </>
  );
}
