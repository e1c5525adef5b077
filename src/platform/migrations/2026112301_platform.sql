-- Platform tables: identity, sessions, API tokens, the tamper-evident audit log, domain events, settings.
-- PostgreSQL 15 compatible (the embedded engine is newer; keep to the common subset).

create extension if not exists pg_trgm;

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  display_name text not null,
  email text,
  -- The person in the workforce directory this account belongs to: drives "never about yourself".
  person_id uuid,
  roles text[] not null default '{}',
  password_hash text,
  totp_secret_enc text,
  totp_last_step bigint,
  oidc_subject text,
  failed_attempts int not null default 0,
  locked_until timestamptz,
  is_demo boolean not null default false,
  disabled_at timestamptz,
  last_sign_in_at timestamptz,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_username_key on users (lower(username));
create unique index users_oidc_subject_key on users (oidc_subject) where oidc_subject is not null;
create index users_person_idx on users (person_id);

create table sessions (
  sid text primary key,
  data jsonb not null,
  expires_at timestamptz not null
);
create index sessions_expires_idx on sessions (expires_at);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  scopes text[] not null,
  secret_hash text not null,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references users (id)
);

-- Append-only, hash-chained. Each entry's hash covers its content and the previous entry's hash,
-- so altering, inserting or deleting an entry breaks the chain from that point.
create table audit_log (
  seq bigint primary key,
  at timestamptz not null,
  actor_user_id uuid,
  actor_label text not null,
  action text not null,
  outcome text not null default 'ok',
  subject_type text,
  subject_id text,
  subject_person_id uuid,
  correlation_id text,
  ip text,
  purpose text,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
create index audit_actor_idx on audit_log (actor_user_id, seq desc);
create index audit_subject_person_idx on audit_log (subject_person_id, seq desc);
create index audit_subject_idx on audit_log (subject_type, subject_id, seq desc);
create index audit_at_idx on audit_log (at);

-- The chain's head, kept apart so that deleting the newest entries is detected too.
create table audit_head (
  id int primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_head (id, seq, hash) values (1, 0, 'genesis');

-- The log is append-only to the application: refuse updates and deletes at the database.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Transactional outbox: an event is stored in the same transaction as the change that caused it,
-- then delivered to each subscriber at least once; subscribers record what they have handled.
create table domain_events (
  id bigint generated always as identity primary key,
  type text not null,
  payload jsonb not null,
  correlation_id text,
  occurred_at timestamptz not null default now()
);
create table event_deliveries (
  subscriber text not null,
  event_id bigint not null references domain_events (id),
  delivered_at timestamptz not null default now(),
  primary key (subscriber, event_id)
);

create table settings (
  key text primary key,
  value jsonb not null,
  version int not null default 1,
  updated_by uuid,
  updated_at timestamptz not null default now()
);
