import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { formatDateTime } from '../../format';
import {
  api,
  BASE,
  type FamilyCheckinMessage,
  type FamilyDestinationMessage,
  type FamilyMember,
  type FamilyReportMessage,
  type Profile,
} from './api';
import { DisasterProblem } from './DisasterProblem';
import { useInterval } from './useDisasterSession';
import { useDisasterT } from './i18n';
import { useShelterName } from './useShelterName';

const FAMILY_POLL_MS = 20_000;

/**
 * Family: invite by code, accept a code, and each member's latest status, destination and
 * shared location — updated live from `GET /api/disaster/me/stream` (server-sent events:
 * reports, destinations, check-ins), with a slow poll in case the stream was down.
 */
export function FamilySection({ eventId, profile, onProfile }: { eventId: string | null; profile: Profile; onProfile: (p: Profile) => void }) {
  const { t, language } = useDisasterT();
  const [members, setMembers] = useState<FamilyMember[] | null>(null);
  const [live, setLive] = useState<'connecting' | 'open' | 'lost'>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const [invite, setInvite] = useState<{ code: string; expiresAt: string } | null>(null);
  const [code, setCode] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [myName, setMyName] = useState(profile.displayName);
  const [nameSaved, setNameSaved] = useState(false);
  const [sharing, setSharing] = useState(profile.shareLocation);
  const nameOf = (displayName: string) => (displayName.trim() === '' ? t('family.unnamed') : displayName);

  const load = useCallback(() => {
    const query = eventId ? `?eventId=${eventId}` : '';
    void api<{ members: FamilyMember[] }>('GET', `/me/family${query}`).then((result) => {
      if (result.ok) setMembers(result.value.members);
    });
  }, [eventId]);
  useInterval(load, FAMILY_POLL_MS);

  useEffect(() => {
    const source = new EventSource(`${BASE}/me/stream`);
    source.addEventListener('open', () => setLive('open'));
    source.addEventListener('error', () => setLive('lost'));
    source.addEventListener('family-report', (e) => {
      const message = JSON.parse((e as MessageEvent<string>).data) as FamilyReportMessage;
      if (eventId !== null && message.eventId !== eventId) return;
      setMembers((current) => {
        if (current === null || !current.some((m) => m.member === message.member)) {
          load();
          return current;
        }
        return current.map((m) =>
          m.member === message.member
            ? {
                ...m,
                state: {
                  destination: null,
                  checkedIn: null,
                  ...m.state,
                  status: message.status,
                  note: message.note,
                  location: message.location,
                  reportedAt: message.reportedAt,
                },
              }
            : m,
        );
      });
      setAnnouncement(
        t('family.updated', {
          name: message.displayName.trim() === '' ? t('family.unnamed') : message.displayName,
          status: t(`report.${message.status}`),
        }),
      );
    });
    // A destination or a check-in: fetch the family again (it carries the shelter names) and say so.
    source.addEventListener('family-destination', (e) => {
      const message = JSON.parse((e as MessageEvent<string>).data) as FamilyDestinationMessage;
      if (eventId !== null && message.eventId !== eventId) return;
      load();
      setAnnouncement(t('family.movedTo', { name: nameOf(message.displayName), label: message.destination.label ?? '' }));
    });
    source.addEventListener('family-checkin', (e) => {
      const message = JSON.parse((e as MessageEvent<string>).data) as FamilyCheckinMessage;
      if (eventId !== null && message.eventId !== eventId) return;
      load();
      setAnnouncement(t('family.checkedInAt', { name: nameOf(message.displayName), shelter: message.shelterName }));
    });
    return () => source.close();
  }, [eventId, load, t]);

  async function makeInvite() {
    const result = await api<{ code: string; expiresAt: string }>('POST', '/me/family/invites');
    if (result.ok) {
      setInvite(result.value);
      setProblem(null);
    } else setProblem(result.problem);
  }

  async function accept() {
    setAccepted(false);
    const result = await api<{ member: string }>('POST', '/me/family/accept', { code: code.trim() });
    if (result.ok) {
      setAccepted(true);
      setCode('');
      setProblem(null);
      load();
    } else setProblem(result.problem);
  }

  async function saveName() {
    setNameSaved(false);
    const result = await api<Profile>('PATCH', '/me', { displayName: myName.trim() });
    if (result.ok) {
      onProfile(result.value);
      setNameSaved(true);
      setProblem(null);
    } else setProblem(result.problem);
  }

  async function shareLocation(on: boolean) {
    setSharing(on);
    const result = await api<Profile>('PATCH', '/me', { shareLocation: on });
    if (result.ok) onProfile(result.value);
    else {
      setSharing(!on);
      setProblem(result.problem);
    }
  }

  return (
    <section className="section disaster-family" aria-labelledby="disaster-family-title" id="family">
      <h2 id="disaster-family-title">{t('family.heading')}</h2>
      <p className="section__intro">{t('family.lead')}</p>
      <p className={`disaster-live disaster-live--${live}`} id="family-live">
        {live === 'open' ? t('family.live') : live === 'lost' ? t('family.reconnecting') : t('loading')}
      </p>
      <p role="status" className="section__notice" id="family-announcement">
        {announcement}
      </p>
      {members !== null && members.length === 0 && <p className="empty">{t('family.none')}</p>}
      {members !== null && members.length > 0 && (
        <ul className="disaster-family__list" id="family-list">
          {members.map((m) => (
            <li
              key={m.member}
              className={`disaster-member disaster-status--${m.state?.status ?? 'none'}`}
              data-member={m.displayName}
              data-status={m.state?.status ?? 'none'}
            >
              <p className="disaster-member__name">{nameOf(m.displayName)}</p>
              <p className={`disaster-member__status disaster-status--${m.state?.status ?? 'none'}`}>
                {m.state?.status ? t(`report.${m.state.status}`) : t('family.notReported')}
              </p>
              {m.state?.reportedAt && (
                <p className="disaster-member__meta">{t('family.reportedAt', { at: formatDateTime(m.state.reportedAt, language) })}</p>
              )}
              {m.state?.note && <p className="disaster-member__note">「{m.state.note}」</p>}
              {m.state?.destination && <Destination label={m.state.destination.label} shelterId={m.state.destination.shelterId} />}
              {m.state?.checkedIn && <CheckedIn shelterId={m.state.checkedIn.shelterId} at={m.state.checkedIn.at} />}
              {m.state?.location && (
                <p className="disaster-member__meta">
                  {t('family.location', { lat: m.state.location.lat.toFixed(4), lon: m.state.location.lon.toFixed(4) })}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <DisasterProblem problem={problem} />
      <div className="disaster-family__actions">
        <div>
          <button type="button" className="button button--secondary" id="family-invite" onClick={() => void makeInvite()}>
            {t('family.invite')}
          </button>
          {invite && (
            <div className="disaster-invite">
              <p id="family-invite-code">{t('family.inviteCode', { code: invite.code, until: formatDateTime(invite.expiresAt, language) })}</p>
              <p className="field__hint">{t('family.inviteHint')}</p>
            </div>
          )}
        </div>
        <form
          className="disaster-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (code.trim() !== '') void accept();
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor="family-code">
              {t('family.accept')}
            </label>
            <input
              id="family-code"
              className="field__input"
              value={code}
              autoComplete="off"
              autoCapitalize="characters"
              maxLength={40}
              onChange={(e) => setCode(e.target.value)}
            />
          </div>
          <button type="submit" className="button button--primary">
            {t('family.acceptButton')}
          </button>
        </form>
        {accepted && (
          <p role="status" className="notice">
            {t('family.accepted')}
          </p>
        )}
        <form
          className="disaster-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveName();
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor="family-my-name">
              {t('family.myName')}
            </label>
            <input id="family-my-name" className="field__input" value={myName} maxLength={50} onChange={(e) => setMyName(e.target.value)} />
          </div>
          <button type="submit" className="button button--secondary">
            {t('family.myNameSave')}
          </button>
        </form>
        {nameSaved && (
          <p role="status" className="notice" id="family-name-saved">
            {t('family.myNameSaved')}
          </p>
        )}
        <div className="checkbox">
          <input id="family-share-location" type="checkbox" checked={sharing} onChange={(e) => void shareLocation(e.target.checked)} />
          <label htmlFor="family-share-location">{t('family.shareLocation')}</label>
        </div>
      </div>
    </section>
  );
}

function CheckedIn({ shelterId, at }: { shelterId: string; at: string }) {
  const { t, language } = useDisasterT();
  const name = useShelterName(shelterId);
  return (
    <p className="disaster-member__meta disaster-member__checked-in">
      {t('family.checkedIn', { at: formatDateTime(at, language) })}
      {name && `：${name}`}
    </p>
  );
}

/** Where a member is going: their own words, or the shelter's name. */
function Destination({ label, shelterId }: { label: string | null; shelterId: string | null }) {
  const { t } = useDisasterT();
  const name = useShelterName(label === null ? shelterId : null);
  const text = label ?? name;
  return text ? <p className="disaster-member__meta">{t('family.destination', { label: text })}</p> : null;
}
