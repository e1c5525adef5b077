import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { ConflictError, ForbiddenError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam, textParam } from '../../../platform/http/params.js';
import type { NavigationItem } from '../../../platform/module.js';
import type { Viewer } from '../../../platform/access/policy.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { categoryOptions, options } from '../presenters.js';
import { CASE_KINDS, CASE_STATUSES, FLAGS, HANDLING_ROUTES, OUTCOMES, type Flag } from '../rules.js';
import { COUNT_CAP, EXPORT_CAP } from './data.js';
import { toCsv } from '../../../platform/http/csv.js';
import { answerLabel, days, measureLabel, monthLabel, QUESTION_LABELS, reportLabel } from './presenters.js';
import {
  ASSESSMENT_FINDINGS, CaseFinderQuerySchema, INVESTIGATION_FINDINGS, NewPibReviewSchema, PibCompletionSchema, PibFindingSchema, QUEUES, TimelinessQuerySchema,
  VICTIM_SUPPORT_FINDINGS, VolumesQuerySchema, type CaseFinderQuery,
} from './schema.js';
import { exportsConductAggregates, FINDING_QUESTIONS, opensPibReviews, seesConductAggregates, type ReportingService } from './service.js';
import { MEASURES } from './timeliness.js';
import type { ConductRules } from '../settings.js';

const VIEWS = 'conduct/reporting/views';
const PAGE_SIZE = 25;
const shared = { label: reportLabel, answerLabel, monthLabel, measureLabel, days, measures: MEASURES, questions: FINDING_QUESTIONS, questionLabels: QUESTION_LABELS };
const filterValues = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([, v]) => typeof v === 'string' && v !== '')) as Record<string, string>;

function sendCsv(res: Response, name: string, body: string) {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.send(body);
}

export function reportingNavigation(viewer: Viewer): NavigationItem[] {
  return seesConductAggregates(viewer) && !viewer.tokenScopes ? [{ text: 'Conduct reports', href: '/conduct/reports' }] : [];
}

export function reportingRoutes(service: ReportingService, deps: { rules: () => Promise<ConductRules> }): Router {
  const router = Router();

  router.get('/conduct/reports', (_req, res) => {
    const viewer = actorFrom(res).viewer;
    if (!seesConductAggregates(viewer)) throw new ForbiddenError();
    res.render(`${VIEWS}/index.njk`, { pageTitle: 'Conduct reports', cases: canAny(viewer, 'read', 'conduct_case'), reviews: canAny(viewer, 'read', 'conduct_case'), queues: QUEUES, label: reportLabel });
  });

  // --- Case lists and work lists ----------------------------------------------------------------

  /** The filters from the query string; the subject is given by payroll number and looked up in the directory. */
  async function finderQuery(req: Request): Promise<{ query?: CaseFinderQuery; errors?: FieldError[] }> {
    const raw = { ...(req.query as Record<string, unknown>) };
    const subject = textParam(raw.subject, 20);
    delete raw.subject;
    const parsed = CaseFinderQuerySchema.safeParse(raw);
    const errors = parsed.success ? [] : fieldErrorsFromZod(parsed.error);
    let subjectPersonId: string | undefined;
    if (subject) {
      subjectPersonId = await service.personIdByPayroll(subject);
      if (!subjectPersonId) errors.push({ field: 'subject', message: 'Nobody in the workforce directory has that payroll number' });
    }
    if (errors.length || !parsed.success) return { errors };
    return { query: { ...parsed.data, subjectPersonId, pageSize: PAGE_SIZE } };
  }

  router.get('/conduct/reports/cases', async (req, res) => {
    const actor = actorFrom(res);
    const { query, errors } = await finderQuery(req);
    const rules = await deps.rules();
    const found = query ? await service.findCases(actor, query) : { cases: [], total: 0, capped: false };
    const values = filterValues(req.query as Record<string, unknown>);
    res.status(errors ? 400 : 200).render(`${VIEWS}/cases.njk`, {
      ...shared, pageTitle: values.queue ? reportLabel(values.queue) : 'Find cases', ...found, values, errors: errors && presentFormErrors(errors), countCap: COUNT_CAP, exportCap: EXPORT_CAP,
      canExport: canAny(actor.viewer, 'export', 'conduct_case'), exportQuery: new URLSearchParams({ ...values, page: '' }).toString().replace(/&?page=/, ''),
      choices: {
        queues: options(QUEUES, reportLabel), kinds: options(CASE_KINDS), statuses: options(CASE_STATUSES), routes: options(HANDLING_ROUTES), outcomes: options(OUTCOMES),
        flags: options(FLAGS, (f) => rules.flagDefinitions[f as Flag]?.label ?? f), categories: categoryOptions(rules.allegationCategories),
      },
      flagLabel: (f: string) => rules.flagDefinitions[f as Flag]?.label ?? f,
      pagination: paginationFor('/conduct/reports/cases', values, query?.page ?? 1, PAGE_SIZE, found.total),
    });
  });

  router.get('/conduct/reports/cases/csv', async (req, res) => {
    const actor = actorFrom(res);
    const { query, errors } = await finderQuery(req);
    if (!query) throw new ValidationError(errors ?? []);
    const { cases } = await service.findCases(actor, { ...query, page: 1, pageSize: EXPORT_CAP }, 'export');
    sendCsv(res, 'conduct-cases.csv', toCsv([
      { header: 'Reference', value: (c) => c.reference }, { header: 'Kind', value: (c) => reportLabel(c.kind) }, { header: 'Status', value: (c) => reportLabel(c.status) },
      { header: 'Received', value: (c) => c.receivedOn }, { header: 'Recorded', value: (c) => c.recordedOn }, { header: 'Handling route', value: (c) => reportLabel(c.handlingRoute) },
      { header: 'Finalised', value: (c) => c.finalisedOn }, { header: 'Allegations', value: (c) => c.allegations }, { header: 'Categories', value: (c) => c.categories },
      { header: 'Flags', value: (c) => c.flags.map(reportLabel) }, { header: 'Outcomes', value: (c) => c.outcomes.map(reportLabel) },
    ], cases));
  });

  // --- Aggregate reports ----------------------------------------------------------------------

  router.get('/conduct/reports/timeliness', async (req, res) => {
    const actor = actorFrom(res);
    const parsed = TimelinessQuerySchema.safeParse(req.query);
    const values = filterValues(req.query as Record<string, unknown>);
    const errors = parsed.success ? undefined : fieldErrorsFromZod(parsed.error);
    let report;
    try {
      report = parsed.success ? await service.timeliness(actor, parsed.data) : undefined;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return res.status(400).render(`${VIEWS}/timeliness.njk`, { ...shared, pageTitle: 'Timeliness', values, kinds: options(CASE_KINDS), errors: presentFormErrors(err.details) });
    }
    res.status(errors ? 400 : 200).render(`${VIEWS}/timeliness.njk`, {
      ...shared, pageTitle: 'Timeliness', report, values: { from: report?.from, to: report?.to, ...values }, kinds: options(CASE_KINDS), errors: errors && presentFormErrors(errors),
      canExport: exportsConductAggregates(actor.viewer), exportQuery: new URLSearchParams(report ? { from: report.from, to: report.to, ...(report.kind ? { kind: report.kind } : {}) } : {}).toString(),
    });
  });

  router.get('/conduct/reports/timeliness/csv', async (req, res) => {
    const parsed = TimelinessQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    const report = await service.timeliness(actorFrom(res), parsed.data, 'export');
    const rows = report.months.flatMap((m) => MEASURES.map((measure) => ({ month: m.month, measure, ...m.measures[measure] })));
    sendCsv(res, `conduct-timeliness-${report.from}-to-${report.to}.csv`, toCsv([
      { header: 'Month', value: (r) => r.month }, { header: 'Measure', value: (r) => measureLabel(r.measure) }, { header: 'Cases', value: (r) => r.cases },
      { header: 'Median days', value: (r) => r.medianDays }, { header: '90th percentile days', value: (r) => r.p90Days },
    ], rows));
  });

  const volumeRows = async (report: Awaited<ReturnType<ReportingService['volumes']>>) => {
    const rules = await deps.rules();
    const category = new Map(rules.allegationCategories.map((c) => [c.code, `${c.code} – ${c.label}`]));
    return [
      ...report.byKind.map((r) => ({ dimension: 'Kind of case', label: reportLabel(r.code), count: r.count })),
      ...report.byHandlingRoute.map((r) => ({ dimension: 'Handling route', label: reportLabel(r.code), count: r.count })),
      ...report.byCategory.map((r) => ({ dimension: 'Allegation category', label: category.get(r.code) ?? r.code, count: r.count })),
      ...report.byFlag.map((r) => ({ dimension: 'Flag (cases)', label: rules.flagDefinitions[r.code as Flag]?.label ?? r.code, count: r.count })),
      ...report.byOutcome.map((r) => ({ dimension: 'Outcome (decided in the period)', label: reportLabel(r.code), count: r.count })),
    ];
  };

  router.get('/conduct/reports/volumes', async (req, res) => {
    const actor = actorFrom(res);
    const parsed = VolumesQuerySchema.safeParse(req.query);
    const values = filterValues(req.query as Record<string, unknown>);
    const report = parsed.success ? await service.volumes(actor, parsed.data) : undefined;
    const rows = report ? await volumeRows(report) : [];
    const dimensions = [...new Set(rows.map((r) => r.dimension))].map((d) => ({ title: d, rows: rows.filter((r) => r.dimension === d) }));
    res.status(parsed.success ? 200 : 400).render(`${VIEWS}/volumes.njk`, {
      ...shared, pageTitle: 'Volumes by category, flag and outcome', report, dimensions, values: { from: report?.from, to: report?.to, ...values }, kinds: options(CASE_KINDS),
      errors: parsed.success ? undefined : presentFormErrors(fieldErrorsFromZod(parsed.error)),
      canExport: exportsConductAggregates(actor.viewer), exportQuery: new URLSearchParams(report ? { from: report.from, to: report.to, ...(report.kind ? { kind: report.kind } : {}) } : {}).toString(),
    });
  });

  router.get('/conduct/reports/volumes/csv', async (req, res) => {
    const parsed = VolumesQuerySchema.safeParse(req.query);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    const report = await service.volumes(actorFrom(res), parsed.data, 'export');
    sendCsv(res, `conduct-volumes-${report.from}-to-${report.to}.csv`, toCsv([
      { header: 'Dimension', value: (r) => r.dimension }, { header: 'Value', value: (r) => r.label }, { header: 'Count', value: (r) => r.count },
    ], await volumeRows(report)));
  });

  // --- The PIB review -----------------------------------------------------------------------------

  router.get('/conduct/reviews/pib', async (_req, res) => {
    const actor = actorFrom(res);
    const reviews = await service.pibReviews(actor);
    res.render(`${VIEWS}/reviews.njk`, { ...shared, pageTitle: 'Reviews of prejudicial and improper behaviour allegations', reviews, canOpen: opensPibReviews(actor.viewer) });
  });

  const newPage = (res: Response, status = 200, values: Record<string, unknown> = service.defaultPibPeriod(), errors?: FieldError[]) =>
    res.status(status).render(`${VIEWS}/review-new.njk`, { pageTitle: 'Open a review of PIB allegations', values, errors: errors && presentFormErrors(errors) });

  router.get('/conduct/reviews/pib/new', (_req, res) => {
    if (!opensPibReviews(actorFrom(res).viewer)) throw new ForbiddenError('Only those who take appropriate-authority decisions can open a review of PIB allegations');
    newPage(res);
  });

  router.post('/conduct/reviews/pib/new', async (req, res) => {
    const parsed = NewPibReviewSchema.safeParse(req.body);
    if (!parsed.success) return newPage(res, 400, req.body, fieldErrorsFromZod(parsed.error));
    try {
      const { id, allegations } = await service.openPibReview(actorFrom(res), parsed.data);
      req.session.flash = { type: 'success', text: `Review opened: ${allegations} allegation${allegations === 1 ? '' : 's'} to review` };
      res.redirect(`/conduct/reviews/pib/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      newPage(res, 400, req.body, err.details);
    }
  });

  const reviewPage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const view = await service.pibReview(actor, id);
    res.status(status).render(`${VIEWS}/review.njk`, { ...shared, pageTitle: view.review.title, ...view, canComplete: opensPibReviews(actor.viewer) && view.review.status === 'open', values: {}, ...extra });
  };

  router.get('/conduct/reviews/pib/:id', async (req, res) => reviewPage(res, idParam(req.params.id)));

  router.post('/conduct/reviews/pib/:id/completion', async (req, res) => {
    const id = idParam(req.params.id);
    const parsed = PibCompletionSchema.safeParse(req.body);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error).map((e) => ({ ...e, field: e.field === 'version' ? 'summary' : e.field })));
      await service.completePibReview(actorFrom(res), id, parsed.data);
      req.session.flash = { type: 'success', text: 'Review completed with its summary of findings' };
      res.redirect(`/conduct/reviews/pib/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      await reviewPage(res, id, err.status, { errors: presentFormErrors(err instanceof ValidationError && err.details.length ? err.details : [{ field: 'summary', message: err.message }]), values: req.body });
    }
  });

  const itemPage = async (res: Response, id: string, allegationId: string, status = 200, values?: Record<string, unknown>, errors?: FieldError[]) => {
    const { review, item } = await service.pibReviewItem(actorFrom(res), id, allegationId);
    res.status(status).render(`${VIEWS}/review-item.njk`, {
      ...shared, pageTitle: `PIB review finding: ${item.reference}`, review, item, outcomesText: item.outcomes.map(reportLabel).join(', '), values: values ?? item, errors: errors && presentFormErrors(errors),
      answers: { victimsSupported: options(VICTIM_SUPPORT_FINDINGS, answerLabel), assessmentRight: options(ASSESSMENT_FINDINGS, answerLabel), investigationComprehensive: options(INVESTIGATION_FINDINGS, answerLabel) },
    });
  };

  router.get('/conduct/reviews/pib/:id/allegations/:allegationId', async (req, res) => itemPage(res, idParam(req.params.id), idParam(req.params.allegationId)));

  router.post('/conduct/reviews/pib/:id/allegations/:allegationId', async (req, res) => {
    const [id, allegationId] = [idParam(req.params.id), idParam(req.params.allegationId)];
    const parsed = PibFindingSchema.safeParse(req.body);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error).map((e) => ({ ...e, field: e.field === 'version' ? 'victimsSupported' : e.field })));
      await service.recordPibFinding(actorFrom(res), id, allegationId, parsed.data);
      req.session.flash = { type: 'success', text: 'Finding recorded' };
      res.redirect(`/conduct/reviews/pib/${id}`);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      // After a conflict the form shows what is saved now (and its version); after a validation error, what was sent.
      await itemPage(res, id, allegationId, err.status, err instanceof ConflictError ? undefined : req.body, err instanceof ValidationError && err.details.length ? err.details : [{ field: 'victimsSupported', message: err.message }]);
    }
  });

  return router;
}
