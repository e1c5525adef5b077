import { Router, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { fieldErrorsFromZod } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { FORCE_VETTING_LEVELS, PERSON_TYPE_LABELS, type PersonType } from '../../../platform/reference.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { LISTS, type ListFilter, type ListName } from './data.js';
import { COMPLIANCE_STATUSES, STATUS_LABELS } from './levels.js';
import { BacklogQuerySchema, ListQuerySchema, type ListQuery } from './schema.js';
import { DEFAULT_EXPIRY_DAYS, DEFAULT_MONTHS, type ComplianceService } from './service.js';

export const LIST_TITLES: Record<ListName, string> = {
  postholders: 'Postholders against their posts’ requirements',
  'under-vetted': 'Under-vetted designated postholders',
  'no-clearance': 'People with no current clearance',
  expiring: 'Clearances expiring',
};

/** The compliance pages' own sub-navigation. */
const SHORT_TITLES: Record<ListName, string> = { postholders: 'Postholders', 'under-vetted': 'Under-vetted', 'no-clearance': 'No clearance', expiring: 'Expiring' };
export const COMPLIANCE_PAGES = [
  { href: '/vetting/compliance', text: 'Overview' },
  ...LISTS.map((l) => ({ href: `/vetting/compliance/${l}`, text: SHORT_TITLES[l] })),
  { href: '/vetting/compliance/backlog', text: 'Backlog' },
];

const TAGS: Record<string, string> = { compliant: 'govuk-tag--green', under_vetted: 'govuk-tag--orange', no_clearance: 'govuk-tag--red', expired: 'govuk-tag--red' };

export function complianceRoutes(service: ComplianceService): Router {
  const router = Router();
  const common = (current: string) => ({
    pages: COMPLIANCE_PAGES.map((p) => ({ ...p, current: p.href === current })), statusLabels: STATUS_LABELS, statusTags: TAGS,
    personTypeLabel: (t: string) => PERSON_TYPE_LABELS[t as PersonType] ?? t,
  });

  router.get('/vetting/compliance', async (_req, res) => {
    const actor = actorFrom(res);
    const overview = await service.overview(actor);
    res.render('vetting/compliance/views/overview.njk', { pageTitle: 'Vetting compliance', ...common('/vetting/compliance'), ...overview });
  });

  const listPage = async (res: Response, list: ListName, status: number, values: Partial<ListQuery> | Record<string, string>, result?: Awaited<ReturnType<ComplianceService['list']>>, errors?: ReturnType<typeof presentFormErrors>) => {
    const actor = actorFrom(res);
    service.assertCanRead(actor);
    const query = stringValues(values);
    res.status(status).render('vetting/compliance/views/list.njk', {
      pageTitle: LIST_TITLES[list], title: LIST_TITLES[list], list, ...common(`/vetting/compliance/${list}`), values: query, errors,
      rows: result?.rows ?? [], total: result?.total ?? 0, units: await service.units(), levels: FORCE_VETTING_LEVELS, statuses: COMPLIANCE_STATUSES,
      days: list === 'expiring' ? Number(query.days ?? DEFAULT_EXPIRY_DAYS) : undefined,
      pagination: paginationFor(`/vetting/compliance/${list}`, { ...query, page: undefined }, result?.page ?? 1, PAGE_SIZE, result?.total ?? 0),
      csvHref: `/vetting/compliance/${list}.csv${queryString({ ...query, page: undefined })}`, canExport: canAny(actor.viewer, 'export', 'vetting_case'),
    });
  };

  for (const list of LISTS) {
    router.get(`/vetting/compliance/${list}`, async (req, res) => {
      const parsed = ListQuerySchema.safeParse(req.query);
      if (!parsed.success) return listPage(res, list, 400, req.query as Record<string, string>, undefined, presentFormErrors(fieldErrorsFromZod(parsed.error)));
      const actor = actorFrom(res);
      const result = await service.list(actor, list, filterOf(parsed.data), parsed.data.page, PAGE_SIZE);
      return listPage(res, list, 200, parsed.data, result);
    });

    router.get(`/vetting/compliance/${list}.csv`, async (req, res) => {
      const parsed = ListQuerySchema.safeParse(req.query);
      if (!parsed.success) return listPage(res, list, 400, req.query as Record<string, string>, undefined, presentFormErrors(fieldErrorsFromZod(parsed.error)));
      const { fileName, csv } = await service.exportList(actorFrom(res), list, filterOf(parsed.data));
      res.type('text/csv; charset=utf-8').attachment(fileName).send(csv);
    });
  }

  router.get('/vetting/compliance/backlog', async (req, res) => {
    const actor = actorFrom(res);
    const parsed = BacklogQuerySchema.safeParse(req.query);
    const months = parsed.success ? parsed.data.months ?? DEFAULT_MONTHS : DEFAULT_MONTHS;
    const page = parsed.success ? parsed.data.page : 1;
    const backlog = await service.backlog(actor, months, page, PAGE_SIZE);
    res.status(parsed.success ? 200 : 400).render('vetting/compliance/views/backlog.njk', {
      pageTitle: 'Vetting backlog', ...common('/vetting/compliance/backlog'), months,
      backlog: { ...backlog, monthly: backlog.monthly.map((m) => ({ ...m, label: monthLabel(m.month) })) }, values: parsed.success ? { months: String(months) } : stringValues(req.query as Record<string, string>),
      errors: parsed.success ? undefined : presentFormErrors(fieldErrorsFromZod(parsed.error)),
      pagination: paginationFor('/vetting/compliance/backlog', { months: String(months) }, page, PAGE_SIZE, backlog.total), canExport: canAny(actor.viewer, 'export', 'vetting_case'),
    });
  });

  for (const what of ['backlog', 'decision-times'] as const) {
    router.get(`/vetting/compliance/${what}.csv`, async (req, res) => {
      const parsed = BacklogQuerySchema.safeParse(req.query);
      const { fileName, csv } = await service.exportBacklog(actorFrom(res), what, (parsed.success && parsed.data.months) || DEFAULT_MONTHS);
      res.type('text/csv; charset=utf-8').attachment(fileName).send(csv);
    });
  }

  return router;
}

const PAGE_SIZE = 50;

export function filterOf(q: ListQuery): ListFilter {
  return { q: q.q, unit: q.unit, level: q.level, status: q.status, designated: q.designated === undefined ? undefined : q.designated === 'yes', days: q.days };
}

function stringValues(values: Record<string, unknown>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of ['q', 'unit', 'level', 'status', 'designated', 'days']) {
    const v = values[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = String(v);
  }
  return out;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "2026-11" as "November 2026". */
export function monthLabel(month: string): string {
  return monthFormat.format(new Date(`${month}-15T12:00:00Z`));
}

function queryString(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
