import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../platform/access/guard.js';
import { canAny } from '../../platform/access/policy.js';
import { ConflictError, ValidationError, fieldErrorsFromZod, type FieldError } from '../../platform/http/errors.js';
import { presentFormErrors } from '../../platform/http/form-errors.js';
import { idParam } from '../../platform/http/params.js';
import { paginationFor } from '../../platform/ui/pagination.js';
import type { z } from '../../platform/openapi/registry.js';
import { categoryOptions, flagOptions, labelFor, options, prefixErrors, timelineItems } from './presenters.js';
import {
  CASE_KINDS, CASE_STATUSES, CASE_TO_ANSWER_FINDINGS, DECISION_KINDS, FINDINGS, FLAGS, FORUMS, HANDLING_ROUTES, OUTCOMES, PARTY_ROLES, RECORDING_DECISIONS, REFERRAL_CRITERIA, SEVERITIES, type DecisionKind,
} from './rules.js';
import {
  AllegationSchema, CaseListQuerySchema, CaseToAnswerSchema, FinalisationSchema, FlagSchema, HandlingRouteSchema, NewCaseSchema, OutcomeSchema, PARTY_PURPOSES, PartySchema,
  RecordingSchema, ReferralSchema, SeveritySchema, VictimSupportSchema,
} from './schema.js';
import type { ConductService } from './service.js';
import type { CaseSection } from './features.js';

const PAGE_SIZE = 25;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

function parseForm<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

const DECISION_FORMS: Record<DecisionKind, { path: string; schema: z.ZodType; done: string }> = {
  recording: { path: 'recording', schema: RecordingSchema, done: 'Recording decision saved' },
  referral: { path: 'referral', schema: ReferralSchema, done: 'Referral decision saved' },
  handling_route: { path: 'handling-route', schema: HandlingRouteSchema, done: 'Handling decision saved' },
  severity: { path: 'severity', schema: SeveritySchema, done: 'Severity assessment saved' },
  case_to_answer: { path: 'case-to-answer', schema: CaseToAnswerSchema, done: 'Case to answer decision saved' },
  finalisation: { path: 'finalisation', schema: FinalisationSchema, done: 'Case finalised' },
};

export function conductRoutes(service: ConductService, sections: CaseSection[] = []): Router {
  const router = Router();

  router.get('/conduct', async (req, res) => {
    const actor = actorFrom(res);
    const parsed = CaseListQuerySchema.safeParse(req.query);
    const query = parsed.success ? { ...parsed.data, pageSize: PAGE_SIZE } : { page: 1, pageSize: PAGE_SIZE };
    const rules = await service.rules();
    const { cases, total, more } = await service.list(actor, query);
    const filters = { status: query.status, kind: query.kind, flag: query.flag, category: query.category };
    res.render('conduct/views/cases.njk', {
      pageTitle: 'Complaints and conduct cases', cases, total, more, filters, label: labelFor, canCreate: canAny(actor.viewer, 'create', 'conduct_case'),
      statuses: options(CASE_STATUSES), kinds: options(CASE_KINDS), flags: options(FLAGS, (f) => rules.flagDefinitions[f as keyof typeof rules.flagDefinitions].label), categories: categoryOptions(rules.allegationCategories),
      flagLabel: (f: string) => rules.flagDefinitions[f as keyof typeof rules.flagDefinitions]?.label ?? f,
      pagination: paginationFor('/conduct', filters, query.page, PAGE_SIZE, total),
    });
  });

  const newCaseForm = (res: Response, status: number, values: Record<string, unknown>, errors?: FieldError[]) =>
    res.status(status).render('conduct/views/case-new.njk', { pageTitle: 'Open a complaint or conduct case', values, kinds: options(CASE_KINDS), errors: errors && presentFormErrors(errors) });

  router.get('/conduct/cases/new', (_req, res) => newCaseForm(res, 200, { receivedOn: today() }));
  router.post('/conduct/cases/new', async (req, res) => {
    try {
      const created = await service.createCase(actorFrom(res), parseForm(NewCaseSchema, req.body));
      req.session.flash = { type: 'success', text: `Case ${created.reference} opened` };
      res.redirect(`/conduct/cases/${created.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      newCaseForm(res, 400, req.body, err.details);
    }
  });

  const casePage = async (res: Response, id: string, template: 'case' | 'decisions', status = 200, extra: Record<string, unknown> = {}) => {
    const actor = actorFrom(res);
    const view = await service.view(actor, id);
    const rules = await service.rules();
    // Feature sections load after the case itself has been authorised and audited.
    const loaded = template === 'case' ? await Promise.all(sections.map(async (s) => ({ id: s.id, title: s.title, ...(await s.load(actor, id)) }))) : [];
    const subjects = view.case.subjectPersonIds.map((p) => ({ value: p, text: view.subjectNames[p] ?? p }));
    res.status(status).render(`conduct/views/${template === 'case' ? 'case' : 'decisions'}.njk`, {
      pageTitle: template === 'case' ? `Case ${view.case.reference}` : `Decisions on ${view.case.reference}`, ...view, label: labelFor,
      timelineItems: timelineItems(view.timeline), categories: categoryOptions(rules.allegationCategories), flagOptions: flagOptions(rules.flagDefinitions),
      flagLabel: (f: string) => rules.flagDefinitions[f as keyof typeof rules.flagDefinitions]?.label ?? f,
      categoryLabel: (c: string) => rules.allegationCategories.find((x) => x.code === c)?.label ?? c,
      canUpdate: canAny(actor.viewer, 'update', 'conduct_case'), canDecide: canAny(actor.viewer, 'decide', 'conduct_case'), canSeeParties: await service.canSeeParties(actor),
      flagTargets: [{ value: '', text: 'The case' }, ...view.allegations.map((a, i) => ({ value: a.id, text: `Allegation ${i + 1} (${a.category})` }))],
      subjects, recordingOptions: options(RECORDING_DECISIONS), routeOptions: options(HANDLING_ROUTES), criteriaOptions: options(REFERRAL_CRITERIA), severityOptions: options(SEVERITIES),
      findingOptions: options(CASE_TO_ANSWER_FINDINGS), forumOptions: options(FORUMS), hearingFindingOptions: options(FINDINGS), outcomeOptions: options(OUTCOMES),
      minimums: rules.decisionMinimumRanks, decisionKinds: DECISION_KINDS, purposes: options(PARTY_PURPOSES), values: {}, today: today(), sections: loaded.filter((s) => 'template' in s), ...extra,
    });
  };

  router.get('/conduct/cases/:id', async (req, res) => casePage(res, idParam(req.params.id), 'case'));
  router.get('/conduct/cases/:id/decisions', async (req, res) => casePage(res, idParam(req.params.id), 'decisions'));

  /** Posts one form of a page; a user error shows the page again with that form's errors (ids prefixed by section) and values. */
  const formAction = (path: string, page: 'case' | 'decisions', section: string, act: (id: string, req: Request, res: Response) => Promise<string>, rename?: (field: string) => string) =>
    router.post(`/conduct/cases/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      try {
        req.session.flash = { type: 'success', text: await act(id, req, res) };
        res.redirect(`/conduct/cases/${id}${page === 'decisions' ? '/decisions' : ''}`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const details = err instanceof ValidationError ? prefixErrors(section, err.details, rename) : [{ field: `${section}-version`, message: err.message }];
        await casePage(res, id, page, err.status, { errors: presentFormErrors(details), values: { [section]: req.body } });
      }
    });

  formAction('allegations', 'case', 'allegation', async (id, req, res) => {
    const b = req.body as Record<string, string>;
    const payrolls = String(b.subjectPayrollNumbers ?? '').split(/[\s,]+/).filter(Boolean);
    const subjects: { personId?: string; unidentifiedDescription?: string }[] = [];
    const errors: FieldError[] = [];
    for (const p of payrolls) {
      const personId = await service.personIdByPayroll(p);
      if (personId) subjects.push({ personId });
      else errors.push({ field: 'subjectPayrollNumbers', message: `Nobody in the workforce directory has payroll number ${p}` });
    }
    if (b.unidentifiedSubject?.trim()) subjects.push({ unidentifiedDescription: b.unidentifiedSubject });
    const parsed = AllegationSchema.safeParse({ category: b.category, description: b.description, occurredOn: b.occurredOn, subjects, version: b.version });
    if (!parsed.success) errors.push(...fieldErrorsFromZod(parsed.error));
    if (errors.length || !parsed.success) throw new ValidationError(errors);
    await service.addAllegation(actorFrom(res), id, parsed.data);
    return 'Allegation added';
  }, (f) => (f.startsWith('subjects') ? 'subjectPayrollNumbers' : f));

  formAction('flags', 'case', 'flag', async (id, req, res) => {
    const on = req.body.action !== 'remove';
    await service.setFlag(actorFrom(res), id, parseForm(FlagSchema, req.body), on);
    return on ? 'Flag added' : 'Flag removed';
  });

  for (const kind of DECISION_KINDS) {
    const form = DECISION_FORMS[kind];
    formAction(`decisions/${form.path}`, 'decisions', form.path, async (id, req, res) => {
      await service.decide(actorFrom(res), id, kind, parseForm(form.schema, req.body) as never);
      return form.done;
    });
  }

  formAction('outcomes', 'decisions', 'outcome', async (id, req, res) => {
    await service.recordOutcome(actorFrom(res), id, parseForm(OutcomeSchema, req.body));
    return 'Outcome recorded';
  });

  // Complainants and victims: a page of their own, opened with a purpose; never part of the case page.
  const partiesPage = async (res: Response, id: string, requested: unknown, status = 200, extra: Record<string, unknown> = {}) => {
    const purpose = PARTY_PURPOSES.find((p) => p === requested);
    if (!purpose) {
      const view = await service.view(actorFrom(res), id);
      return res.status(status).render('conduct/views/parties-purpose.njk', { pageTitle: `Complainants and victims on ${view.case.reference}`, caseId: id, reference: view.case.reference, purposes: options(PARTY_PURPOSES), ...extra });
    }
    const data = await service.viewParties(actorFrom(res), id, purpose);
    res.status(status).render('conduct/views/parties.njk', {
      pageTitle: `Complainants and victims on ${data.reference}`, caseId: id, purpose, ...data, label: labelFor, roles: options(PARTY_ROLES),
      entitlementItems: data.entitlements.map((e) => ({ value: e, text: e })), values: {}, today: today(), ...extra,
    });
  };
  router.get('/conduct/cases/:id/parties', async (req, res) => partiesPage(res, idParam(req.params.id), req.query.purpose));

  const partyAction = (path: string, section: string, act: (id: string, req: Request, res: Response) => Promise<string>) =>
    router.post(`/conduct/cases/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      const purpose = PARTY_PURPOSES.find((p) => p === req.body.purpose) ?? 'contact_complainant';
      try {
        req.session.flash = { type: 'success', text: await act(id, req, res) };
        res.redirect(`/conduct/cases/${id}/parties?purpose=${purpose}`);
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const params = req.params as Record<string, string | undefined>;
        const partyId = params.partyId ? `-${params.partyId}` : '';
        const details = err instanceof ValidationError ? prefixErrors(section, err.details, (f) => `${f}${partyId}`) : [{ field: `party-version`, message: err.message }];
        await partiesPage(res, id, purpose, err.status, { errors: presentFormErrors(details), values: { [section]: req.body } });
      }
    });

  partyAction('parties', 'party', async (id, req, res) => {
    await service.addParty(actorFrom(res), id, parseForm(PartySchema, req.body));
    return 'Complainant or victim recorded';
  });
  partyAction('parties/:partyId/support', 'support', async (id, req, res) => {
    await service.recordVictimSupport(actorFrom(res), id, idParam(req.params.partyId), parseForm(VictimSupportSchema, req.body));
    return 'Support plan recorded';
  });

  router.get('/conduct/data-quality', async (_req, res) => {
    const report = await service.dataQuality(actorFrom(res));
    res.render('conduct/views/data-quality.njk', { pageTitle: 'Flag data quality', ...report, label: labelFor, definitions: Object.values(report.flagDefinitions) });
  });

  router.get('/conduct/reports/seniority', async (_req, res) => {
    const report = await service.seniorityReport(actorFrom(res));
    res.render('conduct/views/seniority.njk', { pageTitle: 'Decisions below the minimum rank', ...report, label: labelFor, decisionKinds: DECISION_KINDS });
  });

  return router;
}
