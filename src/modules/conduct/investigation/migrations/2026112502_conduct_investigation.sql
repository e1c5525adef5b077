-- Investigations of conduct cases: the plan (terms of reference, endorsed by a supervisor before it proceeds), its
-- lines of inquiry and their progress, supervisory, inspector and criminal-allegation reviews, notices served on
-- subjects and their responses, the link to a criminal investigation, and why a case past 12 months is still open.
-- Need-to-know lives on conduct_cases: every read joins it. People are referenced by id, without foreign keys.

create table conduct_investigation_plans (
  case_id uuid primary key references conduct_cases (id),
  terms_of_reference text not null,
  opened_on date not null,
  opened_by_label text not null,
  -- Cleared when the terms of reference change: an amended plan needs endorsing again.
  endorsed_at timestamptz,
  endorsed_by uuid,
  endorsed_by_label text,
  endorsed_by_rank text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((endorsed_at is null) = (endorsed_by_label is null))
);
create index conduct_investigation_plans_opened_idx on conduct_investigation_plans (opened_on);

create table conduct_lines_of_inquiry (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_investigation_plans (case_id),
  title text not null,
  description text not null default '',
  -- The wider inquiry this line stands for on a case flagged prejudicial and improper behaviour (null for others).
  wider_inquiry text,
  status text not null default 'open' check (status in ('open', 'done', 'closed')),
  -- Done: what it found. Closed: why it was closed without being done.
  conclusion text,
  concluded_on date,
  concluded_by_label text,
  last_progress_on date,
  created_by_label text not null,
  version int not null default 1,
  -- Lines keep the order they were listed in, even when added in one transaction (the wider inquiries).
  seq bigint generated always as identity,
  created_at timestamptz not null default now(),
  check ((status = 'open') = (conclusion is null)),
  check ((status = 'open') = (concluded_on is null))
);
create index conduct_lines_of_inquiry_case_idx on conduct_lines_of_inquiry (case_id, status);
create unique index conduct_lines_of_inquiry_wider_idx on conduct_lines_of_inquiry (case_id, wider_inquiry) where wider_inquiry is not null;

create table conduct_line_progress (
  id bigint generated always as identity primary key,
  line_id uuid not null references conduct_lines_of_inquiry (id),
  case_id uuid not null references conduct_cases (id),
  note text not null,
  recorded_on date not null,
  recorded_at timestamptz not null default clock_timestamp(),
  recorded_by_label text not null
);
create index conduct_line_progress_line_idx on conduct_line_progress (line_id, recorded_at);

-- Reviews are never edited: each is who reviewed, when, at what rank, and what they found.
create table conduct_investigation_reviews (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  kind text not null check (kind in ('supervisory', 'inspector', 'criminal')),
  reviewed_on date not null,
  reviewed_by uuid,
  reviewed_by_label text not null,
  reviewer_person_id uuid,
  reviewer_rank text,
  summary text not null,
  created_at timestamptz not null default clock_timestamp()
);
create index conduct_investigation_reviews_case_idx on conduct_investigation_reviews (case_id, kind, reviewed_on desc);

create table conduct_investigation_notices (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  person_id uuid not null,
  kind text not null,
  served_on date not null,
  service_method text not null,
  served_by_label text not null,
  response_received_on date,
  response_summary text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  check ((response_received_on is null) = (response_summary is null))
);
create index conduct_investigation_notices_case_idx on conduct_investigation_notices (case_id, served_on);

-- A criminal allegation against a member of the force: the criminal investigation's reference and the senior officer
-- named to review it monthly. marked_criminal covers cases with a criminal investigation but no colleague flag.
create table conduct_criminal_links (
  case_id uuid primary key references conduct_cases (id),
  marked_criminal boolean not null default false,
  criminal_reference text,
  senior_officer_person_id uuid,
  senior_officer_name text,
  senior_officer_rank text,
  updated_by_label text not null,
  version int not null default 1,
  updated_at timestamptz not null default now()
);
create index conduct_criminal_links_officer_idx on conduct_criminal_links (senior_officer_person_id);

-- Why a case past the 12-month clock is still open (reported to the local policing body).
create table conduct_open_case_reasons (
  case_id uuid primary key references conduct_cases (id),
  reason text not null,
  recorded_on date not null,
  recorded_by_label text not null,
  version int not null default 1,
  updated_at timestamptz not null default now()
);
