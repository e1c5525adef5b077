-- Misconduct meetings and hearings (with their panels), what each outcome adds to the core's conduct_outcomes
-- (the presumption of dismissal, the barred-list referral), public notices of hearings and their outcomes, and
-- letters to complainants with their review rights. Need-to-know is the case's: reached by joining conduct_cases.

create table conduct_hearings (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  kind text not null check (kind in ('misconduct_meeting', 'misconduct_hearing', 'accelerated_hearing')),
  -- The subjects this meeting or hearing deals with (each a subject of the case).
  subject_person_ids uuid[] not null,
  hearing_date date not null,
  ends_on date,
  start_time text not null,
  venue text not null,
  -- Hearings are in public unless the chair directs otherwise; meetings never are.
  in_public boolean not null,
  private_reason text,
  -- The allegations as proposed to be heard, in the words PSD would publish (no complainant or victim identities).
  allegations_for_publication text not null,
  -- [{ "type": "independent_member", "name": "..." }], checked against the composition in force on the hearing date.
  panel jsonb not null default '[]',
  concluded_on date,
  chair_report_due_on date,
  chair_report_received_on date,
  version int not null default 1,
  created_by_label text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_on is null or ends_on >= hearing_date),
  check (kind <> 'misconduct_meeting' or not in_public)
);
create index conduct_hearings_case_idx on conduct_hearings (case_id, hearing_date);

-- One row per outcome (conduct_outcomes) given at a meeting or hearing.
create table conduct_hearing_outcomes (
  outcome_id uuid primary key references conduct_outcomes (id),
  hearing_id uuid not null references conduct_hearings (id),
  case_id uuid not null references conduct_cases (id),
  person_id uuid not null,
  presumption_of_dismissal boolean not null,
  departure_reasons text,
  barred_list_referred_on date,
  barred_list_referred_by text,
  barred_list_recorded_by_label text,
  created_at timestamptz not null default now()
);
create index conduct_hearing_outcomes_hearing_idx on conduct_hearing_outcomes (hearing_id);
create unique index conduct_hearing_outcomes_person_idx on conduct_hearing_outcomes (hearing_id, person_id);

-- What the public page shows: a snapshot of exactly the published details, so the page never reads a case.
create table conduct_hearing_publications (
  id uuid primary key default gen_random_uuid(),
  hearing_id uuid not null references conduct_hearings (id),
  case_id uuid not null references conduct_cases (id),
  kind text not null check (kind in ('notice', 'outcome')),
  content jsonb not null,
  published_on date not null,
  published_until date not null,
  published_by_label text not null,
  withdrawn_at timestamptz,
  withdrawn_by_label text,
  withdrawal_reason text,
  created_at timestamptz not null default now(),
  check (published_until >= published_on)
);
create unique index conduct_hearing_publications_live_idx on conduct_hearing_publications (hearing_id, kind) where withdrawn_at is null;
create index conduct_hearing_publications_window_idx on conduct_hearing_publications (published_until, published_on) where withdrawn_at is null;

-- Updates and outcome letters to complainants. The complainant's name and address are read from conduct_parties
-- when the letter is produced (a party-detail read), never copied here.
create table conduct_complainant_letters (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references conduct_cases (id),
  party_id uuid not null references conduct_parties (id),
  kind text not null check (kind in ('update', 'outcome')),
  letter_date date not null,
  body text not null,
  review_body text check (review_body in ('local_policing_body', 'iopc')),
  review_criteria text[] not null default '{}',
  review_due_on date,
  review_requested_on date,
  review_outcome text check (review_outcome in ('upheld', 'not_upheld', 'not_valid')),
  review_outcome_on date,
  review_notes text,
  created_by_label text not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  check ((kind = 'outcome') = (review_body is not null))
);
create index conduct_complainant_letters_case_idx on conduct_complainant_letters (case_id, letter_date);
