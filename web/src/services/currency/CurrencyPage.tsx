import type { ReactNode } from 'react';
import { usePageTitle } from '../../components/usePageTitle';
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
  /** Shown between the heading and the sign-in gate, to everyone; told whether the person is signed in. */
  before?: (signedIn: boolean) => ReactNode;
  /** Where the sign-in sends the person back to. */
  returnTo: string;
  /** The page for a signed-in person; a sign-out button follows it. */
  children: ReactNode;
};

/** The frame of every currency page: the service's name, the page's heading and title, the sign-in gate and sign-out. */
export function CurrencyPage({ titleId, title, layout, lead, view, before, returnTo, children }: Props) {
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
        {before?.(session.state === 'signedIn')}
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
