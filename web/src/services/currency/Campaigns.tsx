import { useState } from 'react';
import type { Problem } from '../../api/http';
import { formatDate } from '../../format';
import { currencyCall, newKey } from './api';
import { parseCampaigns, statusOf, type Campaign } from './campaign-types';
import { useCurrencyGet } from './hooks';
import { fill, useCurrencyText, yen } from './text';
import { parseTransfer } from './types';
import { ConfirmBox, Done, LoadFailed, MoneyAlert } from './ui';

/** The city's premium voucher campaigns on sale, each with a buy button and a confirmation. */
export function CampaignsOnSale({ onMoved }: { onMoved: () => void }) {
  const { m } = useCurrencyText();
  const campaigns = useCurrencyGet('/campaigns', parseCampaigns);
  const [bought, setBought] = useState<string | null>(null);
  if (campaigns.state === 'loading') return <p role="status">{m.loading}</p>;
  if (campaigns.state === 'failed')
    return campaigns.problem.status === 404 ? (
      <p className="empty" id="campaigns-unavailable">
        {m.vouchers.notAvailable}
      </p>
    ) : (
      <LoadFailed problem={campaigns.problem} onRetry={() => void campaigns.reload()} />
    );
  const open = campaigns.value.filter((c) => statusOf(c) === 'open');
  return (
    <>
      {bought !== null && <Done id="campaign-bought">{bought}</Done>}
      {open.length === 0 ? (
        <p className="empty" id="campaigns-none">
          {m.vouchers.campaignsNone}
        </p>
      ) : (
        <ul className="cur-vouchers" id="campaigns">
          {open.map((campaign) => (
            <CampaignCard
              key={campaign.id}
              campaign={campaign}
              onBought={(text) => {
                setBought(text);
                void campaigns.reload();
                onMoved();
              }}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function CampaignCard({ campaign, onBought }: { campaign: Campaign; onBought: (text: string) => void }) {
  const { m, language } = useCurrencyText();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [key, setKey] = useState(newKey);

  async function buy() {
    if (pending) return;
    setPending(true);
    const result = await currencyCall('POST', `/campaigns/${encodeURIComponent(campaign.id)}/purchases`, parseTransfer, { body: {}, key });
    setPending(false);
    setKey(newKey());
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setConfirming(false);
    onBought(fill(m.vouchers.bought, { name: campaign.name, face: yen(campaign.faceValue) }));
  }

  return (
    <li className="cur-voucher cur-campaign" data-campaign={campaign.id}>
      <p className="cur-voucher__name">{campaign.name}</p>
      <p className="cur-voucher__balance">
        {yen(campaign.price)} → {yen(campaign.faceValue)}
      </p>
      <dl className="cur-voucher__facts">
        {campaign.smallShopPart > 0 && (
          <div>
            <dt>{m.vouchers.where}</dt>
            <dd>{fill(m.vouchers.smallShopPart, { amount: yen(campaign.smallShopPart) })}</dd>
          </div>
        )}
        <div>
          <dt>{m.vouchers.expires}</dt>
          <dd>{formatDate(campaign.expiresAt, language)}</dd>
        </div>
        <div>
          <dt>{m.vouchers.limitLabel}</dt>
          <dd>{fill(m.vouchers.limit, { count: campaign.perPersonLimit })}</dd>
        </div>
      </dl>
      <MoneyAlert id={`campaign-${campaign.id}-alert`} problem={problem} />
      {confirming ? (
        <ConfirmBox
          confirm={pending ? m.vouchers.buying : m.vouchers.confirm}
          pending={pending}
          onConfirm={() => void buy()}
          onCancel={() => setConfirming(false)}
        >
          <p>{fill(m.vouchers.confirmBuy, { name: campaign.name, price: yen(campaign.price), face: yen(campaign.faceValue) })}</p>
        </ConfirmBox>
      ) : (
        <p>
          <button type="button" className="button button--primary cur-big" onClick={() => setConfirming(true)}>
            {fill(m.vouchers.buy, { price: yen(campaign.price) })}
          </button>
        </p>
      )}
    </li>
  );
}
