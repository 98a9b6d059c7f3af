import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import type { CheckinCodes } from './checkin-code.ts';
import { DisasterError } from './errors.ts';
import { EventRepository, type EventRow, type ProfileRow } from './event-repository.ts';
import type { EventService } from './event-service.ts';
import { FamilyRepository, type FamilyMemberRow } from './family-repository.ts';
import { areaContains, inJapan } from './geo.ts';
import { GroupCommit } from './group-commit.ts';
import { LiveFeedRepository } from './live-feed-repository.ts';
import type { LiveHub } from './live.ts';
import { optedIn, type Platform } from './ports.ts';
import { ReportRepository, type Destination, type NewReport, type PersonStatusRow, type SafetyStatus } from './report-repository.ts';
import { ShelterRepository } from './shelter-repository.ts';
import type { ShelterService } from './shelter-service.ts';

export type ReportInput = { id: string; status: SafetyStatus; note?: string | null; location?: { lat: number; lon: number } | null };

/** What a person's alert is judged by: whole city, the position the app sent, where they last reported from, or nothing known. */
export type AlertBasis = 'whole_city' | 'given_position' | 'last_report' | 'unknown';

/** An alert as one person sees it: inside the affected area (prominent), outside (subdued), or not known (shown). */
export type PersonalAlert = { event: EventRow; inAffectedArea: boolean | null; basis: AlertBasis };

export type ReportResult = { id: string; stored: 'new' | 'duplicate'; eventId: string; status: SafetyStatus; receivedAt: Date };

const INVITE_DAYS = 7;
const CONSENT_TTL_MS = 60_000;

/** What a citizen does: report safety, find a shelter, choose a destination, share with family. */
export class CitizenService {
  private readonly batcher: GroupCommit<NewReport, { id: string; seq: number; received_at: Date } | null>;
  private readonly locationConsent = new Map<string, { ok: boolean; at: number }>();

  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly platform: Platform,
    private readonly events: EventService,
    private readonly shelters: ShelterService,
    private readonly codes: CheckinCodes,
    private readonly live: LiveHub,
    concurrency: number,
    /** Told when reports were stored (the linkage outbox). */
    private readonly stored: () => void = () => undefined,
  ) {
    this.batcher = new GroupCommit(
      async (items) => {
        const stored = new Map((await new ReportRepository(this.db).insertBatch(items)).map((r) => [r.id, r]));
        return items.map((item) => stored.get(item.id) ?? null);
      },
      { maxBatch: 2000, concurrency },
    );
  }

  profile(subject: string): Promise<ProfileRow> {
    return new EventRepository(this.db).profile(subject);
  }

  updateProfile(subject: string, fields: { displayName?: string; alerts?: boolean; shareLocation?: boolean }): Promise<ProfileRow> {
    this.live.familyChanged();
    return new EventRepository(this.db).updateProfile(subject, fields);
  }

  /**
   * Open events, for a person who has not switched alerts off, each judged against its affected
   * area: by the position the app sends (the browser's location), else where the person last
   * reported from (kept only under the location opt-in, which must still be live), else not
   * known — then the alert is shown as if inside (better safe). A whole-city event is everyone's.
   */
  async alerts(subject: string, position: { lat: number; lon: number } | null): Promise<PersonalAlert[]> {
    if (position && !inJapan(position.lat, position.lon)) throw new DisasterError('invalid_location');
    const profile = await this.profile(subject);
    if (!profile.alerts) return [];
    const events = await this.events.list('open');
    let known: { point: { lat: number; lon: number }; basis: AlertBasis } | null = position ? { point: position, basis: 'given_position' } : null;
    if (!known && events.some((e) => e.area) && (await this.locationAllowed(subject))) {
      const last = await new ReportRepository(this.db).lastLocated(subject);
      if (last) known = { point: { lat: last.lat, lon: last.lon }, basis: 'last_report' };
    }
    return events.map((event) => {
      if (!event.area) return { event, inAffectedArea: true, basis: 'whole_city' };
      if (!known) return { event, inAffectedArea: null, basis: 'unknown' };
      return { event, inAffectedArea: areaContains(event.area, known.point.lat, known.point.lon), basis: known.basis };
    });
  }

  private async locationAllowed(subject: string): Promise<boolean> {
    const hit = this.locationConsent.get(subject);
    if (hit && Date.now() - hit.at < CONSENT_TTL_MS) return hit.ok;
    const ok = await optedIn(this.platform, subject, 'location');
    this.locationConsent.set(subject, { ok, at: Date.now() });
    return ok;
  }

  /**
   * Stores a safety report once, whatever the number of times it is sent (the id is the
   * client's); the latest report counts. Location is kept only under the location opt-in.
   */
  async report(subject: string, eventId: string, input: ReportInput): Promise<ReportResult> {
    await this.events.requireOpen(eventId);
    const location = input.location ?? null;
    if (location && !inJapan(location.lat, location.lon)) throw new DisasterError('invalid_location');
    if (location && !(await this.locationAllowed(subject))) throw new DisasterError('location_not_consented');
    const stored = await this.batcher.submit({
      id: input.id,
      eventId,
      subject,
      status: input.status,
      note: input.note ?? null,
      lat: location?.lat ?? null,
      lon: location?.lon ?? null,
    });
    if (stored) {
      this.stored();
      return { id: input.id, stored: 'new', eventId, status: input.status, receivedAt: stored.received_at };
    }
    const [existing] = await new ReportRepository(this.db).byIds([input.id]);
    if (!existing) throw new DisasterError('event_closed');
    if (existing.subject !== subject || existing.event_id !== eventId) throw new DisasterError('report_id_taken');
    return { id: existing.id, stored: 'duplicate', eventId, status: existing.status, receivedAt: existing.received_at };
  }

  async myStatus(
    subject: string,
    eventId: string,
  ): Promise<{ latest: PersonStatusRow | undefined; reports: Awaited<ReturnType<ReportRepository['history']>> }> {
    await this.events.get(eventId);
    const repo = new ReportRepository(this.db);
    const [latest, reports] = await Promise.all([repo.latest(eventId, subject), repo.history(eventId, subject)]);
    return { latest, reports };
  }

  /** The nearest open sites suitable for the event's hazard; whether the point lies in the affected area. */
  async guidance(eventId: string, options: { lat: number; lon: number; stepFree?: boolean; welfare?: boolean; limit?: number }) {
    const event = await this.events.cached(eventId);
    if (!inJapan(options.lat, options.lon)) throw new DisasterError('invalid_location');
    const shelters = await this.shelters.nearestOpen(eventId, { ...options, hazard: event.hazard });
    const inArea = event.area ? areaContains(event.area, options.lat, options.lon) : true;
    return { event, inArea, shelters };
  }

  /** A shelter open in the event, or a place of the person's own choosing. */
  async chooseDestination(subject: string, eventId: string, destination: Destination): Promise<PersonStatusRow> {
    await this.events.requireOpen(eventId);
    if (destination.siteId) {
      const site = await new ShelterRepository(this.db).eventSite(eventId, destination.siteId);
      if (!site) {
        await this.shelters.get(destination.siteId);
        throw new DisasterError('shelter_not_open');
      }
      if (!site.open) throw new DisasterError('shelter_not_open');
      return this.storeDestination(eventId, subject, { siteId: site.id, label: site.name, lat: site.lat, lon: site.lon });
    }
    if (destination.lat !== null && destination.lon !== null && !inJapan(destination.lat, destination.lon)) {
      throw new DisasterError('invalid_location');
    }
    return this.storeDestination(eventId, subject, destination);
  }

  /** The destination and the live feed's note of it (the family sees it at once), together. */
  private storeDestination(eventId: string, subject: string, destination: Destination): Promise<PersonStatusRow> {
    return withTransaction(this.db, async (tx) => {
      const row = await new ReportRepository(tx).setDestination(eventId, subject, destination);
      await new LiveFeedRepository(tx).append('destination', eventId, subject, destination.siteId);
      return row;
    });
  }

  async invite(subject: string): Promise<{ code: string; expiresAt: Date }> {
    await this.profile(subject);
    // 10 characters from an alphabet without look-alikes, read aloud over the phone if needed.
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const code = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
    await new FamilyRepository(this.db).createInvite(code, subject, expiresAt);
    return { code, expiresAt };
  }

  /** Accepting an invitation links both people: the inviter accepted by inviting. */
  async acceptInvite(subject: string, code: string): Promise<{ member: string }> {
    const normalized = code.normalize('NFKC').trim().toUpperCase();
    const result = await withTransaction(this.db, async (tx) => {
      const family = new FamilyRepository(tx);
      const invite = await family.inviteOf(normalized);
      if (invite?.inviter === subject) throw new DisasterError('invite_own');
      const taken = await family.takeInvite(normalized, subject);
      if (!taken) throw new DisasterError('invite_not_found');
      await new EventRepository(tx).profile(subject);
      await family.link(taken.inviter, subject);
      return { member: taken.inviter };
    });
    this.live.familyChanged();
    return result;
  }

  async leave(subject: string, member: string): Promise<void> {
    const removed = await new FamilyRepository(this.db).unlink(subject, member);
    if (removed === 0) throw new DisasterError('not_family');
    this.live.familyChanged();
  }

  /** The family with each member's latest state in the event; location only from members who share it. */
  async family(subject: string, eventId: string | null): Promise<FamilyMemberRow[]> {
    if (eventId) await this.events.get(eventId);
    const rows = await new FamilyRepository(this.db).view(subject, eventId);
    return rows.map((row) => (row.share_location ? row : { ...row, lat: null, lon: null }));
  }

  /** One family member's state; someone outside the family is not found. */
  async familyMember(subject: string, member: string, eventId: string | null): Promise<FamilyMemberRow> {
    const found = (await this.family(subject, eventId)).find((row) => row.member === member);
    if (!found) throw new DisasterError('not_family');
    return found;
  }

  checkinCode(subject: string): Promise<string> {
    return this.codes.sign({ kind: 'user', subject });
  }

  async answerSurvey(subject: string, eventId: string, score: number, comment: string | null): Promise<void> {
    const event = await this.events.get(eventId);
    if (!event.drill) throw new DisasterError('survey_not_drill');
    await new EventRepository(this.db).answerSurvey(eventId, subject, score, comment);
  }
}
