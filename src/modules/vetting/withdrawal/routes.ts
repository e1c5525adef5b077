import { Router, type Response } from 'express';
import type { z } from 'zod';
import { actorFrom, type ActorContext } from '../../../platform/access/guard.js';
import { canAny } from '../../../platform/access/policy.js';
import { ValidationError } from '../../../platform/http/errors.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import { paginationFor } from '../../../platform/ui/pagination.js';
import { APP_RISK_FACTORS, NDM_STAGES, RESPONSIBLE_UNITS } from '../rules.js';
import type { VettingService } from '../service.js';
import { list, parseForm, submitForm, typed, type FormErrors } from '../appeals/forms.js';
import { label, options } from '../appeals/presenters.js';
import { CONCERN_SOURCES, LINKED_PROCESSES, NOTICE_METHODS, WITHDRAWAL_DECISIONS } from './rules.js';
import { InterviewSchema, LinkSchema, NoticeSchema, OpenWithdrawalSchema, PersonLeftSchema, RepresentationsSchema, WithdrawalDecisionSchema } from './schema.js';
import type { WithdrawalService } from './service.js';

const PAGE_SIZE = 25;
const VIEWS = 'vetting/withdrawal/views';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
type Body = Record<string, unknown>;

/** The NDM rationale from flat form fields. */
const ndmFrom = (b: Body) => ({
  information: b.information, threatAndRisk: b.threatAndRisk, riskFactors: list(b.riskFactors), powersAndPolicy: b.powersAndPolicy, options: b.options, decisionAndReview: b.decisionAndReview,
});
/** Service field names (assessment.information, conditions.0.ownerName) onto the form's flat ones. */
const flatField = (f: string) => f.replace(/^(assessment|rationale)\./, '').replace(/^conditions\.0\.(\w)/, (_m, c: string) => `condition${c.toUpperCase()}`).replace(/^conditions$/, 'conditionDescription');

const shared = {
  label, sources: options(CONCERN_SOURCES), methods: options(NOTICE_METHODS), decisions: options(WITHDRAWAL_DECISIONS), processes: options(LINKED_PROCESSES),
  units: options(RESPONSIBLE_UNITS), ndmStages: NDM_STAGES, riskFactors: APP_RISK_FACTORS,
};

/** Each step: its form, how the form becomes the API body, and the service call. */
interface Step<S extends z.ZodType> {
  template: string;
  title: string;
  schema: S;
  conflictField: string;
  /** A date field the form starts filled with today. */
  dateField?: string;
  flash: string;
  body?: (b: Body) => unknown;
  run: (service: WithdrawalService, actor: ActorContext, id: string, body: z.infer<S>) => Promise<void>;
}
const step = <S extends z.ZodType>(s: Step<S>) => s;

const STEPS = {
  notice: step({ template: 'notice.njk', title: 'Serve notice', schema: NoticeSchema, conflictField: 'servedOn', dateField: 'servedOn', flash: 'Notice recorded', run: (s, a, id, b) => s.serveNotice(a, id, b) }),
  representations: step({ template: 'representations.njk', title: 'Record representations', schema: RepresentationsSchema, conflictField: 'receivedOn', dateField: 'receivedOn', flash: 'Representations recorded', run: (s, a, id, b) => s.recordRepresentations(a, id, b) }),
  interview: step({ template: 'interview.njk', title: 'Record the interview', schema: InterviewSchema, conflictField: 'heldOn', dateField: 'heldOn', flash: 'Interview recorded', run: (s, a, id, b) => s.recordInterview(a, id, b) }),
  link: step({ template: 'link.njk', title: 'Conduct or performance link', schema: LinkSchema, conflictField: 'linkedProcess', flash: 'Link recorded', run: (s, a, id, b) => s.updateLink(a, id, b) }),
  'person-left': step({ template: 'left.njk', title: 'The person left', schema: PersonLeftSchema, conflictField: 'leftOn', dateField: 'leftOn', flash: 'Recorded that the person left; the assessment is closed', run: (s, a, id, b) => s.recordPersonLeft(a, id, b) }),
  decision: step({
    template: 'decision.njk', title: 'Decide', schema: WithdrawalDecisionSchema, conflictField: 'decision', flash: 'Decision recorded',
    body: (b) => ({
      version: b.version, decision: b.decision, rationale: ndmFrom(b),
      conditions: b.decision === 'retain_with_conditions' || b.conditionDescription
        ? [{ description: b.conditionDescription ?? '', responsibleUnit: b.conditionResponsibleUnit, ownerName: b.conditionOwnerName ?? '', ownerUsername: b.conditionOwnerUsername, reviewOn: b.conditionReviewOn ?? '' }]
        : [],
    }),
    run: (s, a, id, b) => s.decide(a, id, b),
  }),
};

export function withdrawalRoutes(service: WithdrawalService, vetting: VettingService): Router {
  const router = Router();

  router.get('/vetting/withdrawals', async (req, res) => {
    const actor = actorFrom(res);
    const state = req.query.state === 'concluded' ? 'concluded' : 'open';
    const page = pageParam(req.query.page);
    const { cases, total } = await service.list(actor, { open: state === 'open', page, pageSize: PAGE_SIZE });
    res.render(`${VIEWS}/withdrawals.njk`, {
      pageTitle: 'Withdrawal of clearance', state, cases, total, label, canCreate: canAny(actor.viewer, 'create', 'vetting_case'),
      pagination: paginationFor('/vetting/withdrawals', { state }, page, PAGE_SIZE, total),
    });
  });

  const newPage = async (res: Response, status: number, values: Body, errors?: FormErrors) =>
    res.status(status).render(`${VIEWS}/new.njk`, { pageTitle: 'Open a withdrawal assessment', values, errors, ...shared });
  router.get('/vetting/withdrawals/new', (_req, res) => newPage(res, 200, { linkedProcess: 'none' }));
  router.post('/vetting/withdrawals/new', async (req, res) => {
    const b = req.body as Body;
    await submitForm(req, res, {
      conflictField: 'payrollNumber',
      field: (f) => (f === 'personId' ? 'payrollNumber' : flatField(f)),
      submit: async () => {
        const payroll = typeof b.payrollNumber === 'string' ? b.payrollNumber.trim() : '';
        const personId = payroll ? await vetting.personIdByPayroll(payroll) : undefined;
        if (!personId) throw new ValidationError([{ field: 'payrollNumber', message: payroll ? `Nobody in the workforce directory has payroll number ${payroll}` : 'Enter the payroll number of the person whose clearance is assessed' }]);
        const created = await service.open(actorFrom(res), parseForm(OpenWithdrawalSchema, { ...b, personId, assessment: ndmFrom(b) }));
        return { redirect: `/vetting/withdrawals/${created.id}`, flash: `Withdrawal assessment ${created.reference} opened` };
      },
      redisplay: (status, errors) => newPage(res, status, b, errors),
    });
  });

  router.get('/vetting/withdrawals/:id', async (req, res) => {
    const actor = actorFrom(res);
    const view = await service.view(actor, idParam(req.params.id));
    res.render(`${VIEWS}/case.njk`, {
      pageTitle: `${view.withdrawal.reference}: ${view.withdrawal.subjectName}`, ...view, ...shared,
      canUpdate: canAny(actor.viewer, 'update', 'vetting_case'), canDecide: canAny(actor.viewer, 'decide', 'vetting_case'),
    });
  });

  for (const [path, s] of Object.entries(STEPS) as [string, Step<z.ZodType>][]) {
    /** The step's form; without values (a first visit) it starts from the case as it stands. */
    const page = async (res: Response, id: string, status: number, values?: Body, errors?: FormErrors) => {
      const view = await service.view(actorFrom(res), id);
      const w = view.withdrawal;
      const initial = values ?? (path === 'link' ? { linkedProcess: w.linkedProcess, linkedReference: w.linkedReference, linkedNote: w.linkedNote } : s.dateField ? { [s.dateField]: today() } : {});
      res.status(status).render(`${VIEWS}/${s.template}`, {
        pageTitle: `${s.title}: ${w.reference}`, ...view, ...shared, action: `/vetting/withdrawals/${id}/${path}`,
        values: { version: w.version, ...initial }, errors,
      });
    };
    router.get(`/vetting/withdrawals/:id/${path}`, async (req, res) => page(res, idParam(req.params.id), 200));
    router.post(`/vetting/withdrawals/:id/${path}`, async (req, res) => {
      const id = idParam(req.params.id);
      const b = req.body as Body;
      await submitForm(req, res, {
        conflictField: s.conflictField, field: flatField,
        submit: async () => {
          await s.run(service, actorFrom(res), id, parseForm(s.schema, s.body ? s.body(b) : b));
          return { redirect: `/vetting/withdrawals/${id}`, flash: s.flash };
        },
        redisplay: (status, errors) => page(res, id, status, typed(status, b), errors),
      });
    });
  }
  return router;
}
