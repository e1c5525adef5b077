-- Vetting: applications, checks, adverse traces, declared associates, decisions and their conditions.
-- People and posts belong to the workforce module: they are referenced by id, without foreign keys across modules.

create table vetting_applications (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  kind text not null,
  person_id uuid,
  applicant_forenames text not null,
  applicant_surname text not null,
  applicant_date_of_birth date,
  post_id uuid,
  level text not null,
  status text not null default 'open',
  review_reason text,
  received_on date not null,
  assigned_to uuid,
  -- Need-to-know (platform/access): the subject never sees it; excluded users never; sealed to named users only.
  subject_person_ids uuid[] not null default '{}',
  excluded_user_ids uuid[] not null default '{}',
  sealed_to_user_ids uuid[] not null default '{}',
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index vetting_applications_person_idx on vetting_applications (person_id);
create index vetting_applications_status_idx on vetting_applications (status, received_on);
create sequence vetting_reference_seq;

create table vetting_checks (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  check_type text not null,
  result text not null,
  checked_on date not null,
  checked_by uuid,
  notes text,
  created_at timestamptz not null default now(),
  unique (application_id, check_type)
);

create table vetting_adverse_traces (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  check_id uuid not null references vetting_checks (id),
  category text not null,
  disposal text,
  description text not null,
  occurred_on date,
  created_at timestamptz not null default now()
);
create index vetting_traces_application_idx on vetting_adverse_traces (application_id);
create index vetting_traces_category_idx on vetting_adverse_traces (category);

-- Declared family, partners, co-residents and associates: later matched against IT-system lookups.
create table vetting_associates (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  relationship text not null,
  forenames text not null,
  surname text not null,
  date_of_birth date,
  address text,
  postcode text,
  created_at timestamptz not null default now()
);
create index vetting_associates_application_idx on vetting_associates (application_id);

create table vetting_decisions (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null unique references vetting_applications (id),
  outcome text not null,
  level text not null,
  decided_on date not null,
  expires_on date,
  decided_by uuid,
  decided_by_label text not null,
  had_adverse_information boolean not null,
  conviction_rule text,
  rationale jsonb,
  rebuttal text,
  created_at timestamptz not null default now()
);
create index vetting_decisions_expiry_idx on vetting_decisions (expires_on);

create table vetting_conditions (
  id uuid primary key default gen_random_uuid(),
  decision_id uuid not null references vetting_decisions (id),
  description text not null,
  responsible_unit text not null,
  owner_name text not null,
  review_on date not null,
  created_at timestamptz not null default now()
);
create index vetting_conditions_review_idx on vetting_conditions (review_on);
