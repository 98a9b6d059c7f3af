import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import type { CheckinCodes } from './checkin-code.ts';
import { DisasterError } from './errors.ts';
import { EventRepository } from './event-repository.ts';
import type { EventService } from './event-service.ts';
import type { Platform } from './ports.ts';
import { LiveFeedRepository } from './live-feed-repository.ts';
import { ReportRepository } from './report-repository.ts';
import { ShelterRepository } from './shelter-repository.ts';
import { SupportRepository, type PersonRecord, type SupportedPersonRow } from './support-repository.ts';

type BasicFour = { name?: string; nameKana?: string; address?: string; birthDate?: string; sex?: string };
type Contact = { phone?: string | null; email?: string | null };
type SupportNeeded = { needed?: boolean; categories?: string[]; categoryLabels?: string[]; reason?: string | null };

export type PlanInput = { destinationSiteId: string | null; routeNotes: string; needs: string[]; supporters: string[] };

export type RefreshResult = { checked: number; registered: number; removed: number };

/**
 * People who need support to evacuate (避難行動要支援者): a register built only from what
 * linkage hands over under each person's opt-in, their plans (個別避難計画), the supporters'
 * tasks in an event, and check-in at a shelter.
 */
export class SupportService {
  constructor(
    private readonly db: Kysely<NoTables>,
    private readonly platform: Platform,
    private readonly events: EventService,
    private readonly codes: CheckinCodes,
    private readonly log: Logger,
  ) {}

  /** Reads one person's support status, four basic items and contact through linkage; registers or removes them. */
  async refreshPerson(subject: string): Promise<'registered' | 'removed' | 'not_needed'> {
    const repo = new SupportRepository(this.db);
    const support = await this.platform.read<SupportNeeded>(subject, 'support_needed');
    if (support.outcome !== 'allowed' || !support.data.needed) {
      const known = await repo.personBySubject(subject);
      if (known) await repo.removeSubject(subject);
      return known ? 'removed' : 'not_needed';
    }
    const basic = await this.platform.read<BasicFour>(subject, 'basic_four');
    if (basic.outcome !== 'allowed') {
      await repo.removeSubject(subject);
      return 'removed';
    }
    const contact = await this.platform.read<Contact>(subject, 'contact');
    const record: PersonRecord = {
      subject,
      name: basic.data.name ?? '',
      name_kana: basic.data.nameKana ?? null,
      birth_date: basic.data.birthDate ?? null,
      sex: basic.data.sex ?? null,
      address: basic.data.address ?? null,
      phone: contact.outcome === 'allowed' ? (contact.data.phone ?? null) : null,
      email: contact.outcome === 'allowed' ? (contact.data.email ?? null) : null,
      reason: support.data.reason ?? null,
      categories: support.data.categoryLabels ?? support.data.categories ?? [],
    };
    await repo.upsertPerson(record);
    return 'registered';
  }

  /** Refreshes the register for everyone who has used the service. */
  async refreshAll(): Promise<RefreshResult> {
    const subjects = await new EventRepository(this.db).knownSubjects();
    const result: RefreshResult = { checked: 0, registered: 0, removed: 0 };
    for (const subject of subjects) {
      try {
        const outcome = await this.refreshPerson(subject);
        result.checked++;
        if (outcome === 'registered') result.registered++;
        if (outcome === 'removed') result.removed++;
      } catch (err) {
        this.log.warn({ err }, 'support register: one person could not be read');
      }
    }
    return result;
  }

  people() {
    return new SupportRepository(this.db).people();
  }

  async person(id: string): Promise<SupportedPersonRow> {
    const row = await new SupportRepository(this.db).person(id);
    if (!row?.subject) throw new DisasterError('person_not_found');
    return row;
  }

  async plan(personId: string) {
    await this.person(personId);
    return new SupportRepository(this.db).plan(personId);
  }

  async savePlan(personId: string, plan: PlanInput) {
    await this.person(personId);
    if (plan.destinationSiteId && !(await new ShelterRepository(this.db).get(plan.destinationSiteId))) throw new DisasterError('shelter_not_found');
    const events = new EventRepository(this.db);
    for (const supporter of plan.supporters) {
      if (!(await events.hasRole(supporter, 'supporter'))) throw new DisasterError('not_supporter', `${supporter} is not a registered supporter.`);
    }
    await withTransaction(this.db, (tx) => new SupportRepository(tx).savePlan(personId, plan));
    return new SupportRepository(this.db).plan(personId);
  }

  async tasks(supporter: string, eventId: string | null) {
    await this.events.requireRole(supporter, 'supporter');
    return new SupportRepository(this.db).tasksOf(supporter, eventId);
  }

  async completeTask(supporter: string, taskId: string, note: string | null) {
    await this.events.requireRole(supporter, 'supporter');
    const task = await new SupportRepository(this.db).completeTask(taskId, supporter, note);
    if (!task) throw new DisasterError('task_not_found');
    return task;
  }

  /** A printed check-in card for someone without a phone. */
  async cardCode(personId: string): Promise<string> {
    await this.person(personId);
    return this.codes.sign({ kind: 'person', personId });
  }

  /** Checks a person out of a shelter (they leave): occupancy goes down, the history keeps it. */
  async checkOut(eventId: string, siteId: string, code: string) {
    const target = await this.codes.verify(code);
    if (!target) throw new DisasterError('invalid_checkin_code');
    await this.events.requireOpen(eventId);
    return withTransaction(this.db, async (tx) => {
      const shelters = new ShelterRepository(tx);
      const site = await shelters.eventSite(eventId, siteId);
      if (!site) throw new DisasterError('shelter_not_found');
      const support = new SupportRepository(tx);
      const person = target.kind === 'person' ? await support.person(target.personId) : await support.personBySubject(target.subject);
      const subject = target.kind === 'user' ? target.subject : (person?.subject ?? null);
      if (!(await support.recordCheckout({ eventId, siteId, subject, personId: person?.id ?? null }))) throw new DisasterError('not_checked_in');
      const occupancy = await shelters.addOccupancy(eventId, siteId, -1, 'check-out');
      await new LiveFeedRepository(tx).append('checkout', eventId, subject, siteId);
      return { site: { ...site, occupancy }, personName: person?.name ?? null };
    });
  }

  /**
   * Checks a person in at a shelter by their code: occupancy, the person's state (which the
   * family sees) and the support plan's tasks change in one transaction.
   */
  async checkIn(by: string, eventId: string, siteId: string, code: string) {
    const target = await this.codes.verify(code);
    if (!target) throw new DisasterError('invalid_checkin_code');
    await this.events.requireOpen(eventId);
    return withTransaction(this.db, async (tx) => {
      const shelters = new ShelterRepository(tx);
      const site = await shelters.eventSite(eventId, siteId);
      if (!site?.open) {
        if (!(await shelters.get(siteId))) throw new DisasterError('shelter_not_found');
        throw new DisasterError('shelter_not_open');
      }
      const support = new SupportRepository(tx);
      const person = target.kind === 'person' ? await support.person(target.personId) : await support.personBySubject(target.subject);
      if (target.kind === 'person' && !person?.subject) throw new DisasterError('person_not_found');
      const subject = target.kind === 'user' ? target.subject : (person?.subject ?? null);
      const recorded = await support.recordCheckin({ eventId, siteId, subject, personId: person?.id ?? null, by });
      if (!recorded) throw new DisasterError('already_checked_in');
      const occupancy = await shelters.addOccupancy(eventId, siteId, 1, 'check-in');
      if (subject) await new ReportRepository(tx).markCheckedIn(eventId, subject, siteId);
      await new LiveFeedRepository(tx).append('checkin', eventId, subject, siteId);
      return { site: { ...site, occupancy }, subject, personId: person?.id ?? null, personName: person?.name ?? null };
    });
  }
}
