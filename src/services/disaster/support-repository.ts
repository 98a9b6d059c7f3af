import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';

export type SupportedPersonRow = {
  id: string;
  subject: string | null;
  name: string;
  name_kana: string | null;
  birth_date: string | null;
  sex: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  reason: string | null;
  categories: string[];
  refreshed_at: Date;
};

export type PlanRow = {
  person_id: string;
  destination_site_id: string | null;
  route_notes: string;
  needs: string[];
  updated_at: Date;
  supporters: string[];
};

export type TaskRow = {
  id: string;
  event_id: string;
  person_id: string;
  supporter: string;
  status: 'open' | 'done';
  note: string | null;
  done_at: Date | null;
  created_at: Date;
  person_name: string;
  person_address: string | null;
  person_phone: string | null;
  destination_site_id: string | null;
  route_notes: string;
  needs: string[];
  checked_in_at: Date | null;
};

export type PersonRecord = Omit<SupportedPersonRow, 'id' | 'refreshed_at'>;

/** The only SQL about the support register (避難行動要支援者), plans, supporters' tasks and check-ins. */
export class SupportRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  async upsertPerson(p: PersonRecord): Promise<SupportedPersonRow> {
    const { rows } = await sql<SupportedPersonRow>`
      insert into disaster.supported_person (subject, name, name_kana, birth_date, sex, address, phone, email, reason, categories)
      values (${p.subject}, ${p.name}, ${p.name_kana}, ${p.birth_date}, ${p.sex}, ${p.address}, ${p.phone}, ${p.email}, ${p.reason},
        ${JSON.stringify(p.categories)}::jsonb)
      on conflict (subject) do update set name = excluded.name, name_kana = excluded.name_kana, birth_date = excluded.birth_date,
        sex = excluded.sex, address = excluded.address, phone = excluded.phone, email = excluded.email, reason = excluded.reason,
        categories = excluded.categories, refreshed_at = now()
      returning *`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('person upsert returned nothing');
    return row;
  }

  /** Someone who withdrew their opt-in leaves the register (their plan and past tasks stay for the record). */
  async removeSubject(subject: string): Promise<void> {
    await sql`update disaster.supported_person set subject = null, name = '（同意撤回）', name_kana = null, birth_date = null, sex = null,
      address = null, phone = null, email = null, reason = null, categories = '[]' where subject = ${subject}`.execute(this.db);
  }

  async people(): Promise<(SupportedPersonRow & { plan: boolean })[]> {
    const { rows } = await sql<SupportedPersonRow & { plan: boolean }>`
      select sp.*, exists (select 1 from disaster.plan p where p.person_id = sp.id) as plan
      from disaster.supported_person sp where sp.subject is not null order by sp.name_kana nulls last, sp.name`.execute(this.db);
    return rows;
  }

  async person(id: string): Promise<SupportedPersonRow | undefined> {
    const { rows } = await sql<SupportedPersonRow>`select * from disaster.supported_person where id = ${id}`.execute(this.db);
    return rows[0];
  }

  async personBySubject(subject: string): Promise<SupportedPersonRow | undefined> {
    const { rows } = await sql<SupportedPersonRow>`select * from disaster.supported_person where subject = ${subject}`.execute(this.db);
    return rows[0];
  }

  async savePlan(personId: string, plan: { destinationSiteId: string | null; routeNotes: string; needs: string[]; supporters: string[] }) {
    await sql`insert into disaster.plan (person_id, destination_site_id, route_notes, needs)
      values (${personId}, ${plan.destinationSiteId}, ${plan.routeNotes}, ${JSON.stringify(plan.needs)}::jsonb)
      on conflict (person_id) do update set destination_site_id = excluded.destination_site_id, route_notes = excluded.route_notes,
        needs = excluded.needs, updated_at = now()`.execute(this.db);
    await sql`delete from disaster.plan_supporter where person_id = ${personId}`.execute(this.db);
    if (plan.supporters.length > 0) {
      await sql`insert into disaster.plan_supporter (person_id, supporter)
        select ${personId}, s from jsonb_array_elements_text(${JSON.stringify(plan.supporters)}::jsonb) as s`.execute(this.db);
    }
  }

  async plan(personId: string): Promise<PlanRow | undefined> {
    const { rows } = await sql<PlanRow>`
      select p.*, coalesce((select jsonb_agg(ps.supporter order by ps.supporter) from disaster.plan_supporter ps where ps.person_id = p.person_id), '[]') as supporters
      from disaster.plan p where p.person_id = ${personId}`.execute(this.db);
    return rows[0];
  }

  /** One task per supporter and supported person with a plan; returns how many it made. */
  async createTasks(eventId: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      with made as (insert into disaster.task (event_id, person_id, supporter)
        select ${eventId}, ps.person_id, ps.supporter from disaster.plan_supporter ps
        join disaster.supported_person sp on sp.id = ps.person_id and sp.subject is not null
        on conflict do nothing returning 1)
      select count(*)::int as n from made`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  private taskQuery() {
    return sql`select t.*, sp.name as person_name, sp.address as person_address, sp.phone as person_phone,
        p.destination_site_id, coalesce(p.route_notes, '') as route_notes, coalesce(p.needs, '[]') as needs,
        (select c.at from disaster.checkin c where c.event_id = t.event_id and c.person_id = t.person_id) as checked_in_at
      from disaster.task t join disaster.supported_person sp on sp.id = t.person_id left join disaster.plan p on p.person_id = t.person_id`;
  }

  async tasksOf(supporter: string, eventId: string | null): Promise<TaskRow[]> {
    const { rows } = await sql<TaskRow>`${this.taskQuery()} where t.supporter = ${supporter}
      ${eventId ? sql`and t.event_id = ${eventId}` : sql``} order by t.status, t.created_at`.execute(this.db);
    return rows;
  }

  async completeTask(id: string, supporter: string, note: string | null): Promise<TaskRow | undefined> {
    const { rows } = await sql<{ id: string }>`update disaster.task set status = 'done', note = ${note}, done_at = coalesce(done_at, now())
      where id = ${id} and supporter = ${supporter} returning id`.execute(this.db);
    if (!rows[0]) return undefined;
    const found = await sql<TaskRow>`${this.taskQuery()} where t.id = ${id}`.execute(this.db);
    return found.rows[0];
  }

  async recordCheckin(c: { eventId: string; siteId: string; subject: string | null; personId: string | null; by: string }): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      insert into disaster.checkin (event_id, site_id, subject, person_id, checked_in_by)
      values (${c.eventId}, ${c.siteId}, ${c.subject}, ${c.personId}, ${c.by}) on conflict do nothing returning id`.execute(this.db);
    return rows.length > 0;
  }

  /** Marks the person's check-in at the site as left; false when they are not checked in there. */
  async recordCheckout(c: { eventId: string; siteId: string; subject: string | null; personId: string | null }): Promise<boolean> {
    const { rows } = await sql<{ id: string }>`
      update disaster.checkin set checked_out_at = now()
      where event_id = ${c.eventId} and site_id = ${c.siteId} and checked_out_at is null
        and ((${c.subject}::text is not null and subject = ${c.subject}) or (${c.personId}::uuid is not null and person_id = ${c.personId}))
      returning id`.execute(this.db);
    return rows.length > 0;
  }

  /** Supported people with no safe report, no check-in and no completed task in the event. */
  async notConfirmed(eventId: string): Promise<(SupportedPersonRow & { status: string | null; tasks_open: number })[]> {
    const { rows } = await sql<SupportedPersonRow & { status: string | null; tasks_open: number }>`
      select sp.*, ps.status,
        (select count(*)::int from disaster.task t where t.event_id = ${eventId} and t.person_id = sp.id and t.status = 'open') as tasks_open
      from disaster.supported_person sp
      left join disaster.person_status ps on ps.event_id = ${eventId} and ps.subject = sp.subject
      where sp.subject is not null
        and coalesce(ps.status, '') <> 'safe'
        and not exists (select 1 from disaster.checkin c where c.event_id = ${eventId} and (c.person_id = sp.id or c.subject = sp.subject))
        and not exists (select 1 from disaster.task t where t.event_id = ${eventId} and t.person_id = sp.id and t.status = 'done')
      order by sp.name_kana nulls last, sp.name`.execute(this.db);
    return rows;
  }
}
