import type { ActorContext } from '../../../../platform/access/guard.js';
import type { Role } from '../../../../platform/access/roles.js';
import type { Db, Queryable } from '../../../../platform/db/types.js';
import type { Services } from '../../../../services.js';
import { complianceJobs } from '../index.js';

/** Test set-up shared by the compliance and review-trigger tests (imports only from src, so the build compiles it). */
type App = { db: Db; services: Services };

export const actor = (roles: Role[], personId: string | null = null, userId: string | null = null): ActorContext =>
  ({ viewer: { userId, personId, roles, label: `test:${roles[0]}` }, correlationId: 'test' });
export const HR = actor(['hr']);

/** Units and posts straight into the workforce tables (test set-up only; the module under test never reads them). */
export async function seedPosts(app: App): Promise<void> {
  await app.db.query(`insert into units (code, name) values ('RESP', 'Response'), ('CCU', 'Counter corruption'), ('INT', 'Intelligence')`);
  // One holder per post, as the directory requires.
  await app.db.query(`insert into posts (code, title, unit_id, required_vetting_level, designated)
    select code, title, (select id from units where units.code = unit), level, designated from (values
      ('PST-A', 'CCU investigator', 'CCU', 'MV', true), ('PST-B', 'Response constable', 'RESP', 'RV', false),
      ('PST-C', 'CCU analyst', 'CCU', 'MV', true), ('PST-D', 'Intelligence analyst', 'INT', 'MV', true),
      ('PST-E', 'Response sergeant', 'RESP', 'RV', false), ('PST-F', 'Source handler', 'INT', 'MV', true),
      ('PST-G', 'CCU manager', 'CCU', 'MV', true), ('PST-H', 'Intelligence manager', 'INT', 'MV', true),
      ('PST-I', 'Response inspector', 'RESP', 'RV', false), ('PST-J', 'Custody sergeant', 'RESP', 'RV', false)
    ) as p(code, title, unit, level, designated)`);
}

export interface Someone { payroll: string; forenames: string; surname: string; unit: string; post?: string; type?: string }

/** People through the HR sync, as production does; returns payroll number → person id. */
export async function seedPeople(app: App, people: Someone[]): Promise<Record<string, string>> {
  await app.services.workforce.syncFromHr(HR, people.map((p) => ({
    payrollNumber: p.payroll, forenames: p.forenames, surname: p.surname, personType: p.type ?? 'officer', unitCode: p.unit, startDate: '2010-01-01', postCode: p.post,
  })), 'delta');
  await app.services.bus.dispatch();
  const ids: Record<string, string> = {};
  for (const p of people) ids[p.payroll] = (await app.services.workforce.personIdByPayroll(p.payroll))!;
  return ids;
}

/**
 * A decided application with a final clearance, dated relative to today: decidedDaysAgo before, expiring
 * expiresInDays from now (negative for expired). Written as the decisions table holds them.
 */
export async function grantClearance(q: Queryable, personId: string, level: string, o: { decidedDaysAgo?: number; expiresInDays: number | null; receivedDaysBeforeDecision?: number; status?: string; sealedTo?: string[]; pndMonthsAgo?: number }): Promise<{ applicationId: string; decisionId: string }> {
  const decidedDaysAgo = o.decidedDaysAgo ?? 100;
  const [a] = await q.query<{ id: string }>(
    `insert into vetting_applications (reference, kind, person_id, applicant_forenames, applicant_surname, level, status, received_on, subject_person_ids, sealed_to_user_ids)
     values ('VET-T-' || lpad(nextval('vetting_reference_seq')::text, 6, '0'), 'renewal', $1, 'Test', 'Subject', $2, 'decided', current_date - $3::int, array[$1::uuid], $4::uuid[])
     returning id`,
    [personId, level, decidedDaysAgo + (o.receivedDaysBeforeDecision ?? 30), o.sealedTo ?? []],
  );
  const [d] = await q.query<{ id: string }>(
    `insert into vetting_decisions (application_id, outcome, level, decided_on, expires_on, decided_by_label, had_adverse_information, status)
     values ($1, 'clearance', $2, current_date - $3::int, current_date + $4::int, 'test', false, $5) returning id`,
    [a!.id, level, decidedDaysAgo, o.expiresInDays, o.status ?? 'final'],
  );
  if (o.pndMonthsAgo !== undefined) await recordPnd(q, a!.id, o.pndMonthsAgo);
  return { applicationId: a!.id, decisionId: d!.id };
}

export async function recordPnd(q: Queryable, applicationId: string, monthsAgo: number): Promise<void> {
  await q.query(`insert into vetting_checks (application_id, check_type, result, checked_on) values ($1, 'pnd', 'clear', (current_date - make_interval(months => $2::int))::date)`, [applicationId, monthsAgo]);
}

/** The feature's jobs by name, built as the CLI builds them. */
export function jobs(app: App) {
  const s = app.services;
  const list = complianceJobs({ db: s.db, audit: s.audit, bus: s.bus, settings: s.settings, people: s.workforce, vetting: s.vetting });
  return Object.fromEntries(list.map((j) => [j.name, j]));
}
