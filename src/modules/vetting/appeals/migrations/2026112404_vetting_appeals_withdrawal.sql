-- Withdrawal of clearance from serving officers and staff (Police (Vetting) Regulations 2025 and the Home Office
-- statutory guidance, 2025), and appeals against refusal, withdrawal or conditions.
-- Need-to-know: a withdrawal case carries its own subject/excluded/sealed columns (it is not an application);
-- an appeal is reached through the application whose decision it challenges.

create sequence vetting_withdrawal_reference_seq;
create sequence vetting_appeal_reference_seq;

create table vetting_withdrawals (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  person_id uuid not null,
  person_type text not null,                -- officers fall under PVR 2025; staff under force policy and contract
  subject_name text not null,
  decision_id uuid not null references vetting_decisions (id),   -- the clearance being assessed
  level text not null,
  status text not null default 'assessment' check (status in ('assessment', 'notice_served', 'decided', 'person_left')),
  concern text not null,
  concern_source text not null,
  assessment jsonb not null,                -- National Decision Model rationale for starting the assessment
  opened_on date not null,
  opened_by uuid,
  opened_by_label text not null,
  notice_served_on date,
  notice_method text,
  notice_note text,
  representations_due_on date,
  representations_received_on date,
  representations_summary text,
  interview_on date,
  interview_attendees text,
  interview_record text,
  decision text check (decision in ('withdraw', 'retain', 'retain_with_conditions')),
  decision_rationale jsonb,
  decided_on date,
  decided_by uuid,
  decided_by_label text,
  condition_ids uuid[] not null default '{}',   -- conditions this decision put on the clearance (an appeal may remove them)
  appeal_due_on date,
  reversed_on date,                         -- withdrawal reversed on appeal
  linked_process text not null default 'none' check (linked_process in ('none', 'conduct', 'performance')),
  linked_reference text,
  linked_note text,
  left_on date,                             -- resigned or retired before the assessment concluded (APP 6.2.2)
  left_reason text,                         -- resigned, retired, other
  left_note text,
  subject_person_ids uuid[] not null default '{}',
  excluded_user_ids uuid[] not null default '{}',
  sealed_to_user_ids uuid[] not null default '{}',
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index vetting_withdrawals_status_idx on vetting_withdrawals (status, opened_on);
create index vetting_withdrawals_person_idx on vetting_withdrawals (person_id);
-- One assessment at a time for a clearance.
create unique index vetting_withdrawals_open_idx on vetting_withdrawals (decision_id) where status in ('assessment', 'notice_served');

create table vetting_appeals (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  application_id uuid not null references vetting_applications (id),   -- the application whose decision is appealed
  decision_id uuid not null references vetting_decisions (id),
  withdrawal_id uuid references vetting_withdrawals (id),
  against text not null check (against in ('refusal', 'withdrawal', 'conditions')),
  lodged_on date not null,
  decision_notified_on date not null,       -- the date the time limit runs from
  due_on date not null,
  in_time boolean not null,
  grounds text not null,
  late_reason text,
  status text not null default 'lodged' check (status in ('lodged', 'awaiting_panel', 'panel_convened', 'decided')),
  criteria jsonb,                           -- [{code, label, kind, met, notes}] as assessed
  late_accepted boolean,
  late_note text,
  criteria_checked_on date,
  criteria_checked_by uuid,
  criteria_checked_by_label text,
  panel_date date,
  outcome text check (outcome in ('upheld', 'not_upheld', 'criteria_not_met')),
  decided_on date,
  rationale text,
  remedy text,
  remedy_note text,
  resulting_application_id uuid references vetting_applications (id),
  decided_by uuid,
  decided_by_label text,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((outcome is null) = (decided_on is null))
);
create index vetting_appeals_application_idx on vetting_appeals (application_id);
create index vetting_appeals_status_idx on vetting_appeals (status, lodged_on);
create index vetting_appeals_lodged_idx on vetting_appeals (lodged_on);
-- One undecided appeal at a time against each kind of decision on a clearance.
create unique index vetting_appeals_open_idx on vetting_appeals (decision_id, against) where outcome is null;

create table vetting_appeal_panel_members (
  appeal_id uuid not null references vetting_appeals (id),
  user_id uuid not null,
  display_name text not null,
  panel_role text not null check (panel_role in ('chair', 'member')),
  seniority int not null,                   -- from the configured ladder when appointed
  primary key (appeal_id, user_id)
);
