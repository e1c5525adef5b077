import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import { AppealOutcomeSchema, CriteriaCheckSchema, LodgeAppealSchema, PanelSchema } from './schema.js';
import type { AppealsService } from './service.js';

const ApplicationId = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const AppealId = z.object({ appealId: z.string().openapi({ format: 'uuid' }) });
const Ok = z.object({ ok: z.literal(true) });
const Paging = { page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25) };

const PanelMember = z.object({ userId: z.string(), displayName: z.string(), panelRole: z.enum(['chair', 'member']), seniority: z.number() });
const Appeal = z.object({
  id: z.string(), reference: z.string(), applicationId: z.string(), decisionId: z.string(), withdrawalId: z.string().nullable(),
  against: z.enum(['refusal', 'withdrawal', 'conditions']), lodgedOn: z.string(), decisionNotifiedOn: z.string(), dueOn: z.string(), inTime: z.boolean(),
  grounds: z.string(), lateReason: z.string().nullable(), status: z.enum(['lodged', 'awaiting_panel', 'panel_convened', 'decided']),
  criteria: z.array(z.object({ code: z.string(), label: z.string(), kind: z.string(), met: z.boolean(), notes: z.string() })).nullable(),
  lateAccepted: z.boolean().nullable(), lateNote: z.string().nullable(), criteriaCheckedOn: z.string().nullable(), criteriaCheckedByLabel: z.string().nullable(),
  panelDate: z.string().nullable(), outcome: z.enum(['upheld', 'not_upheld', 'criteria_not_met']).nullable(), decidedOn: z.string().nullable(), rationale: z.string().nullable(),
  remedy: z.string().nullable(), remedyNote: z.string().nullable(), resultingApplicationId: z.string().nullable(), decidedByLabel: z.string().nullable(), version: z.number(),
  panel: z.array(PanelMember),
}).openapi('VettingAppeal');
const AppealSummary = z.object({
  id: z.string(), reference: z.string(), applicationId: z.string(), applicationReference: z.string(), applicant: z.string(), against: z.string(), lodgedOn: z.string(),
  dueOn: z.string(), inTime: z.boolean(), status: z.string(), outcome: z.string().nullable(), decidedOn: z.string().nullable(),
}).openapi('VettingAppealSummary');
const Option = z.object({ against: z.string(), decisionId: z.string(), withdrawalId: z.string().nullable(), decisionNotifiedOn: z.string(), dueOn: z.string(), timeLimit: z.string() }).openapi('VettingAppealOption');

export function appealsApi(service: AppealsService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/appeals', tag: 'Vetting appeals', summary: 'Appeals the caller may see (never about themselves): undecided or decided, newest first',
      query: z.object({ state: z.enum(['open', 'decided']).default('open'), ...Paging }), response: z.object({ total: z.number(), appeals: z.array(AppealSummary) }),
    }, async ({ query, res }) => service.list(actorFrom(res), { open: query.state === 'open', page: query.page, pageSize: query.pageSize }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/applications/:id/appeals', tag: 'Vetting appeals', summary: 'Appeals on an application’s decision, and the decisions that can still be appealed (audited)',
      params: ApplicationId, errors: [404], response: z.object({ appeals: z.array(Appeal), options: z.array(Option) }),
    }, async ({ params, res }) => {
      const { appeals, options } = await service.onApplication(actorFrom(res), idParam(params.id));
      return { appeals, options: options.map(({ decisionMakerUserIds: _m, ...o }) => o) };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/appeals', tag: 'Vetting appeals',
      summary: 'Lodge an appeal against the application’s refusal, conditions or a withdrawal of its clearance; whether it is in time is worked out from the decision date',
      params: ApplicationId, body: LodgeAppealSchema, status: 201, response: z.object({ id: z.string(), reference: z.string() }), errors: [404, 409],
    }, async ({ params, body, res }) => service.lodge(actorFrom(res), idParam(params.id), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/appeals/:appealId', tag: 'Vetting appeals', summary: 'An appeal with its criteria check, panel and outcome (audited)',
      params: AppealId, errors: [404], response: Appeal,
    }, async ({ params, res }) => (await service.view(actorFrom(res), idParam(params.appealId))).appeal);

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/appeals/:appealId/criteria', tag: 'Vetting appeals',
      summary: 'Record the check against the appeal criteria (each met or not, with notes). Criteria not met ends the appeal and needs the decide permission',
      params: AppealId, body: CriteriaCheckSchema, response: z.object({ met: z.boolean() }), errors: [404, 409],
    }, async ({ params, body, res }) => service.checkCriteria(actorFrom(res), idParam(params.appealId), body));

    apiRoute(router, registry, {
      method: 'put', path: '/v1/vetting/appeals/:appealId/panel', tag: 'Vetting appeals',
      summary: 'Appoint the appeal panel by username: one chair, never the original decision maker, at least one member more senior than them',
      params: AppealId, body: PanelSchema, response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.appointPanel(actorFrom(res), idParam(params.appealId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/appeals/:appealId/outcome', tag: 'Vetting appeals',
      summary: 'Record the panel’s outcome with its rationale and, when upheld, what follows (clearance granted, fresh decision, conditions removed or varied, withdrawal reversed)',
      params: AppealId, body: AppealOutcomeSchema, response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.decide(actorFrom(res), idParam(params.appealId), body), { ok: true as const }));
    return router;
  };
}
