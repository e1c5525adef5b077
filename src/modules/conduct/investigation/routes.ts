import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { canAny, type Viewer } from '../../../platform/access/policy.js';
import { ConflictError, ValidationError, fieldErrorsFromZod } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import type { NavigationItem } from '../../../platform/module.js';
import type { z } from '../../../platform/openapi/registry.js';
import { formatDate } from '../../../platform/ui/nunjucks.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { prefixErrors } from '../presenters.js';
import { clockText, dueText, investigationLabel, lineStatusTag, optionsOf } from './presenters.js';
import { NOTICE_KINDS, SERVICE_METHODS, todayInLondon } from './rules.js';
import { ConclusionSchema, CriminalLinkSchema, EndorsementSchema, LineSchema, NoticeResponseSchema, NoticeSchema, OpenReasonSchema, PlanSchema, ProgressSchema, ReviewSchema } from './schema.js';
import type { InvestigationService } from './service.js';

const VIEWS = 'conduct/investigation/views';
const PAGE_SIZE = 25;
/** What every template of this feature uses to show codes and dates. */
export const shared = {
  label: investigationLabel, statusTag: lineStatusTag,
  dueText: (d: Parameters<typeof dueText>[0]) => dueText(d, formatDate), clockText: (c: Parameters<typeof clockText>[0]) => clockText(c, formatDate),
};

function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

export function investigationNavigation(viewer: Viewer): NavigationItem[] {
  return canAny(viewer, 'read', 'conduct_case') ? [{ text: 'Investigations', href: '/conduct/investigations' }] : [];
}

export function investigationRoutes(service: InvestigationService): Router {
  const router = Router();

  const investigationPage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const view = await service.view(actor, id);
    res.status(status).render(`${VIEWS}/investigation.njk`, {
      ...shared, pageTitle: `Investigation of case ${view.case.reference}`, ...view,
      canUpdate: canAny(actor.viewer, 'update', 'conduct_case'), canEndorse: canAny(actor.viewer, 'decide', 'conduct_case'),
      subjects: view.case.subjectPersonIds.map((p) => ({ value: p, text: view.subjectNames[p] ?? p })),
      noticeKinds: optionsOf(NOTICE_KINDS), serviceMethods: optionsOf(SERVICE_METHODS),
      reviewKinds: optionsOf(view.criminal.applies ? ['supervisory', 'inspector', 'criminal'] : ['supervisory', 'inspector']),
      today: todayInLondon(), values: {}, ...extra,
    });
  };

  router.get('/conduct/cases/:id/investigation', async (req, res) => investigationPage(res, idParam(req.params.id)));

  /**
   * Posts one form of the investigation page. A user error shows the page again with that form's errors (ids prefixed
   * by the form, and by the line or notice for per-item forms) and what was typed; a conflict is shown on the form.
   */
  const formAction = (path: string, section: (req: Request) => string, act: (id: string, req: Request, res: Response) => Promise<string>) =>
    router.post(`/conduct/cases/:id/investigation/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      const prefix = section(req);
      try {
        req.session.flash = { type: 'success', text: await act(id, req, res) };
        res.redirect(`/conduct/cases/${id}/investigation`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const details = err instanceof ValidationError ? prefixErrors(prefix, err.details) : [{ field: `${prefix}-version`, message: err.message }];
        await investigationPage(res, id, err.status, { errors: presentFormErrors(details), values: { [prefix]: req.body } });
      }
    });
  const fixed = (name: string) => () => name;
  const perItem = (name: string, param: 'lineId' | 'noticeId') => (req: Request) => `${name}-${idParam((req.params as Record<string, string>)[param])}`;

  formAction('plan', fixed('plan'), async (id, req, res) => {
    const body = parseForm(PlanSchema, req.body);
    await service.savePlan(actorFrom(res), id, body);
    return body.version === 0 ? 'Investigation plan opened' : 'Investigation plan saved';
  });
  formAction('plan/endorsement', fixed('endorsement'), async (id, req, res) => {
    await service.endorse(actorFrom(res), id, parseForm(EndorsementSchema, req.body).version);
    return 'Investigation plan endorsed';
  });
  formAction('lines', fixed('line'), async (id, req, res) => {
    await service.addLine(actorFrom(res), id, parseForm(LineSchema, req.body));
    return 'Line of inquiry added';
  });
  formAction('lines/:lineId/progress', perItem('progress', 'lineId'), async (id, req, res) => {
    await service.recordProgress(actorFrom(res), id, idParam(req.params.lineId), parseForm(ProgressSchema, req.body));
    return 'Progress recorded';
  });
  formAction('lines/:lineId/conclusion', perItem('conclude', 'lineId'), async (id, req, res) => {
    const body = parseForm(ConclusionSchema, req.body);
    await service.concludeLine(actorFrom(res), id, idParam(req.params.lineId), body);
    return body.status === 'done' ? 'Line of inquiry done' : 'Line of inquiry closed';
  });
  formAction('reviews', fixed('review'), async (id, req, res) => {
    await service.recordReview(actorFrom(res), id, parseForm(ReviewSchema, req.body));
    return 'Review recorded';
  });
  formAction('notices', fixed('notice'), async (id, req, res) => {
    await service.serveNotice(actorFrom(res), id, parseForm(NoticeSchema, req.body));
    return 'Notice recorded';
  });
  formAction('notices/:noticeId/response', perItem('response', 'noticeId'), async (id, req, res) => {
    await service.recordResponse(actorFrom(res), id, idParam(req.params.noticeId), parseForm(NoticeResponseSchema, req.body));
    return 'Response recorded';
  });
  formAction('criminal', fixed('criminal'), async (id, req, res) => {
    await service.saveCriminalLink(actorFrom(res), id, parseForm(CriminalLinkSchema, req.body));
    return 'Criminal investigation link saved';
  });
  formAction('open-reason', fixed('reason'), async (id, req, res) => {
    await service.saveOpenReason(actorFrom(res), id, parseForm(OpenReasonSchema, req.body));
    return 'Reason the case remains open recorded';
  });

  // Work lists: overdue reviews and plans awaiting endorsement; cases past 12 months with the reason they remain open.
  router.get('/conduct/investigations', async (req, res) => {
    const actor = actorFrom(res);
    const page = pageParam(req.query.page);
    const overdue = await service.overdueReviews(actor, { page, pageSize: PAGE_SIZE });
    const endorsement = await service.awaitingEndorsement(actor, { page: 1, pageSize: 100 });
    res.render(`${VIEWS}/work-list.njk`, {
      ...shared, pageTitle: 'Investigations: reviews due and plans to endorse', overdue, endorsement, today: todayInLondon(),
      pagination: paginationFor('/conduct/investigations', {}, page, PAGE_SIZE, overdue.total),
    });
  });

  router.get('/conduct/investigations/past-twelve-months', async (req, res) => {
    const page = pageParam(req.query.page);
    const missing = req.query.missing === 'yes';
    const list = await service.pastTimeLimit(actorFrom(res), { page, pageSize: PAGE_SIZE }, missing);
    res.render(`${VIEWS}/past-twelve-months.njk`, {
      ...shared, pageTitle: 'Cases open past 12 months', list, missing,
      pagination: paginationFor('/conduct/investigations/past-twelve-months', { missing: missing ? 'yes' : undefined }, page, PAGE_SIZE, list.total),
    });
  });

  return router;
}
