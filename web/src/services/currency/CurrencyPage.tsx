import type { ReactNode } from 'react';
import { usePageTitle } from '../../components/usePageTitle';
import { CurrencyNav, type Portal } from './CurrencyNav';
import { useServiceSession } from './hooks';
import { useCurrencyText } from './text';
import { SignInGate } from './ui';
import './currency.css';

type Props = {
  /** The heading's id, which the section is labelled by (and tests find the page by). */
  titleId: string;
  title: string;
  /** `phone` for the wallet's narrow screens, `wide` for the shop and city portals. */
  layout: 'phone' | 'wide';
  lead?: string;
  /** Marks the page with `data-view` (the wallet's screens). */
  view?: string;
  /** The portal this page is: links to the currency's other pages are shown to a signed-in person under the lead. */
  nav?: Portal;
  /** Shown to everyone between the heading (and links) and the sign-in gate. */
  before?: ReactNode;
  /** Where the sign-in sends the person back to. */
  returnTo: string;
  /** The page for a signed-in person; a sign-out button follows it. */
  children: ReactNode;
};

/** The frame of every currency page: the service's name, the page's heading and title, the sign-in gate and sign-out. */
export function CurrencyPage({ titleId, title, layout, lead, view, nav, before, returnTo, children }: Props) {
  const { m } = useCurrencyText();
  usePageTitle(`${title}｜${m.name}`);
  const { session, signOut } = useServiceSession();
  return (
    <div className={`page ${layout === 'phone' ? 'cur-phone' : 'cur-wide'}`} data-view={view}>
      <section className="section" aria-labelledby={titleId}>
        <p className="cur-eyebrow">{m.name}</p>
        <h1 id={titleId} className="page-title" tabIndex={-1}>
          {title}
        </h1>
        {lead !== undefined && <p className="section__intro">{lead}</p>}
        {nav !== undefined && session.state === 'signedIn' && <CurrencyNav current={nav} />}
        {before}
        <SignInGate session={session} returnTo={returnTo}>
          {children}
          <p className="cur-signout cur-noprint">
            <button type="button" className="button button--quiet" onClick={() => void signOut()}>
              {m.signIn.signOut}
            </button>
          </p>
        </SignInGate>
      </section>
    </div>
  );
}
