-- Vetting compliance and review triggers: a vetting-owned projection of postholders (kept current from workforce
-- events, never by reading workforce tables), each person's current clearance (maintained in the same transaction as
-- any change to a decision), expiry reminders, change-of-circumstances declarations, and the job scheduler's table.

-- Everyone serving, with their current post's requirement, as the workforce directory last described them.
create table vetting_postholders (
  person_id uuid primary key,
  payroll_number text not null,
  forenames text not null,
  surname text not null,
  person_type text not null,
  unit_code text,
  post_id uuid,
  post_code text,
  post_title text,
  required_level text,
  designated boolean not null default false,
  updated_at timestamptz not null default now()
);
create index vetting_postholders_post_idx on vetting_postholders (post_id);
create index vetting_postholders_name_idx on vetting_postholders (surname, forenames, person_id);
create index vetting_postholders_designated_idx on vetting_postholders (surname, forenames, person_id) where designated;
create index vetting_postholders_unit_idx on vetting_postholders (unit_code);

-- One row per person: their latest final, unwithdrawn clearance, preferring one still in date. When every clearance
-- has expired the latest expired one stays, so the lists can say "expired" rather than "never cleared".
-- Derived from vetting_decisions by the triggers below, so compliance lists never scan the decisions table. The
-- application's reference and need-to-know arrays are copied too (and kept in step with the application), so a list
-- applies need-to-know without a join per row to vetting_applications.
create table vetting_current_clearance (
  person_id uuid primary key,
  decision_id uuid not null,
  application_id uuid not null,
  reference text not null,
  level text not null,
  outcome text not null,
  decided_on date not null,
  expires_on date,
  subject_person_ids uuid[] not null default '{}',
  excluded_user_ids uuid[] not null default '{}',
  sealed_to_user_ids uuid[] not null default '{}',
  refreshed_on date not null default current_date
);
create index vetting_current_clearance_expiry_idx on vetting_current_clearance (expires_on);

create function vetting_refresh_current_clearance(person_ids uuid[]) returns void language plpgsql as $$
begin
  delete from vetting_current_clearance c using unnest(person_ids) as p(id) where c.person_id = p.id;
  insert into vetting_current_clearance (person_id, decision_id, application_id, reference, level, outcome, decided_on, expires_on,
                                         subject_person_ids, excluded_user_ids, sealed_to_user_ids, refreshed_on)
  select distinct on (a.person_id) a.person_id, d.id, a.id, a.reference, d.level, d.outcome, d.decided_on, d.expires_on,
         a.subject_person_ids, a.excluded_user_ids, a.sealed_to_user_ids, current_date
  from unnest(person_ids) as p(id)
  join vetting_applications a on a.person_id = p.id
  join vetting_decisions d on d.application_id = a.id
  where d.outcome in ('clearance', 'clearance_with_conditions') and d.status = 'final' and d.withdrawn_on is null
  order by a.person_id, (d.expires_on is null or d.expires_on >= current_date) desc, d.decided_on desc, d.created_at desc;
end $$;

-- Statement-level, with transition tables: one set-based refresh per statement, so a bulk load (COPY of a million
-- decisions) costs one pass, and a decision, ratification, withdrawal or return is reflected before it commits.
create function vetting_decisions_refresh_clearance() returns trigger language plpgsql as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct a.person_id) into ids from changed_new n join vetting_applications a on a.id = n.application_id where a.person_id is not null;
  elsif tg_op = 'UPDATE' then
    select array_agg(distinct a.person_id) into ids
    from (select application_id from changed_new union select application_id from changed_old) n
    join vetting_applications a on a.id = n.application_id where a.person_id is not null;
  else
    select array_agg(distinct a.person_id) into ids from changed_old o join vetting_applications a on a.id = o.application_id where a.person_id is not null;
  end if;
  if ids is not null then
    perform vetting_refresh_current_clearance(ids);
  end if;
  return null;
end $$;

create trigger vetting_decisions_clearance_insert after insert on vetting_decisions
  referencing new table as changed_new for each statement execute function vetting_decisions_refresh_clearance();
create trigger vetting_decisions_clearance_update after update on vetting_decisions
  referencing old table as changed_old new table as changed_new for each statement execute function vetting_decisions_refresh_clearance();
create trigger vetting_decisions_clearance_delete after delete on vetting_decisions
  referencing old table as changed_old for each statement execute function vetting_decisions_refresh_clearance();

-- An application sealed, excluded from someone, or moved to another person after its decision.
create function vetting_applications_refresh_clearance() returns trigger language plpgsql as $$
begin
  perform vetting_refresh_current_clearance(array_remove(array[old.person_id, new.person_id], null));
  return null;
end $$;

create trigger vetting_applications_clearance_access after update of person_id, subject_person_ids, excluded_user_ids, sealed_to_user_ids on vetting_applications
  for each row when (old.person_id is distinct from new.person_id or old.subject_person_ids is distinct from new.subject_person_ids
    or old.excluded_user_ids is distinct from new.excluded_user_ids or old.sealed_to_user_ids is distinct from new.sealed_to_user_ids)
  execute function vetting_applications_refresh_clearance();

-- Decisions already recorded before this migration.
select vetting_refresh_current_clearance(array(select distinct person_id from vetting_applications where person_id is not null));

-- Time from application to decision by month: how many final decisions took each whole number of days from receipt,
-- per month of the final decision (the ratification date when ratified). The median and 90th percentile come from
-- these counts exactly (percentile_cont's interpolation), at a cost set by the number of distinct durations, not the
-- number of decisions. Kept by the triggers below in the decision's own transaction: +1 for a final row written,
-- -1 for a final row replaced or deleted.
create table vetting_decision_time_counts (
  month date not null,
  days int not null,
  decisions int not null,
  primary key (month, days)
);

create function vetting_decisions_count_times() returns trigger language plpgsql as $$
begin
  with changes as (
    select n.application_id, coalesce(n.ratified_on, n.decided_on) as final_on from changed_new n where n.status = 'final'
  ), counted as (
    select date_trunc('month', c.final_on)::date as month, c.final_on - a.received_on as days, count(*)::int as n
    from changes c join vetting_applications a on a.id = c.application_id group by 1, 2
  )
  insert into vetting_decision_time_counts (month, days, decisions) select month, days, n from counted
  on conflict (month, days) do update set decisions = vetting_decision_time_counts.decisions + excluded.decisions;
  return null;
end $$;

create function vetting_decisions_uncount_times() returns trigger language plpgsql as $$
begin
  with changes as (
    select o.application_id, coalesce(o.ratified_on, o.decided_on) as final_on from changed_old o where o.status = 'final'
  ), counted as (
    select date_trunc('month', c.final_on)::date as month, c.final_on - a.received_on as days, count(*)::int as n
    from changes c join vetting_applications a on a.id = c.application_id group by 1, 2
  )
  update vetting_decision_time_counts t set decisions = t.decisions - counted.n from counted where t.month = counted.month and t.days = counted.days;
  return null;
end $$;

create trigger vetting_decisions_times_uncount_update after update on vetting_decisions
  referencing old table as changed_old new table as changed_new for each statement execute function vetting_decisions_uncount_times();
create trigger vetting_decisions_times_count_update after update on vetting_decisions
  referencing old table as changed_old new table as changed_new for each statement execute function vetting_decisions_count_times();
create trigger vetting_decisions_times_count_insert after insert on vetting_decisions
  referencing new table as changed_new for each statement execute function vetting_decisions_count_times();
create trigger vetting_decisions_times_uncount_delete after delete on vetting_decisions
  referencing old table as changed_old for each statement execute function vetting_decisions_uncount_times();

-- Recounts from the decisions (at migration, and weekly in case an application's received date was corrected).
create function vetting_recount_decision_times() returns void language plpgsql as $$
begin
  delete from vetting_decision_time_counts;
  insert into vetting_decision_time_counts (month, days, decisions)
  select date_trunc('month', coalesce(d.ratified_on, d.decided_on))::date, coalesce(d.ratified_on, d.decided_on) - a.received_on, count(*)::int
  from vetting_decisions d join vetting_applications a on a.id = d.application_id where d.status = 'final' group by 1, 2;
end $$;
select vetting_recount_decision_times();

-- Reminders of an approaching expiry, each recorded once per clearance and threshold (90, 60, 30 days by default).
create table vetting_expiry_reminders (
  decision_id uuid not null,
  days_before int not null,
  person_id uuid not null,
  expires_on date not null,
  recorded_on date not null,
  -- The renewal review this reminder opened, or the application already open that made it unnecessary.
  review_application_id uuid,
  review_note text,
  created_at timestamptz not null default now(),
  primary key (decision_id, days_before)
);
create index vetting_expiry_reminders_recorded_idx on vetting_expiry_reminders (recorded_on);
create index vetting_expiry_reminders_person_idx on vetting_expiry_reminders (person_id);

-- Change of circumstances declared by the person (PVR 2025 reg 5 duty to notify), then risk-assessed by the vetting unit.
create sequence vetting_declaration_reference_seq;
create table vetting_circumstance_declarations (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  person_id uuid not null,
  declarant_forenames text not null,
  declarant_surname text not null,
  declared_by uuid,
  kind text not null,
  occurred_on date,
  details text not null,
  declared_at timestamptz not null default now(),
  status text not null default 'received',        -- received, assessed, closed
  risk_level text,                                 -- low, medium, high
  risk_rationale text,
  assessed_by uuid,
  assessed_by_label text,
  assessed_at timestamptz,
  outcome text,                                    -- no_further_action, review_opened, referred_psd, referred_ccu
  outcome_note text,
  review_application_id uuid,
  decided_by uuid,
  decided_by_label text,
  decided_at timestamptz,
  version int not null default 1
);
create index vetting_circumstance_declarations_person_idx on vetting_circumstance_declarations (person_id, declared_at desc);
create index vetting_circumstance_declarations_status_idx on vetting_circumstance_declarations (status, declared_at);

-- The platform job scheduler (src/platform/jobs): one row per named job; a run is claimed with a conditional UPDATE,
-- so across any number of processes a job runs at most once per period.
create table scheduled_jobs (
  name text primary key,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_outcome text,                               -- succeeded, failed
  last_summary jsonb,
  last_error text,
  runs int not null default 0
);
