-- Equality monitoring for vetting applications: one row per application, kept apart from the case record so that
-- decision makers never see it. Filled by copying the workforce directory's protected characteristics when an
-- application is created (event vetting.application.created), or from the equality monitoring form for external
-- applicants. Read only in aggregate, by the disproportionality report. Every field may be absent (null) or
-- "Prefer not to say".

create table vetting_equality_monitoring (
  application_id uuid primary key references vetting_applications (id),
  -- Copied from the application (it never changes), so the report can filter by kind without a third join.
  application_kind text not null,
  sex text,
  gender_identity_same_as_birth text,
  ethnicity text,
  religion text,
  sexual_orientation text,
  disability text,
  -- Derived from the applicant's date of birth at the date the application was received; null when not known.
  age_band text,
  copied_from_workforce_at timestamptz,
  form_recorded_at timestamptz,
  form_recorded_by uuid,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The report joins decisions to these rows by application id (the primary key above) and reads every row of the
-- period, so it hash-joins: no further index on this table would be used. This one lets a short period read its
-- decisions from an index holding only the columns the report needs, instead of the whole table.
create index vetting_decisions_report_idx on vetting_decisions (decided_on) include (application_id, outcome, status);
