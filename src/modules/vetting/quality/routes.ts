import { Router, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { ConflictError, ForbiddenError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { labelFor } from '../presenters.js';
import { NDM_STAGES } from '../rules.js';
import type { WorkListStatus } from './data.js';
import { monthLabel, qaState, selectionSummary, themeCounts } from './presenters.js';
import { percent, themesUsed } from './report.js';
import { FINDING_LABELS, FINDINGS, SELECTION_LABELS } from './sampling.js';
import { AddToSampleSchema, FindingSchema, QaSettingsSchema, ReferralResponseSchema, ReportQuerySchema } from './schema.js';
import { OwnDecisionError, managesQuality, type QualityService } from './service.js';

const PAGE_SIZE = 25;
const VIEWS = 'vetting/quality/views';
const STATUSES: WorkListStatus[] = ['awaiting', 'completed', 'referred'];
/** Labels the templates share. */
const shared = { label: labelFor, findingLabels: FINDING_LABELS, selectionLabels: SELECTION_LABELS, percent, selectionSummary, qaState, monthLabel, themeCounts };

/** Errors a user can cause on a QA form: shown on the page with an error summary, never as an error page. */
const isFormError = (err: unknown): err is ValidationError | ConflictError | OwnDecisionError =>
  err instanceof ValidationError || err instanceof ConflictError || err instanceof OwnDecisionError;
const detailsOf = (err: ValidationError | ConflictError | OwnDecisionError, field: string): FieldError[] =>
  err instanceof ValidationError && err.details.length ? err.details : [{ field, message: err.message }];
/** On the sample page a refusal points at what explains it: the own-decision warning or the finding section. */
const sampleErrorField = (err: ValidationError | ConflictError | OwnDecisionError, field: string) =>
  err instanceof OwnDecisionError ? 'own-decision' : err instanceof ConflictError ? 'finding-section' : field;

export function qualityRoutes(service: QualityService): Router {
  const router = Router();

  router.get('/vetting/quality', async (req, res) => {
    const actor = actorFrom(res);
    const manager = managesQuality(actor.viewer);
    const requested = STATUSES.find((s) => s === req.query.status) ?? 'awaiting';
    const status = requested === 'referred' && !manager ? 'awaiting' : requested;
    const page = pageParam(req.query.page);
    const { entries, total } = await service.workList(actor, { status, page, pageSize: PAGE_SIZE });
    res.render(`${VIEWS}/work-list.njk`, {
      ...shared, pageTitle: 'Quality assurance of vetting decisions', status, entries, total, manager,
      pagination: paginationFor('/vetting/quality', { status }, page, PAGE_SIZE, total),
    });
  });

  router.get('/vetting/quality/feedback', async (req, res) => {
    const page = pageParam(req.query.page);
    const { entries, total } = await service.feedback(actorFrom(res), { page, pageSize: PAGE_SIZE });
    res.render(`${VIEWS}/feedback.njk`, { ...shared, pageTitle: 'QA feedback on your decisions', entries, total, pagination: paginationFor('/vetting/quality/feedback', {}, page, PAGE_SIZE, total) });
  });

  const samplePage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const view = await service.sample(actorFrom(res), id);
    res.status(status).render(`${VIEWS}/sample.njk`, {
      ...shared, pageTitle: `Quality assurance: ${view.sample.reference}`, ...view, ndmStages: NDM_STAGES, findings: FINDINGS, values: {}, ...extra,
    });
  };

  router.get('/vetting/quality/samples/:id', async (req, res) => samplePage(res, idParam(req.params.id)));

  /** Posts a form on the sample page; a user error shows the page again with the form's values and errors. */
  const sampleAction = (path: string, field: string, act: (id: string, body: Record<string, unknown>, res: Response) => Promise<string>) =>
    router.post(`/vetting/quality/samples/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      const body = req.body as Record<string, unknown>;
      try {
        req.session.flash = { type: 'success', text: await act(id, body, res) };
        res.redirect(`/vetting/quality/samples/${id}`);
      } catch (err) {
        if (!isFormError(err)) throw err;
        await samplePage(res, id, err.status, { errors: presentFormErrors(detailsOf(err, sampleErrorField(err, field))), values: { ...body, learningThemes: ([] as unknown[]).concat(body.learningThemes ?? []) } });
      }
    });

  sampleAction('finding', 'finding', async (id, body, res) => {
    const parsed = FindingSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error).map((e) => ({ ...e, field: e.field.replace(/^learningThemes\.\d+$/, 'learningThemes').replace(/^version$/, 'finding') })));
    await service.recordFinding(actorFrom(res), id, parsed.data);
    return 'Finding recorded: the decision maker will see your feedback on their home page';
  });

  sampleAction('acknowledge', 'acknowledge', async (id, body, res) => {
    await service.acknowledge(actorFrom(res), id, Number(body.version));
    return 'Feedback acknowledged';
  });

  sampleAction('referral', 'response', async (id, body, res) => {
    const parsed = ReferralResponseSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error).map((e) => ({ ...e, field: e.field === 'version' ? 'response' : e.field })));
    await service.respondToReferral(actorFrom(res), id, parsed.data.response, parsed.data.version);
    return 'Response to the referral recorded';
  });

  const addPage = (res: Response, applicationId: string, status = 200, values: Record<string, unknown> = {}, errors?: FieldError[]) =>
    res.status(status).render(`${VIEWS}/add-to-sample.njk`, { pageTitle: 'Add a decision to the QA sample', applicationId, values, errors: errors && presentFormErrors(errors) });

  router.get('/vetting/applications/:id/quality', async (req, res) => {
    if (!managesQuality(actorFrom(res).viewer)) throw new ForbiddenError('Only the force vetting manager can add a decision to the quality-assurance sample');
    addPage(res, idParam(req.params.id));
  });

  router.post('/vetting/applications/:id/quality', async (req, res) => {
    const applicationId = idParam(req.params.id);
    const parsed = AddToSampleSchema.safeParse(req.body);
    if (!parsed.success) return addPage(res, applicationId, 400, req.body, fieldErrorsFromZod(parsed.error));
    try {
      const sampleId = await service.addToSample(actorFrom(res), applicationId, parsed.data.reason);
      req.session.flash = { type: 'success', text: 'Decision added to the quality-assurance sample' };
      res.redirect(`/vetting/quality/samples/${sampleId}`);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
      addPage(res, applicationId, err.status, req.body, detailsOf(err, 'reason'));
    }
  });

  router.get('/vetting/quality/reports', async (req, res) => {
    const actor = actorFrom(res);
    if (!managesQuality(actor.viewer)) throw new ForbiddenError('Only the force vetting manager can see quality-assurance reports');
    const values = { from: typeof req.query.from === 'string' ? req.query.from : undefined, to: typeof req.query.to === 'string' ? req.query.to : undefined };
    const render = (status: number, report: Awaited<ReturnType<QualityService['report']>> | undefined, errors?: FieldError[]) =>
      res.status(status).render(`${VIEWS}/report.njk`, { ...shared, pageTitle: 'Quality assurance reports', report, values, errors: errors && presentFormErrors(errors), themesUsed });
    const parsed = ReportQuerySchema.safeParse(values);
    if (!parsed.success) return render(400, undefined, fieldErrorsFromZod(parsed.error));
    try {
      const report = await service.report(actor, parsed.data);
      render(200, report);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      render(400, undefined, err.details);
    }
  });

  for (const by of ['month', 'decision-maker'] as const) {
    router.get(`/vetting/quality/reports/by-${by}.csv`, async (req, res) => {
      const parsed = ReportQuerySchema.safeParse({ from: req.query.from || undefined, to: req.query.to || undefined });
      if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error), 'Choose valid months for the report');
      const { filename, csv } = await service.reportCsv(actorFrom(res), parsed.data, by);
      res.type('text/csv; charset=utf-8').attachment(filename).send(csv);
    });
  }

  const settingsPage = async (res: Response, status = 200, values?: Record<string, unknown>, errors?: FieldError[]) => {
    const current = await service.settingsForEdit(actorFrom(res));
    const shown = values ?? {
      sampleSharePercent: String(Math.round(current.sampleShare * 1000) / 10), sampleAllRefusals: current.sampleAllRefusals ? 'yes' : 'no',
      learningThemes: current.learningThemes.join('\n'), ...Object.fromEntries(Object.entries(current.versions).map(([k, v]) => [`${k}Version`, String(v)])),
    };
    res.status(status).render(`${VIEWS}/settings.njk`, { pageTitle: 'Quality assurance settings', values: shown, errors: errors && presentFormErrors(errors) });
  };

  router.get('/vetting/quality/settings', async (_req, res) => settingsPage(res));

  router.post('/vetting/quality/settings', async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    const errors: FieldError[] = [];
    const share = Number(String(body.sampleSharePercent ?? '').trim().replace(/%$/, ''));
    if (!String(body.sampleSharePercent ?? '').trim() || !Number.isFinite(share) || share < 0 || share > 100) {
      errors.push({ field: 'sampleSharePercent', message: 'Enter the share to sample as a percentage from 0 to 100' });
    }
    const parsed = QaSettingsSchema.safeParse({
      sampleShare: Number.isFinite(share) ? Math.round(share * 10) / 1000 : share,
      sampleAllRefusals: body.sampleAllRefusals === 'yes' ? true : body.sampleAllRefusals === 'no' ? false : undefined,
      learningThemes: String(body.learningThemes ?? '').split(/\r?\n/).map((t) => t.trim()).filter(Boolean),
      versions: { sampleShare: Number(body.sampleShareVersion), sampleAllRefusals: Number(body.sampleAllRefusalsVersion), learningThemes: Number(body.learningThemesVersion) },
    });
    if (!parsed.success) {
      for (const e of fieldErrorsFromZod(parsed.error)) {
        const field = e.field.startsWith('learningThemes') ? 'learningThemes' : e.field.startsWith('versions') ? 'sampleSharePercent' : e.field === 'sampleShare' ? 'sampleSharePercent' : e.field;
        if (!errors.some((x) => x.field === field)) errors.push({ field, message: e.field.startsWith('versions') ? 'The form is missing its versions: reload the page' : e.message });
      }
    }
    if (errors.length || !parsed.success) return settingsPage(res, 400, body, errors);
    try {
      await service.updateSettings(actorFrom(res), parsed.data);
      req.session.flash = { type: 'success', text: 'Quality assurance settings saved' };
      res.redirect('/vetting/quality/settings');
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      await settingsPage(res, 409, body, [{ field: 'sampleSharePercent', message: err.message }]);
    }
  });

  return router;
}

/** Whether to show the QA links in the Vetting section. */
export const qualityNavigation = (viewer: Parameters<typeof canAny>[0]) => [
  ...(canAny(viewer, 'read', 'vetting_quality') ? [{ text: 'Quality assurance of decisions', href: '/vetting/quality' }] : []),
  ...(managesQuality(viewer) ? [{ text: 'Quality assurance reports', href: '/vetting/quality/reports' }, { text: 'Quality assurance settings', href: '/vetting/quality/settings' }] : []),
];
