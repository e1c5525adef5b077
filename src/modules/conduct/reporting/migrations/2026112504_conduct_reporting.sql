-- Conduct reporting: indexes for the filtered case lists, the timeliness and volume reports, and the audit exercise
-- reviewing prejudicial and improper behaviour (PIB) allegations, with one finding per allegation.

-- Case lists: newest (or oldest) first, and the filters that select on other tables through exists (...).
create index conduct_cases_received_idx on conduct_cases (received_on desc, reference desc);
create index conduct_cases_kind_received_idx on conduct_cases (kind, received_on desc);
create index conduct_cases_route_received_idx on conduct_cases (handling_route, received_on desc);
create index conduct_flags_flag_case_idx on conduct_flags (flag, case_id);
create index conduct_allegations_category_case_idx on conduct_allegations (category, case_id);
create index conduct_outcomes_outcome_case_idx on conduct_outcomes (outcome, case_id);
-- Not for lookups: an expression index gives the planner statistics for need-to-know's sealed-case test, which it
-- otherwise guesses matches a fraction of a percent of cases (and then picks nested loops over millions of rows).
create index conduct_cases_sealed_idx on conduct_cases ((cardinality(sealed_to_user_ids)));
create index conduct_subjects_case_idx on conduct_allegation_subjects (case_id, person_id);

-- Volumes of outcomes decided in a period.
create index conduct_outcomes_decided_idx on conduct_outcomes (decided_on) include (outcome);

-- Timeliness: each case's milestones in one narrow row, so a month's report reads an index instead of joining every
-- case to its decisions. Kept by triggers as cases and handling decisions are written; a bulk load that skips
-- triggers (session_replication_role = replica) calls conduct_refresh_milestones() afterwards.
create table conduct_case_milestones (
  case_id uuid primary key references conduct_cases (id),
  kind text not null,
  received_on date not null,
  recorded_on date,
  -- The first handling (assessment) decision: a later one changes the route, not when the case was assessed.
  assessed_on date,
  finalised_on date
);
create index conduct_milestones_recorded_idx on conduct_case_milestones (recorded_on) include (received_on, kind) where recorded_on is not null;
create index conduct_milestones_assessed_idx on conduct_case_milestones (assessed_on) include (received_on, kind) where assessed_on is not null;
create index conduct_milestones_finalised_idx on conduct_case_milestones (finalised_on) include (received_on, kind) where finalised_on is not null;

create function conduct_first_handling_on(p_case_id uuid) returns date language sql stable as $$
  select min(decided_on) from conduct_decisions where case_id = p_case_id and kind = 'handling_route'
$$;

create function conduct_case_milestones_sync() returns trigger language plpgsql as $$
begin
  insert into conduct_case_milestones (case_id, kind, received_on, recorded_on, assessed_on, finalised_on)
  values (new.id, new.kind, new.received_on, new.recorded_on, conduct_first_handling_on(new.id), new.finalised_on)
  on conflict (case_id) do update set kind = excluded.kind, received_on = excluded.received_on, recorded_on = excluded.recorded_on, finalised_on = excluded.finalised_on;
  return null;
end $$;
create trigger conduct_cases_milestones after insert or update of kind, received_on, recorded_on, finalised_on on conduct_cases
  for each row execute function conduct_case_milestones_sync();

create function conduct_decision_milestones_sync() returns trigger language plpgsql as $$
begin
  if new.kind = 'handling_route' or (tg_op = 'UPDATE' and old.kind = 'handling_route') then
    update conduct_case_milestones set assessed_on = conduct_first_handling_on(new.case_id) where case_id = new.case_id;
  end if;
  return null;
end $$;
create trigger conduct_decisions_milestones after insert or update of kind, decided_on, case_id on conduct_decisions
  for each row execute function conduct_decision_milestones_sync();

-- Re-derives every case's milestones (after a bulk load, or to repair); returns the number of cases.
create function conduct_refresh_milestones() returns bigint language plpgsql as $$
declare n bigint;
begin
  insert into conduct_case_milestones (case_id, kind, received_on, recorded_on, assessed_on, finalised_on)
  select c.id, c.kind, c.received_on, c.recorded_on, h.first_on, c.finalised_on
  from conduct_cases c left join (select case_id, min(decided_on) as first_on from conduct_decisions where kind = 'handling_route' group by case_id) h on h.case_id = c.id
  on conflict (case_id) do update set kind = excluded.kind, received_on = excluded.received_on, recorded_on = excluded.recorded_on, assessed_on = excluded.assessed_on, finalised_on = excluded.finalised_on;
  get diagnostics n = row_count;
  return n;
end $$;

-- The PIB review: an exercise over a period, with its population of allegations fixed when it is created, so the
-- findings answer for a known set; the reviewer records three findings per allegation, then a summary.
create table conduct_pib_reviews (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  period_from date not null,
  period_to date not null,
  reviewer_name text not null,
  status text not null default 'open' check (status in ('open', 'completed')),
  summary text,
  completed_on date,
  created_by uuid,
  created_by_label text not null,
  version int not null default 1,
  created_at timestamptz not null default now(),
  check (period_from <= period_to)
);

create table conduct_pib_review_items (
  review_id uuid not null references conduct_pib_reviews (id),
  allegation_id uuid not null references conduct_allegations (id),
  case_id uuid not null references conduct_cases (id),
  victims_supported text,
  assessment_right text,
  investigation_comprehensive text,
  notes text,
  recorded_by uuid,
  recorded_by_label text,
  recorded_at timestamptz,
  version int not null default 1,
  primary key (review_id, allegation_id)
);
create index conduct_pib_review_items_case_idx on conduct_pib_review_items (case_id);
