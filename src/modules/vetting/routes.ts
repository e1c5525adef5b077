import { Router, type Response } from 'express';
import { actorFrom } from '../../platform/access/guard.js';
import { canAny } from '../../platform/access/policy.js';
import { ConflictError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../platform/http/errors.js';
import { presentFormErrors } from '../../platform/http/form-errors.js';
import { idParam, pageParam } from '../../platform/http/params.js';
import { FORCE_VETTING_LEVELS, PERSON_TYPES, PERSON_TYPE_LABELS, VETTING_LEVEL_LABELS } from '../../platform/reference.js';
import { paginationFor } from '../../platform/ui/pagination.js';
import { OUTCOMES, ADVERSE_CATEGORIES, APPLICATION_KINDS, APP_RISK_FACTORS, CHECK_TYPES, DISPOSALS, NDM_STAGES, RESPONSIBLE_UNITS } from './rules.js';
import { AddConditionSchema, AssignmentSchema, AssociateSchema, CheckSchema, CONDITION_FINDINGS, ConditionNoticeSchema, ConditionReviewSchema, DecisionSchema, NewApplicationSchema, RatificationSchema } from './schema.js';
import type { VettingService } from './service.js';
import type { ApplicationSection } from './features.js';
import type { Viewer } from '../../platform/access/policy.js';
import type { NavigationItem } from '../../platform/module.js';
import { labelFor } from './presenters.js';
import { letterDocument, renderPdf } from '../../platform/documents/pdf.js';
import type { z } from '../../platform/openapi/registry.js';

const PAGE_SIZE = 25;
const LIST_STATUSES = ['open', 'awaiting_ratification', 'decided'] as const;

/** Parses a form body against an API schema, turning problems into field errors for the page. */
function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}
const options = (values: readonly string[]) => values.map((v) => ({ value: v, text: labelFor(v) }));

export function vettingRoutes(service: VettingService, sections: ApplicationSection[] = [], subNavigation: (viewer: Viewer) => NavigationItem[] = () => []): Router {
  const router = Router();

  router.get('/vetting', async (req, res) => {
    const actor = actorFrom(res);
    const status = LIST_STATUSES.find((s) => s === req.query.status) ?? 'open';
    const adverse = ['any', ...ADVERSE_CATEGORIES].find((c) => c === req.query.adverse);
    const outcome = ['cleared', ...OUTCOMES].find((o) => o === req.query.outcome);
    const page = pageParam(req.query.page);
    const { applications, total } = await service.list(actor, { status, adverse, outcome: status === 'decided' ? outcome : undefined, page, pageSize: PAGE_SIZE });
    res.render('vetting/views/applications.njk', {
      pageTitle: 'Vetting applications', status, applications, total, label: labelFor, canCreate: canAny(actor.viewer, 'create', 'vetting_case'), subNavigation: subNavigation(actor.viewer),
      adverse, outcome, categories: options(ADVERSE_CATEGORIES), outcomes: options(OUTCOMES),
      pagination: paginationFor('/vetting', { status, adverse, outcome }, page, PAGE_SIZE, total),
    });
  });

  const newForm = (res: Response, status: number, values: Record<string, unknown>, errors?: FieldError[]) =>
    res.status(status).render('vetting/views/application-new.njk', {
      pageTitle: 'Open a vetting application', values, kinds: options(APPLICATION_KINDS), roleTypes: PERSON_TYPES.map((t) => ({ value: t, text: PERSON_TYPE_LABELS[t] })),
      levels: FORCE_VETTING_LEVELS.map((l) => ({ value: l, text: VETTING_LEVEL_LABELS[l] })), errors: errors && presentFormErrors(errors),
    });

  router.get('/vetting/applications/new', (_req, res) => newForm(res, 200, { receivedOn: new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()) }));

  router.post('/vetting/applications/new', async (req, res) => {
    const actor = actorFrom(res);
    const body = { ...req.body } as Record<string, unknown>;
    const errors: FieldError[] = [];
    const payroll = typeof body.payrollNumber === 'string' ? body.payrollNumber.trim() : '';
    if (payroll) {
      const personId = await service.personIdByPayroll(payroll);
      if (personId) body.personId = personId;
      else errors.push({ field: 'payrollNumber', message: `Nobody in the workforce directory has payroll number ${payroll}` });
    }
    if (!payroll && !body.roleType) errors.push({ field: 'roleType', message: 'Choose the kind of role applied for' });
    const parsed = NewApplicationSchema.safeParse(body);
    if (!parsed.success) errors.push(...fieldErrorsFromZod(parsed.error));
    if (errors.length || !parsed.success) return newForm(res, 400, req.body, errors);
    try {
      const created = await service.createApplication(actor, parsed.data);
      req.session.flash = { type: 'success', text: `Application ${created.reference} opened` };
      res.redirect(`/vetting/applications/${created.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      newForm(res, 400, req.body, err.details);
    }
  });

  const applicationPage = async (res: Response, id: string, status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const view = await service.view(actor, id);
    // Feature sections load after the application itself has been authorised and audited.
    const loaded = await Promise.all(sections.map(async (s) => ({ id: s.id, title: s.title, ...(await s.load(actor, id)) })));
    res.status(status).render('vetting/views/application.njk', {
      pageTitle: `${view.application.reference}: ${view.application.applicantForenames} ${view.application.applicantSurname}`, ...view,
      checkTypes: options(CHECK_TYPES), categories: options(ADVERSE_CATEGORIES), disposals: options(DISPOSALS), units: options(RESPONSIBLE_UNITS),
      relationships: options(AssociateSchema.shape.relationship.options), riskFactors: APP_RISK_FACTORS, ndmStages: NDM_STAGES,
      label: labelFor, canUpdate: canAny(actor.viewer, 'update', 'vetting_case'), canDecide: canAny(actor.viewer, 'decide', 'vetting_case'), canRatify: await service.canRatify(actor),
      viewerUserId: actor.viewer.userId, values: {}, sections: loaded.filter((s) => 'template' in s), ...extra,
    });
  };

  router.get('/vetting/applications/:id', async (req, res) => applicationPage(res, idParam(req.params.id)));

  router.get('/vetting/work', async (_req, res) => {
    const actor = actorFrom(res);
    const work = await service.workLists(actor);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    res.render('vetting/views/work.njk', { pageTitle: 'Vetting work', ...work, today, label: labelFor, subNavigation: subNavigation(actor.viewer) });
  });

  const conditionPage = async (res: Response, conditionId: string, status = 200, extra: Record<string, unknown> = {}) => {
    const detail = await service.viewCondition(actorFrom(res), conditionId);
    res.status(status).render('vetting/views/condition.njk', { pageTitle: `Condition on ${detail.condition.reference}`, ...detail, findings: options(CONDITION_FINDINGS), label: labelFor, values: {}, ...extra });
  };
  router.get('/vetting/conditions/:conditionId', async (req, res) => conditionPage(res, idParam(req.params.conditionId)));

  const conditionAction = (path: string, act: (id: string, body: Record<string, unknown>, res: Response) => Promise<string>, section: string) =>
    router.post(`/vetting/conditions/:conditionId/${path}`, async (req, res) => {
      const id = idParam(req.params.conditionId);
      try {
        req.session.flash = { type: 'success', text: await act(id, req.body as Record<string, unknown>, res) };
        res.redirect(`/vetting/conditions/${id}`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const details = err instanceof ValidationError ? err.details : [{ field: section, message: err.message }];
        await conditionPage(res, id, err.status, { errors: presentFormErrors(details), values: { [section]: req.body } });
      }
    });

  conditionAction('notice', async (id, body, res) => {
    await service.recordConditionNotice(actorFrom(res), id, parseForm(ConditionNoticeSchema, body));
    return 'Recorded who was told';
  }, 'notice');

  conditionAction('reviews', async (id, body, res) => {
    await service.reviewCondition(actorFrom(res), id, parseForm(ConditionReviewSchema, body));
    return 'Review recorded';
  }, 'review');

  router.get('/vetting/applications/:id/letter', async (req, res) => {
    const letter = await service.letter(actorFrom(res), idParam(req.params.id));
    res.render('vetting/views/letter.njk', { pageTitle: letter.title, letter, applicationId: req.params.id });
  });

  router.get('/vetting/applications/:id/letter.pdf', async (req, res) => {
    const letter = await service.letter(actorFrom(res), idParam(req.params.id));
    const pdf = await renderPdf(letterDocument(letter));
    res.type('application/pdf').attachment(`${letter.reference}-decision.pdf`).send(pdf);
  });

  /** Posts a form section; on a user error the page is shown again with that section's errors and values. */
  const formAction = (path: string, act: (id: string, body: Record<string, unknown>, res: Response) => Promise<string>, section: string) =>
    router.post(`/vetting/applications/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      try {
        const message = await act(id, req.body as Record<string, unknown>, res);
        req.session.flash = { type: 'success', text: message };
        res.redirect(`/vetting/applications/${id}`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const details = err instanceof ValidationError ? err.details : [{ field: section, message: err.message }];
        await applicationPage(res, id, err.status, { errors: presentFormErrors(details), values: { [section]: req.body } });
      }
    });

  formAction('checks', async (id, body, res) => {
    const trace = body.result === 'adverse' ? [{ category: body.traceCategory, disposal: body.traceDisposal || undefined, description: body.traceDescription, occurredOn: body.traceOccurredOn }] : [];
    const parsed = CheckSchema.safeParse({ ...body, traces: trace });
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error).map((e) => ({ ...e, field: e.field.replace(/^traces\.0\.(\w)/, (_m, c: string) => `trace${c.toUpperCase()}`).replace(/^traces$/, 'traceDescription') })));
    await service.recordCheck(actorFrom(res), id, parsed.data);
    return 'Check recorded';
  }, 'check');

  formAction('associates', async (id, body, res) => {
    const parsed = AssociateSchema.safeParse(body);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    await service.addAssociate(actorFrom(res), id, parsed.data);
    return 'Declared associate recorded';
  }, 'associate');

  formAction('ratification', async (id, body, res) => {
    const parsed = parseForm(RatificationSchema, body);
    await service.ratify(actorFrom(res), id, parsed);
    return parsed.verdict === 'ratify' ? 'Decision ratified' : 'Decision sent back to the decision maker';
  }, 'ratification');

  formAction('conditions', async (id, body, res) => {
    await service.addCondition(actorFrom(res), id, parseForm(AddConditionSchema, body));
    return 'Condition added';
  }, 'condition');

  formAction('assignment', async (id, body, res) => {
    const parsed = parseForm(AssignmentSchema, body);
    await service.assign(actorFrom(res), id, parsed);
    return parsed.assignee === 'me' ? 'You have taken on this application' : 'Application handed back';
  }, 'assignment');

  formAction('decision', async (id, body, res) => {
    const riskFactors = ([] as unknown[]).concat(body.riskFactors ?? []).map(String);
    const condition = body.conditionDescription || body.conditionOwnerName
      ? [{
        description: String(body.conditionDescription ?? ''), responsibleUnit: String(body.conditionResponsibleUnit ?? ''), ownerName: String(body.conditionOwnerName ?? ''),
        ownerUsername: body.conditionOwnerUsername, reviewOn: String(body.conditionReviewOn ?? ''), subjectToldOn: body.conditionSubjectToldOn, managerToldOn: body.conditionManagerToldOn, hrToldOn: body.conditionHrToldOn,
      }]
      : [];
    const parsed = DecisionSchema.safeParse({
      outcome: body.outcome, version: body.version, rebuttal: body.rebuttal, conditions: condition,
      rationale: { information: body.information, threatAndRisk: body.threatAndRisk, riskFactors, powersAndPolicy: body.powersAndPolicy, options: body.options, decisionAndReview: body.decisionAndReview },
    });
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    try {
      await service.decide(actorFrom(res), id, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError) throw new ValidationError(err.details.map((e) => ({ ...e, field: e.field.replace(/^rationale\./, '').replace(/^conditions\.0\.(\w)/, (_m, c: string) => `condition${c.toUpperCase()}`) })), err.message);
      throw err;
    }
    return 'Decision recorded';
  }, 'decision');

  return router;
}
