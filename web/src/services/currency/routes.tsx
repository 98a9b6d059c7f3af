import { lazy, Suspense } from 'react';
import { useLocation } from '../../router';
import type { WalletView } from './WalletPage';

/** The currency's pages in the web app: the wallet (/wallet…), the shop portal (/shop) and the city's admin. */
export type CurrencyRoute = { page: 'wallet'; view: WalletView } | { page: 'request'; id: string } | { page: 'shop' } | { page: 'admin' };

const walletViews: Record<string, WalletView> = {
  '/wallet': 'home',
  '/wallet/pay': 'pay',
  '/wallet/code': 'code',
  '/wallet/charge': 'charge',
  '/wallet/vouchers': 'vouchers',
  '/wallet/points': 'points',
  '/wallet/invoices': 'invoices',
};

export function currencyRouteFor(pathname: string): CurrencyRoute | null {
  const path = pathname.replace(/\/+$/, '');
  const view = Object.hasOwn(walletViews, path) ? walletViews[path] : undefined;
  if (view !== undefined) return { page: 'wallet', view };
  if (path === '/shop') return { page: 'shop' };
  if (path === '/currency/admin') return { page: 'admin' };
  return null;
}

// Loaded on demand: the QR libraries stay out of the home page's bundle.
const WalletPage = lazy(() => import('./WalletPage').then((module) => ({ default: module.WalletPage })));
const ShopPage = lazy(() => import('./ShopPage').then((module) => ({ default: module.ShopPage })));
const RequestPage = lazy(() => import('./RequestPage').then((module) => ({ default: module.RequestPage })));
const AdminPage = lazy(() => import('./AdminPage').then((module) => ({ default: module.AdminPage })));

export function CurrencyPage({ route }: { route: CurrencyRoute }) {
  // The payment API sends a person to /wallet/pay?request=<id> to approve another service's request.
  const request = useLocation().search.get('request');
  if (route.page === 'wallet' && route.view === 'pay' && request !== null && request !== '') route = { page: 'request', id: request };
  return (
    <Suspense fallback={<div className="page" aria-busy="true" />}>
      {route.page === 'wallet' && <WalletPage view={route.view} />}
      {route.page === 'request' && <RequestPage id={route.id} />}
      {route.page === 'shop' && <ShopPage />}
      {route.page === 'admin' && <AdminPage />}
    </Suspense>
  );
}
