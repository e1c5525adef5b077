import type { ActorContext } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import type { AuditLog } from '../../../platform/audit/audit-log.js';
import { ForbiddenError } from '../../../platform/http/errors.js';
import { toCsv, type CsvColumn } from '../../../platform/http/csv.js';
import { ComplianceRepository, type ComplianceRow, type ExpiringRow, type ListFilter, type ListName, type MonthlyDecisionTimes, type OpenApplication } from './data.js';
import { STATUS_LABELS } from './levels.js';
import type { PostholderProjection } from './projection.js';

const who = (actor: ActorContext) => ({ userId: actor.viewer.userId, label: actor.viewer.label });
const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

export const DEFAULT_EXPIRY_DAYS = 90;
export const DEFAULT_MONTHS = 12;

/** The compliance lists for the vetting unit: authorised, audited before any row is read, need-to-know in the SQL. */
export class ComplianceService {
  constructor(
    private readonly repo: ComplianceRepository,
    private readonly projection: PostholderProjection,
    private readonly audit: AuditLog,
  ) {}

  async list(actor: ActorContext, list: ListName, filter: ListFilter, page: number, pageSize: number) {
    await this.authorise(actor, 'read', 'vetting-compliance.list', { list, ...filter, page, pageSize });
    const result = await this.repo.list(actor.viewer, list, withDefaults(list, filter), pageSize, (page - 1) * pageSize);
    return { ...result, page, pageSize };
  }

  async backlog(actor: ActorContext, months: number, page: number, pageSize: number) {
    await this.authorise(actor, 'read', 'vetting-compliance.backlog', { months, page, pageSize });
    const [bands, monthly, open] = await Promise.all([this.repo.backlogBands(), this.repo.monthlyDecisionTimes(months), this.repo.openApplications(actor.viewer, pageSize, (page - 1) * pageSize)]);
    return { bands, monthly, ...open, page, pageSize };
  }

  async reminders(actor: ActorContext, days: number) {
    await this.authorise(actor, 'read', 'vetting-compliance.reminders', { days });
    return this.repo.recentReminders(actor.viewer, days, 500);
  }

  /** The overview page: each list's size, the backlog's age bands and the reminders of the last 30 days. */
  async overview(actor: ActorContext) {
    await this.authorise(actor, 'read', 'vetting-compliance.overview', {});
    const [counts, bands, reminders] = await Promise.all([this.counts(actor), this.repo.backlogBands(), this.repo.recentReminders(actor.viewer, 30, 50)]);
    return { counts, bands, reminders };
  }

  /** Counts for the overview page and the manager's home card (the same need-to-know as the lists). */
  async counts(actor: ActorContext) {
    if (!canAny(actor.viewer, 'read', 'vetting_case')) throw new ForbiddenError();
    await this.projection.ensureFilled();
    const v = actor.viewer;
    const [postholders, underVetted, noClearance, expiring30, expiring90] = await Promise.all([
      this.repo.count(v, 'postholders', {}), this.repo.count(v, 'under-vetted', {}), this.repo.count(v, 'no-clearance', {}),
      this.repo.count(v, 'expiring', { days: 30 }), this.repo.count(v, 'expiring', { days: DEFAULT_EXPIRY_DAYS }),
    ]);
    return { postholders, underVetted, noClearance, expiring30, expiring90 };
  }

  /** A whole list as formula-safe CSV (export is its own permission: the force vetting manager). */
  async exportList(actor: ActorContext, list: ListName, filter: ListFilter): Promise<{ fileName: string; csv: string }> {
    await this.authorise(actor, 'export', 'vetting-compliance.export', { list, ...filter });
    const { rows } = await this.repo.list(actor.viewer, list, withDefaults(list, filter), null, 0);
    const columns = list === 'expiring' ? [...ROW_COLUMNS, ...EXPIRING_COLUMNS] : ROW_COLUMNS;
    return { fileName: `vetting-${list}-${todayInLondon()}.csv`, csv: toCsv(columns as CsvColumn<ComplianceRow>[], rows) };
  }

  async exportBacklog(actor: ActorContext, what: 'backlog' | 'decision-times', months: number): Promise<{ fileName: string; csv: string }> {
    await this.authorise(actor, 'export', 'vetting-compliance.export', { list: what, months });
    const csv = what === 'backlog'
      ? toCsv(BACKLOG_COLUMNS, (await this.repo.openApplications(actor.viewer, null, 0)).applications)
      : toCsv(TIMES_COLUMNS, await this.repo.monthlyDecisionTimes(months));
    return { fileName: `vetting-${what}-${todayInLondon()}.csv`, csv };
  }

  /** For pages that show nothing personal but should not render at all for others (a list page with bad filters). */
  assertCanRead(actor: ActorContext): void {
    if (!canAny(actor.viewer, 'read', 'vetting_case')) throw new ForbiddenError();
  }

  /** Units in the projection, for the lists' filter. */
  async units(): Promise<string[]> {
    return this.repo.units();
  }

  private async authorise(actor: ActorContext, action: 'read' | 'export', event: string, details: Record<string, unknown>): Promise<void> {
    const allowed = canAny(actor.viewer, action, 'vetting_case');
    await this.audit.record({ action: event, actor: who(actor), outcome: allowed ? 'ok' : 'denied', correlationId: actor.correlationId, ip: actor.ip, details });
    if (!allowed) throw new ForbiddenError();
    await this.projection.ensureFilled();
  }
}

function withDefaults(list: ListName, filter: ListFilter): ListFilter {
  return list === 'expiring' ? { ...filter, days: filter.days ?? DEFAULT_EXPIRY_DAYS } : filter;
}

const ROW_COLUMNS: CsvColumn<ComplianceRow>[] = [
  { header: 'Payroll number', value: (r) => r.payrollNumber },
  { header: 'Surname', value: (r) => r.surname },
  { header: 'Forenames', value: (r) => r.forenames },
  { header: 'Person type', value: (r) => r.personType },
  { header: 'Unit', value: (r) => r.unitCode },
  { header: 'Post code', value: (r) => r.postCode },
  { header: 'Post title', value: (r) => r.postTitle },
  { header: 'Level required', value: (r) => r.requiredLevel },
  { header: 'Designated post', value: (r) => (r.designated ? 'Yes' : 'No') },
  { header: 'Level held', value: (r) => r.heldLevel },
  { header: 'Clearance reference', value: (r) => r.reference },
  { header: 'Decided on', value: (r) => r.decidedOn },
  { header: 'Expires on', value: (r) => r.expiresOn },
  { header: 'Status', value: (r) => STATUS_LABELS[r.status] },
];
const EXPIRING_COLUMNS: CsvColumn<ExpiringRow>[] = [
  { header: 'Days left', value: (r) => r.daysLeft },
  { header: 'Reminders recorded (days before expiry)', value: (r) => r.remindersSent },
  { header: 'Review open', value: (r) => (r.reviewOpen ? 'Yes' : 'No') },
];
const BACKLOG_COLUMNS: CsvColumn<OpenApplication>[] = [
  { header: 'Reference', value: (a) => a.reference },
  { header: 'Applicant', value: (a) => a.applicant },
  { header: 'Kind', value: (a) => a.kind },
  { header: 'Level', value: (a) => a.level },
  { header: 'Status', value: (a) => a.status },
  { header: 'Received on', value: (a) => a.receivedOn },
  { header: 'Age (days)', value: (a) => a.ageDays },
  { header: 'Review reason', value: (a) => a.reviewReason },
];
const TIMES_COLUMNS: CsvColumn<MonthlyDecisionTimes>[] = [
  { header: 'Month', value: (m) => m.month },
  { header: 'Final decisions', value: (m) => m.decisions },
  { header: 'Median days from receipt to decision', value: (m) => m.medianDays },
  { header: '90th percentile days', value: (m) => m.p90Days },
];
