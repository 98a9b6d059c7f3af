import { Link } from '../../router';
import { useCurrencyGet } from './hooks';
import { parseRoles } from './invoice-types';
import { useInvoiceText } from './messages-invoices';

export type Portal = 'wallet' | 'shop' | 'admin';

const paths: Record<Portal, string> = { wallet: '/wallet', shop: '/shop', admin: '/currency/admin' };

/** Links to the currency's pages this person may use (GET /me): the wallet always, the others by role. */
export function CurrencyNav({ current }: { current: Portal }) {
  const t = useInvoiceText();
  const roles = useCurrencyGet('/me', parseRoles);
  if (roles.state !== 'ready') return null;
  const shown = (['wallet', 'shop', 'admin'] as const).filter((portal) => roles.value.portals[portal]);
  if (shown.length < 2) return null;
  return (
    <nav className="cur-portals cur-noprint" aria-label={t.nav.label} id="currency-portals">
      <ul>
        {shown.map((portal) => (
          <li key={portal} data-portal={portal}>
            <Link href={paths[portal]} aria-current={portal === current ? 'page' : undefined}>
              {t.nav[portal]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
