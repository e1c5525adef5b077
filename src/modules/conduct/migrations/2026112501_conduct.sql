-- Complaints and misconduct: cases, allegations and their subjects, flags, complainants and victims (kept apart),
-- appropriate-authority decisions (with the decider's rank at the time, for the seniority rule), outcomes, timeline.
-- People belong to the workforce module: referenced by id, without foreign keys across modules.

create table conduct_cases (
  id uuid primary key default gen_random_uuid(),
  -- Random, not sequential: a reference given to the public must not reveal how many cases there are.
  reference text not null unique,
  kind text not null,
  status text not null default 'to_be_recorded',
  source text not null,
  summary text not null,
  received_on date not null,
  recorded_on date,
  handling_route text,
  referred boolean,
  finalised_on date,
  -- Need-to-know (platform/access): every subject of every allegation never sees it; excluded users never; sealed to named users only.
  subject_person_ids uuid[] not null default '{}',
  excluded_user_ids uuid[] not null default '{}',
  sealed_to_user_ids uuid[] not null default '{}',
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index conduct_cases_status_idx on conduct_cases (status, received_on);
create index conduct_cases_subjects_idx on conduct_cases using gin (subject_person_ids);

create table conduct_allegations (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  category text not null,
  description text not null,
  occurred_on date,
  created_at timestamptz not null default now()
);
create index conduct_allegations_case_idx on conduct_allegations (case_id);
create index conduct_allegations_category_idx on conduct_allegations (category);

-- A subject is a person in the workforce directory, or someone not yet identified (person_id null, with a description).
create table conduct_allegation_subjects (
  id uuid primary key default gen_random_uuid(),
  allegation_id uuid not null references conduct_allegations (id),
  case_id uuid not null references conduct_cases (id),
  person_id uuid,
  unidentified_description text,
  created_at timestamptz not null default now(),
  check ((person_id is null) <> (unidentified_description is null))
);
create unique index conduct_subjects_unique_idx on conduct_allegation_subjects (allegation_id, person_id) where person_id is not null;
create index conduct_subjects_person_idx on conduct_allegation_subjects (person_id);

-- A flag on the case (allegation_id null) or on one allegation.
create table conduct_flags (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  allegation_id uuid references conduct_allegations (id),
  flag text not null,
  added_by_label text not null,
  created_at timestamptz not null default now()
);
create unique index conduct_flags_unique_idx on conduct_flags (case_id, coalesce(allegation_id, '00000000-0000-0000-0000-000000000000'::uuid), flag);
create index conduct_flags_flag_idx on conduct_flags (flag);

-- Complainants and victims: stored apart from the case, read only through an audited, role-limited path.
create table conduct_parties (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  role text not null,
  colleague boolean not null,
  person_id uuid,
  forenames text not null,
  surname text not null,
  email text,
  phone text,
  address text,
  postcode text,
  vulnerable boolean not null default false,
  created_at timestamptz not null default now()
);
create index conduct_parties_case_idx on conduct_parties (case_id);

-- Colleague victims: their support plan and the Victims' Code entitlements offered.
create table conduct_victim_support (
  party_id uuid primary key references conduct_parties (id),
  support_plan text not null,
  support_officer text not null,
  entitlements_offered text[] not null default '{}',
  reviewed_on date not null,
  updated_by_label text not null,
  updated_at timestamptz not null default now()
);

-- Appropriate-authority decisions, each with the decider's rank or grade as it was when they decided.
create table conduct_decisions (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  kind text not null,
  value text not null,
  person_id uuid,
  rationale text not null,
  details jsonb not null default '{}',
  decided_on date not null,
  decided_by uuid,
  decided_by_label text not null,
  decider_person_id uuid,
  decider_rank text,
  created_at timestamptz not null default now()
);
create index conduct_decisions_case_idx on conduct_decisions (case_id, kind, created_at);

create table conduct_outcomes (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  person_id uuid not null,
  forum text not null,
  finding text,
  outcome text not null,
  decided_on date not null,
  decided_by_name text not null,
  recorded_by uuid,
  recorded_by_label text not null,
  created_at timestamptz not null default now()
);
create index conduct_outcomes_person_idx on conduct_outcomes (person_id, decided_on desc);
create index conduct_outcomes_case_idx on conduct_outcomes (case_id);

create table conduct_timeline (
  id bigint generated always as identity primary key,
  case_id uuid not null references conduct_cases (id),
  at timestamptz not null default clock_timestamp(),
  actor_label text not null,
  what text not null
);
create index conduct_timeline_case_idx on conduct_timeline (case_id, at);
