-- Decision controls: ratification by a second decision maker, withdrawal of a clearance, and the risk-mitigation
-- record for each condition (who owns it, that the subject, manager and HR were told, and each review).

alter table vetting_decisions
  add column status text not null default 'final',          -- 'awaiting_ratification' until a second decision maker ratifies
  add column ratification_reason text,
  add column ratified_by uuid,
  add column ratified_by_label text,
  add column ratified_on date,
  add column ratification_note text,
  add column withdrawn_on date,                               -- set when a clearance is withdrawn (appeals/withdrawal feature)
  add column post_id uuid,
  add column decision_maker_person_id uuid;
-- The kind of role applied for (a workforce person type), so rules such as ratification for the evidential chain can apply.
alter table vetting_applications add column role_type text, add column assigned_to_label text;
create index vetting_applications_assigned_idx on vetting_applications (assigned_to) where status = 'open';

-- A decision the ratifier sent back: kept whole here, so the application can be decided again.
create table vetting_decision_returns (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references vetting_applications (id),
  decision jsonb not null,
  returned_by uuid,
  returned_by_label text not null,
  note text not null,
  returned_at timestamptz not null default now()
);
create index vetting_decision_returns_application_idx on vetting_decision_returns (application_id);

create index vetting_decisions_status_idx on vetting_decisions (status) where status <> 'final';

alter table vetting_conditions
  add column owner_user_id uuid,
  add column subject_told_on date,
  add column manager_told_on date,
  add column hr_told_on date,
  add column closed_on date;
create index vetting_conditions_owner_idx on vetting_conditions (owner_user_id, review_on) where closed_on is null;

create table vetting_condition_reviews (
  id uuid primary key default gen_random_uuid(),
  condition_id uuid not null references vetting_conditions (id),
  reviewed_on date not null,
  reviewed_by uuid,
  reviewed_by_label text not null,
  finding text not null,           -- 'complied', 'not_complied', 'no_longer_needed'
  note text not null,
  next_review_on date,
  created_at timestamptz not null default now()
);
create index vetting_condition_reviews_condition_idx on vetting_condition_reviews (condition_id, reviewed_on);

-- One row per application for its timeline: who did what, when (written by the vetting service and its features).
create table vetting_timeline (
  id bigint generated always as identity primary key,
  application_id uuid not null references vetting_applications (id),
  at timestamptz not null default now(),
  actor_label text not null,
  what text not null
);
create index vetting_timeline_application_idx on vetting_timeline (application_id, at);
