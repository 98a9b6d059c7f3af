import { sql, type Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { PersonStatusRow } from './report-repository.ts';

export type FamilyMemberRow = PersonStatusRow & { member: string; display_name: string; share_location: boolean; since: Date };

/** The only SQL about families: invitations and the links both members accepted. */
export class FamilyRepository {
  constructor(private readonly db: Kysely<NoTables>) {}

  async createInvite(code: string, inviter: string, expiresAt: Date): Promise<void> {
    await sql`insert into disaster.family_invite (code, inviter, expires_at) values (${code}, ${inviter}, ${expiresAt})`.execute(this.db);
  }

  /** Takes an unused, unexpired invitation for `by`; undefined when there is none. */
  async takeInvite(code: string, by: string): Promise<{ inviter: string } | undefined> {
    const { rows } = await sql<{ inviter: string }>`
      update disaster.family_invite set accepted_by = ${by}, accepted_at = now()
      where code = ${code} and accepted_by is null and expires_at > now() and inviter <> ${by}
      returning inviter`.execute(this.db);
    return rows[0];
  }

  async inviteOf(code: string): Promise<{ inviter: string; accepted_by: string | null; expires_at: Date } | undefined> {
    const { rows } = await sql<{ inviter: string; accepted_by: string | null; expires_at: Date }>`
      select inviter, accepted_by, expires_at from disaster.family_invite where code = ${code}`.execute(this.db);
    return rows[0];
  }

  async link(a: string, b: string): Promise<void> {
    await sql`insert into disaster.family_link (subject, member) values (${a}, ${b}), (${b}, ${a}) on conflict do nothing`.execute(this.db);
  }

  async unlink(a: string, b: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      with gone as (delete from disaster.family_link where (subject = ${a} and member = ${b}) or (subject = ${b} and member = ${a}) returning 1)
      select count(*)::int as n from gone`.execute(this.db);
    return rows[0]?.n ?? 0;
  }

  async members(subject: string): Promise<string[]> {
    const { rows } = await sql<{ member: string }>`select member from disaster.family_link where subject = ${subject}`.execute(this.db);
    return rows.map((r) => r.member);
  }

  /** Family members of each subject (for the live stream), in one query. */
  async membersOfMany(subjects: readonly string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(subjects.map((s) => [s, []]));
    if (subjects.length === 0) return result;
    const { rows } = await sql<{ subject: string; member: string }>`select subject, member from disaster.family_link
      where subject in (select jsonb_array_elements_text(${JSON.stringify(subjects)}::jsonb))`.execute(this.db);
    for (const row of rows) result.get(row.subject)?.push(row.member);
    return result;
  }

  /** Each family member with their latest state in the event (null columns when they have not reported). */
  async view(subject: string, eventId: string | null): Promise<FamilyMemberRow[]> {
    const { rows } = await sql<FamilyMemberRow>`
      select f.member, f.created_at as since, coalesce(p.display_name, '') as display_name, coalesce(p.share_location, false) as share_location,
        ps.event_id, ps.report_id, ps.status, ps.note, ps.lat, ps.lon, ps.reported_at, ps.destination_site_id, ps.destination_label,
        ps.destination_lat, ps.destination_lon, ps.checked_in_site_id, ps.checked_in_at, f.member as subject
      from disaster.family_link f
      left join disaster.profile p on p.subject = f.member
      left join disaster.person_status ps on ps.subject = f.member and ps.event_id = ${eventId}
      where f.subject = ${subject} order by f.created_at`.execute(this.db);
    return rows;
  }
}
