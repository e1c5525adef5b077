import { Router, type Response } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { viewerScope } from '../../../platform/access/policy.js';
import { ConflictError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../../platform/http/errors.js';
import { presentFormErrors } from '../../../platform/http/form-errors.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import type { DeclarationService } from './declarations.js';
import {
  AssessmentSchema, CIRCUMSTANCE_KINDS, CIRCUMSTANCE_KIND_LABELS, DECLARANT_STATUS_LABELS, DECLARATION_OUTCOMES, DeclarationSchema, OUTCOME_LABELS, OutcomeSchema, RISK_LEVELS, UNIT_STATUS_LABELS,
} from './declarations-schema.js';

const PAGE_SIZE = 25;
const WORK_LIST_TABS = [
  { status: 'received', text: 'Awaiting risk assessment' },
  { status: 'assessed', text: 'Awaiting outcome' },
  { status: 'closed', text: 'Closed' },
];
const kindLabel = (kind: string) => CIRCUMSTANCE_KIND_LABELS[kind as keyof typeof CIRCUMSTANCE_KIND_LABELS]?.text ?? kind;
/** Text as paragraphs, so line breaks the writer typed survive without inline styles. */
const paragraphs = (text: string | null) => (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const labels = { kindLabel, paragraphs, declarantStatus: DECLARANT_STATUS_LABELS, unitStatus: UNIT_STATUS_LABELS, outcomeLabels: OUTCOME_LABELS };

/** Self-service pages for the declarant, and the vetting unit's work list and assessment pages. */
export function declarationRoutes(service: DeclarationService): Router {
  const router = Router();

  router.get('/my/circumstances', async (_req, res) => {
    const declarations = await service.mine(actorFrom(res));
    res.render('vetting/reviews/views/my-declarations.njk', { pageTitle: 'Changes in your circumstances', declarations, ...labels });
  });

  const newForm = (res: Response, status: number, values: Record<string, unknown>, errors?: FieldError[]) =>
    res.status(status).render('vetting/reviews/views/my-declaration-new.njk', {
      pageTitle: 'Tell the vetting unit about a change', values, errors: errors && presentFormErrors(errors),
      kinds: CIRCUMSTANCE_KINDS.map((k) => ({ value: k, text: CIRCUMSTANCE_KIND_LABELS[k].text, hint: CIRCUMSTANCE_KIND_LABELS[k].hint ? { text: CIRCUMSTANCE_KIND_LABELS[k].hint } : undefined })),
    });

  router.get('/my/circumstances/new', async (_req, res) => {
    service.assertCanDeclare(actorFrom(res));
    newForm(res, 200, {});
  });

  router.post('/my/circumstances/new', async (req, res) => {
    service.assertCanDeclare(actorFrom(res));
    const parsed = DeclarationSchema.safeParse(req.body);
    if (!parsed.success) return newForm(res, 400, req.body as Record<string, unknown>, fieldErrorsFromZod(parsed.error));
    const created = await service.declare(actorFrom(res), parsed.data);
    req.session.flash = { type: 'success', text: `Your declaration ${created.reference} has been sent to the vetting unit` };
    res.redirect(`/my/circumstances/${created.id}`);
  });

  router.get('/my/circumstances/:id', async (req, res) => {
    const declaration = await service.own(actorFrom(res), idParam(req.params.id));
    res.render('vetting/reviews/views/my-declaration.njk', { pageTitle: `Your declaration ${declaration.reference}`, declaration, ...labels });
  });

  router.get('/vetting/circumstances', async (req, res) => {
    const actor = actorFrom(res);
    const status = WORK_LIST_TABS.some((t) => t.status === req.query.status) ? String(req.query.status) : 'received';
    const page = pageParam(req.query.page);
    const { declarations, total } = await service.workList(actor, { status, page, pageSize: PAGE_SIZE });
    res.render('vetting/reviews/views/work-list.njk', {
      pageTitle: 'Change-of-circumstances declarations', declarations, total, status, tabs: WORK_LIST_TABS, ...labels,
      pagination: paginationFor('/vetting/circumstances', { status }, page, PAGE_SIZE, total),
    });
  });

  const declarationPage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const declaration = await service.view(actor, id);
    res.status(status).render('vetting/reviews/views/declaration.njk', {
      pageTitle: `Declaration ${declaration.reference}`, declaration, ...labels, values: {},
      riskLevels: RISK_LEVELS.map((r) => ({ value: r, text: r[0]!.toUpperCase() + r.slice(1) })),
      outcomes: DECLARATION_OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
      canAssess: viewerScope(actor.viewer, 'circumstance_declaration', 'update') === 'all' && declaration.status !== 'closed',
      canDecide: viewerScope(actor.viewer, 'circumstance_declaration', 'decide') === 'all' && declaration.status === 'assessed',
      ...extra,
    });
  };

  router.get('/vetting/circumstances/:id', async (req, res) => declarationPage(res, idParam(req.params.id)));

  /** Posts one of the unit's forms; a user error shows the page again with that form's values and messages. */
  const unitAction = (path: string, form: 'assessment' | 'outcome', act: (id: string, body: Record<string, unknown>, res: Response) => Promise<string>) =>
    router.post(`/vetting/circumstances/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      try {
        req.session.flash = { type: 'success', text: await act(id, req.body as Record<string, unknown>, res) };
        res.redirect(`/vetting/circumstances/${id}`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const details = err instanceof ValidationError ? err.details : [{ field: form === 'assessment' ? 'riskLevel' : 'outcome', message: err.message }];
        await declarationPage(res, id, err.status, { errors: presentFormErrors(details), values: { [form]: req.body } });
      }
    });

  unitAction('assessment', 'assessment', async (id, body, res) => {
    const parsed = AssessmentSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    await service.assess(actorFrom(res), id, parsed.data);
    return 'Risk assessment recorded';
  });

  unitAction('outcome', 'outcome', async (id, body, res) => {
    const parsed = OutcomeSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    const { reviewApplicationId } = await service.decide(actorFrom(res), id, parsed.data);
    return reviewApplicationId ? 'Outcome recorded: the declaration is with the vetting review' : 'Outcome recorded';
  });

  return router;
}
