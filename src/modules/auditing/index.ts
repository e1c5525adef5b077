import { Router } from 'express';
import { actorFrom, authoriseRead } from '../../platform/access/guard.js';
import { canAny } from '../../platform/access/policy.js';
import type { AuditLog } from '../../platform/audit/audit-log.js';
import type { Db } from '../../platform/db/types.js';
import { pageParam, textParam } from '../../platform/http/params.js';
import type { ProbityModule } from '../../platform/module.js';
import { paginationFor } from '../../platform/ui/pagination.js';
import { isoDate } from '../workforce/schema.js';

interface PeopleLookup {
  personIdByPayroll(payrollNumber: string): Promise<string | undefined>;
}

export interface AuditRow {
  seq: number;
  at: Date;
  actorLabel: string;
  action: string;
  outcome: string;
  subjectType: string | null;
  subjectId: string | null;
  purpose: string | null;
  ip: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
}

const PAGE_SIZE = 50;

/** Auditors search the log by user and by subject; the search is itself audited. Nobody sees entries about themselves. */
export function auditingModule(deps: { db: Db; audit: AuditLog; people: PeopleLookup }): ProbityModule {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const actor = actorFrom(res);
    const filters = {
      user: textParam(req.query.user, 100),
      payrollNumber: textParam(req.query.payrollNumber, 20),
      action: textParam(req.query.action, 60),
      from: textParam(req.query.from, 10),
      to: textParam(req.query.to, 10),
    };
    const page = pageParam(req.query.page);
    await authoriseRead(deps.audit, actor, 'read', { kind: 'audit_log' }, { event: 'audit.search', subjectType: 'audit_log', subjectId: '*', details: { ...filters, page } });
    const errors: { field: string; message: string }[] = [];
    const params: unknown[] = [actor.viewer.personId];
    const where = ['($1::uuid is null or subject_person_id is distinct from $1::uuid)'];
    if (filters.user) {
      params.push(filters.user.toLowerCase());
      where.push(`lower(actor_label) = $${params.length}`);
    }
    if (filters.payrollNumber) {
      const personId = await deps.people.personIdByPayroll(filters.payrollNumber);
      if (!personId) errors.push({ field: 'payrollNumber', message: `Nobody has payroll number ${filters.payrollNumber}` });
      params.push(personId ?? '00000000-0000-0000-0000-000000000000');
      where.push(`subject_person_id = $${params.length}::uuid`);
    }
    if (filters.action) {
      params.push(`${filters.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`action like $${params.length}`);
    }
    for (const [key, op] of [['from', '>='], ['to', '<']] as const) {
      const value = filters[key];
      if (!value) continue;
      const parsed = isoDate.safeParse(value);
      if (!parsed.success) {
        errors.push({ field: key, message: `Enter a real ${key === 'from' ? 'start' : 'end'} date, for example 2026-11-01` });
        continue;
      }
      params.push(parsed.data);
      where.push(key === 'from' ? `at ${op} ($${params.length}::date::timestamp at time zone 'Europe/London')` : `at ${op} (($${params.length}::date + 1)::timestamp at time zone 'Europe/London')`);
    }
    const rows = errors.length ? [] : await deps.db.query<AuditRow & { total: number }>(
      `select seq, at, actor_label as "actorLabel", action, outcome, subject_type as "subjectType", subject_id as "subjectId", purpose, ip,
         correlation_id as "correlationId", details, count(*) over ()::int as total
       from audit_log where ${where.join(' and ')} order by seq desc limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`,
      params,
    );
    const total = rows[0]?.total ?? 0;
    res.status(errors.length ? 400 : 200).render('auditing/views/audit.njk', {
      pageTitle: 'Audit log', filters, rows, total, errors: errors.length ? { errorList: errors.map((e) => ({ text: e.message, href: `#${e.field}` })), fieldErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.message }])) } : undefined,
      pagination: paginationFor('/audit', filters, page, PAGE_SIZE, total),
    });
  });
  return { name: 'auditing', routes: router, navigation: (viewer) => (canAny(viewer, 'read', 'audit_log') ? [{ text: 'Audit log', href: '/audit' }] : []) };
}
