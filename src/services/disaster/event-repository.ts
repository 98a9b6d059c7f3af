import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { Area } from './geo.ts';
import type { Hazard } from './hazards.ts';

export type EventRow = {
  id: string;
  hazard: Hazard;
  title: string;
  drill: boolean;
  level: number;
  area: Area | null;
  area_names: string[];
  status: 'open' | 'closed';
  declared_by: string;
  declared_at: Date;
  closed_by: string | null;
  closed_at: Date | null;
};

/** The only SQL about disaster events, roles, profiles and surveys. */
export class EventRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  async insert(event: {
    id: string;
    hazard: Hazard;
    title: string;
    drill: boolean;
    level: number;
    area: Area | null;
    areaNames: string[];
    declaredBy: string;
  }): Promise<EventRow> {
    const { rows } = await sql<EventRow>`
      insert into disaster.event (id, hazard, title, drill, level, area, area_names, status, declared_by)
      values (${event.id}, ${event.hazard}, ${event.title}, ${event.drill}, ${event.level}, ${event.area ? JSON.stringify(event.area) : null}::jsonb,
        ${JSON.stringify(event.areaNames)}::jsonb, 'open', ${event.declaredBy})
      returning *`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('event insert returned nothing');
    return row;
  }

  async get(id: string): Promise<EventRow | undefined> {
    const { rows } = await sql<EventRow>`select * from disaster.event where id = ${id}`.execute(this.db);
    return rows[0];
  }

  async list(status: 'open' | 'closed' | null): Promise<EventRow[]> {
    const { rows } = await sql<EventRow>`select * from disaster.event ${status ? sql`where status = ${status}` : sql``}
      order by declared_at desc limit 200`.execute(this.db);
    return rows;
  }

  async close(id: string, by: string): Promise<EventRow | undefined> {
    const { rows } = await sql<EventRow>`update disaster.event set status = 'closed', closed_by = ${by}, closed_at = now()
      where id = ${id} and status = 'open' returning *`.execute(this.db);
    return rows[0];
  }

  async hasRole(subject: string, role: 'staff' | 'supporter'): Promise<boolean> {
    const { rows } = await sql`select 1 from disaster.role where subject = ${subject} and role = ${role}`.execute(this.db);
    return rows.length > 0;
  }

  async grantRole(subject: string, role: 'staff' | 'supporter'): Promise<void> {
    await sql`insert into disaster.role (subject, role) values (${subject}, ${role}) on conflict do nothing`.execute(this.db);
  }

  async revokeRole(subject: string, role: 'staff' | 'supporter'): Promise<void> {
    await sql`delete from disaster.role where subject = ${subject} and role = ${role}`.execute(this.db);
  }

  async supporters(): Promise<{ subject: string; display_name: string }[]> {
    const { rows } = await sql<{ subject: string; display_name: string }>`
      select r.subject, coalesce(p.display_name, '') as display_name from disaster.role r
      left join disaster.profile p on p.subject = r.subject where r.role = 'supporter' order by r.granted_at`.execute(this.db);
    return rows;
  }

  async profile(subject: string): Promise<ProfileRow> {
    const { rows } = await sql<ProfileRow>`
      insert into disaster.profile (subject) values (${subject}) on conflict (subject) do update set subject = excluded.subject
      returning subject, display_name, alerts, share_location`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('profile upsert returned nothing');
    return row;
  }

  async updateProfile(subject: string, fields: { displayName?: string; alerts?: boolean; shareLocation?: boolean }): Promise<ProfileRow> {
    await this.profile(subject);
    const sets = [
      ...(fields.displayName !== undefined ? [sql`display_name = ${fields.displayName}`] : []),
      ...(fields.alerts !== undefined ? [sql`alerts = ${fields.alerts}`] : []),
      ...(fields.shareLocation !== undefined ? [sql`share_location = ${fields.shareLocation}`] : []),
      sql`updated_at = now()`,
    ];
    const { rows } = await sql<ProfileRow>`update disaster.profile set ${sql.join(sets)} where subject = ${subject}
      returning subject, display_name, alerts, share_location`.execute(this.db);
    const row = rows[0];
    if (!row) throw new Error('profile update returned nothing');
    return row;
  }

  async knownSubjects(): Promise<string[]> {
    const { rows } = await sql<{ subject: string }>`select subject from disaster.profile order by created_at`.execute(this.db);
    return rows.map((r) => r.subject);
  }

  async answerSurvey(eventId: string, subject: string, score: number, comment: string | null): Promise<void> {
    await sql`insert into disaster.survey (event_id, subject, score, comment) values (${eventId}, ${subject}, ${score}, ${comment})
      on conflict (event_id, subject) do update set score = excluded.score, comment = excluded.comment, answered_at = now()`.execute(this.db);
  }

  async kpis(): Promise<{ sharing: number; supportUsers: number; supportRegistered: number; surveyAnswers: number; surveyMean: number | null }> {
    const { rows } = await sql<{
      sharing: number;
      support_users: number;
      support_registered: number;
      survey_answers: number;
      survey_mean: number | null;
    }>`
      select (select count(distinct subject)::int from disaster.family_link) as sharing,
        (select count(*)::int from disaster.supported_person where subject is not null) as support_users,
        (select count(*)::int from disaster.supported_person) as support_registered,
        (select count(*)::int from disaster.survey) as survey_answers,
        (select round(avg(score)::numeric, 2)::float8 from disaster.survey) as survey_mean`.execute(this.db);
    const row = rows[0];
    return {
      sharing: row?.sharing ?? 0,
      supportUsers: row?.support_users ?? 0,
      supportRegistered: row?.support_registered ?? 0,
      surveyAnswers: row?.survey_answers ?? 0,
      surveyMean: row?.survey_mean ?? null,
    };
  }
}

export type ProfileRow = { subject: string; display_name: string; alerts: boolean; share_location: boolean };
