-- Workforce directory: units, posts, people, postholder history, protected characteristics, import jobs.

create table units (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  name text not null,
  parent_id uuid references units (id),
  created_at timestamptz not null default now()
);

create table posts (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  title text not null,
  unit_id uuid references units (id),
  required_vetting_level text not null,
  national_security_level text,
  designated boolean not null default false,
  active boolean not null default true,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index posts_unit_idx on posts (unit_id);

create table people (
  id uuid primary key default gen_random_uuid(),
  payroll_number text not null unique,
  collar_number text,
  forenames text not null,
  surname text not null,
  date_of_birth date,
  person_type text not null,
  rank_or_grade text,
  unit_id uuid references units (id),
  line_manager_id uuid references people (id),
  current_post_id uuid references posts (id),
  start_date date,
  leaving_date date,
  leaving_reason text,
  email text,
  search_text text not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index people_search_trgm on people using gin (search_text gin_trgm_ops);
create index people_surname_idx on people (lower(surname), lower(forenames));
create index people_collar_idx on people (collar_number);
create index people_unit_idx on people (unit_id);
create index people_manager_idx on people (line_manager_id);
create index people_post_idx on people (current_post_id);

-- Kept apart from the directory record: shown only to roles that need them, never to decision makers.
create table protected_characteristics (
  person_id uuid primary key references people (id),
  sex text,
  gender_identity_same_as_birth text,
  ethnicity text,
  religion text,
  sexual_orientation text,
  disability text,
  updated_at timestamptz not null default now()
);

create table post_assignments (
  id uuid primary key default gen_random_uuid(),
  post_id uuid not null references posts (id),
  person_id uuid not null references people (id),
  start_date date not null,
  end_date date,
  created_at timestamptz not null default now()
);
create index post_assignments_post_idx on post_assignments (post_id, start_date desc);
create index post_assignments_person_idx on post_assignments (person_id, start_date desc);

create table import_jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  file_name text not null,
  status text not null,
  total_rows int,
  processed_rows int not null default 0,
  errors jsonb,
  summary jsonb,
  created_by uuid,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
