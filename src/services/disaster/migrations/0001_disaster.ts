import { sql, type Kysely, type Migration } from 'kysely';

/** Shelters, disaster events, safety reports, families, the support register and check-ins. */
export const disaster: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      // One row per 共通ID of the GSI files; staff columns are never touched by an import.
      sql`create table disaster.site (
        id uuid primary key default gen_random_uuid(),
        common_id text not null unique,
        facility_key text not null,
        kind text not null check (kind in ('evacuation_site', 'shelter')),
        source_no integer,
        municipality text not null,
        name text not null,
        address text not null,
        hazards integer not null default 0,
        same_address boolean not null default false,
        other_notes text not null default '',
        accepts text not null default '',
        remarks text not null default '',
        lat double precision not null check (lat between 20 and 46),
        lon double precision not null check (lon between 122 and 154),
        capacity integer check (capacity >= 0),
        step_free boolean not null default false,
        welfare boolean,
        contact text,
        imported_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      // The nearest-shelter query starts from a bounding box on this index.
      sql`create index site_lat_lon on disaster.site (lat, lon)`,
      // Nearest-first (KNN) scans of the built-in geometric point type: no PostGIS needed, PGlite has it too.
      sql`create index site_point on disaster.site using gist (point(lon, lat))`,
      sql`create index site_facility on disaster.site (facility_key)`,
      sql`create table disaster.role (
        subject text not null,
        role text not null check (role in ('staff', 'supporter')),
        granted_at timestamptz not null default now(),
        primary key (subject, role)
      )`,
      sql`create table disaster.profile (
        subject text primary key,
        display_name text not null default '',
        alerts boolean not null default true,
        share_location boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      sql`create table disaster.event (
        id uuid primary key,
        hazard text not null,
        title text not null,
        drill boolean not null default false,
        level integer not null default 4 check (level between 1 and 5),
        area jsonb,
        area_names jsonb not null default '[]',
        status text not null check (status in ('open', 'closed')),
        declared_by text not null,
        declared_at timestamptz not null default now(),
        closed_by text,
        closed_at timestamptz
      )`,
      sql`create table disaster.event_shelter (
        event_id uuid not null references disaster.event (id),
        site_id uuid not null references disaster.site (id),
        open boolean not null,
        occupancy integer not null default 0 check (occupancy >= 0),
        updated_at timestamptz not null default now(),
        primary key (event_id, site_id)
      )`,
      sql`create table disaster.occupancy_log (
        id bigint generated always as identity primary key,
        event_id uuid not null,
        site_id uuid not null,
        at timestamptz not null default now(),
        occupancy integer not null,
        capacity integer,
        cause text not null
      )`,
      sql`create index occupancy_log_site on disaster.occupancy_log (event_id, site_id, id)`,
      // Reports are kept forever (after-action review); the id comes from the client so a resend is stored once.
      sql`create table disaster.report (
        id uuid primary key,
        seq bigint generated always as identity unique,
        event_id uuid not null references disaster.event (id),
        subject text not null,
        status text not null check (status in ('safe', 'injured', 'rescue')),
        note text,
        lat double precision,
        lon double precision,
        received_at timestamptz not null default now(),
        linkage text not null default 'pending'
      )`,
      sql`create index report_linkage_pending on disaster.report (seq) where linkage = 'pending'`,
      sql`create table disaster.person_status (
        event_id uuid not null references disaster.event (id),
        subject text not null,
        report_id uuid,
        status text,
        note text,
        lat double precision,
        lon double precision,
        reported_at timestamptz,
        destination_site_id uuid references disaster.site (id),
        destination_label text,
        destination_lat double precision,
        destination_lon double precision,
        checked_in_site_id uuid references disaster.site (id),
        checked_in_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (event_id, subject)
      )`,
      sql`create index person_status_status on disaster.person_status (event_id, status)`,
      sql`create table disaster.family_invite (
        code text primary key,
        inviter text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        accepted_by text,
        accepted_at timestamptz
      )`,
      sql`create table disaster.family_link (
        subject text not null,
        member text not null,
        created_at timestamptz not null default now(),
        primary key (subject, member),
        check (subject <> member)
      )`,
      sql`create index family_link_member on disaster.family_link (member)`,
      sql`create table disaster.supported_person (
        id uuid primary key default gen_random_uuid(),
        subject text unique,
        name text not null,
        name_kana text,
        birth_date text,
        sex text,
        address text,
        phone text,
        email text,
        reason text,
        categories jsonb not null default '[]',
        refreshed_at timestamptz not null default now()
      )`,
      sql`create table disaster.plan (
        person_id uuid primary key references disaster.supported_person (id),
        destination_site_id uuid references disaster.site (id),
        route_notes text not null default '',
        needs jsonb not null default '[]',
        updated_at timestamptz not null default now()
      )`,
      sql`create table disaster.plan_supporter (
        person_id uuid not null references disaster.supported_person (id),
        supporter text not null,
        primary key (person_id, supporter)
      )`,
      sql`create table disaster.task (
        id uuid primary key default gen_random_uuid(),
        event_id uuid not null references disaster.event (id),
        person_id uuid not null references disaster.supported_person (id),
        supporter text not null,
        status text not null default 'open' check (status in ('open', 'done')),
        note text,
        done_at timestamptz,
        created_at timestamptz not null default now(),
        unique (event_id, person_id, supporter)
      )`,
      sql`create index task_supporter on disaster.task (supporter, event_id)`,
      sql`create table disaster.checkin (
        id uuid primary key default gen_random_uuid(),
        event_id uuid not null references disaster.event (id),
        site_id uuid not null references disaster.site (id),
        subject text,
        person_id uuid references disaster.supported_person (id),
        checked_in_by text not null,
        at timestamptz not null default now(),
        checked_out_at timestamptz
      )`,
      sql`create unique index checkin_subject_once on disaster.checkin (event_id, subject) where subject is not null and checked_out_at is null`,
      sql`create unique index checkin_person_once on disaster.checkin (event_id, person_id) where person_id is not null and checked_out_at is null`,
      sql`create table disaster.survey (
        event_id uuid not null references disaster.event (id),
        subject text not null,
        score integer not null check (score between 1 and 5),
        comment text,
        answered_at timestamptz not null default now(),
        primary key (event_id, subject)
      )`,
      sql`create table disaster.signing_key (
        id integer primary key check (id = 1),
        secret text not null
      )`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
