-- A password set by an administrator (or the CLI) is temporary: its holder must choose their own at next sign-in.
alter table users add column must_change_password boolean not null default false;
