-- Quality assurance (dip sampling) of vetting decisions: the QA pool, the sample drawn from it, and each finding.

-- One row per decision that entered the pool by rule (refusals; clearances made on adverse information) or was added
-- to the sample by hand. The facts the selection used are kept, so anyone can verify the sample afterwards.
-- No foreign key to vetting_decisions: a decision sent back at ratification may be removed and decided afresh; a row
-- whose decision has gone drops out of the work list and the reports (they join the decision).
create table vetting_qa_pool (
  id uuid primary key default gen_random_uuid(),
  decision_id uuid not null unique,
  application_id uuid not null references vetting_applications (id),
  outcome text not null,
  had_adverse_information boolean not null,
  decided_on date not null,
  decided_by uuid,
  decided_by_label text not null,
  eligible boolean not null,              -- entered the pool by rule
  draw double precision not null,         -- first 48 bits of sha256(decision id) ÷ 2^48 (quality/sampling.ts)
  sample_share double precision not null, -- the share in force when it entered
  all_refusals boolean not null,          -- whether every refusal was sampled then
  selection text check (selection in ('share', 'all_refusals', 'by_hand')), -- null: in the pool, not sampled
  sampled_at timestamptz,
  added_by uuid,
  added_by_label text,
  added_reason text,
  version int not null default 1,
  created_at timestamptz not null default now()
);
create index vetting_qa_pool_application_idx on vetting_qa_pool (application_id);
create index vetting_qa_pool_decided_on_idx on vetting_qa_pool (decided_on);
create index vetting_qa_pool_decided_by_idx on vetting_qa_pool (decided_by, decided_on);
create index vetting_qa_pool_sampled_idx on vetting_qa_pool (decided_on, sampled_at) where selection is not null;

-- A senior vetting advisor's finding on a sampled decision, the decision maker's acknowledgement of the feedback,
-- and the force vetting manager's response when a disagreement is referred.
create table vetting_qa_findings (
  id uuid primary key default gen_random_uuid(),
  pool_id uuid not null unique references vetting_qa_pool (id),
  finding text not null check (finding in ('agree', 'agree_with_learning', 'disagree')),
  learning_themes text[] not null default '{}',
  feedback text,
  action text check (action in ('refer_to_manager')),
  reviewed_by uuid,
  reviewed_by_label text not null,
  reviewed_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  referral_response text,
  referral_closed_by uuid,
  referral_closed_by_label text,
  referral_closed_at timestamptz,
  version int not null default 1
);
create index vetting_qa_findings_referrals_idx on vetting_qa_findings (reviewed_at) where action = 'refer_to_manager' and referral_closed_at is null;
