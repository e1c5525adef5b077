-- Pre-employment checks on a vetting application: employment history (with its verification), qualifications
-- claimed and verified, and vetting interviews with their records. Need-to-know is reached through the application.
-- Entries are removed by marking them (removed_at), so the record of what was declared survives a correction.

create table vetting_employment_history (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  kind text not null check (kind in ('employment', 'self_employment', 'education', 'unemployment', 'armed_forces', 'career_break', 'other')),
  organisation text,
  role text,
  from_on date not null,
  to_on date,                                   -- null: continuing (current)
  reason_for_leaving text,
  verification text not null default 'not_verified' check (verification in ('not_verified', 'verified', 'could_not_verify')),
  verification_method text check (verification_method in ('reference', 'employer_contact', 'documents')),
  verified_by text,
  verified_on date,
  unverified_reason text,
  version int not null default 1,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  removed_at timestamptz,
  removed_by_label text,
  check (to_on is null or to_on >= from_on),
  check (verification <> 'verified' or (verification_method is not null and verified_by is not null and verified_on is not null)),
  check (verification <> 'could_not_verify' or unverified_reason is not null)
);
create index vetting_employment_history_application_idx on vetting_employment_history (application_id, from_on) where removed_at is null;

create table vetting_qualifications (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  title text not null,
  awarding_body text not null,
  awarded_on date not null,
  needed_for_post boolean not null,
  verification text not null default 'not_verified' check (verification in ('not_verified', 'verified', 'could_not_verify')),
  verification_method text check (verification_method in ('reference', 'employer_contact', 'documents')),
  verified_by text,
  verified_on date,
  unverified_reason text,
  version int not null default 1,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  removed_at timestamptz,
  removed_by_label text,
  check (verification <> 'verified' or (verification_method is not null and verified_by is not null and verified_on is not null)),
  check (verification <> 'could_not_verify' or unverified_reason is not null)
);
create index vetting_qualifications_application_idx on vetting_qualifications (application_id) where removed_at is null;

create table vetting_interviews (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  scheduled_at timestamptz not null,
  mode text not null check (mode in ('in_person', 'video')),
  location text,                                -- the place, or how to join by video
  interviewer_name text not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'held', 'cancelled', 'did_not_attend')),
  held_on date,
  summary text,
  copy_given_on date,                           -- when the interviewee was given a copy of the record
  outcome_note text,                            -- why it was cancelled, or what happened when they did not attend
  outcome_recorded_by_label text,
  version int not null default 1,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (mode <> 'in_person' or location is not null),
  check ((status = 'held') = (held_on is not null)),
  check (status = 'held' or (summary is null and copy_given_on is null)),
  check (status <> 'cancelled' or outcome_note is not null),
  check (copy_given_on is null or copy_given_on >= held_on)
);
create index vetting_interviews_application_idx on vetting_interviews (application_id, scheduled_at);

-- The interview record itself (PDF, Word or plain text), one per interview, kept beside the interview it records.
create table vetting_interview_records (
  interview_id uuid primary key references vetting_interviews (id),
  file_name text not null,
  media_type text not null,
  size_bytes int not null check (size_bytes > 0),
  sha256 text not null,
  content bytea not null,
  uploaded_by uuid,
  uploaded_by_label text not null,
  uploaded_at timestamptz not null default now()
);
