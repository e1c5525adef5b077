import { Router } from 'express';
import { actorFrom } from '../../platform/access/guard.js';
import { apiRoute } from '../../platform/http/api-route.js';
import { idParam } from '../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../platform/openapi/registry.js';
import { ADVERSE_CATEGORIES, OUTCOMES } from './rules.js';
import { AddConditionSchema, AssignmentSchema, AssociateSchema, CheckSchema, ConditionNoticeSchema, ConditionReviewSchema, DecisionSchema, NewApplicationSchema, RatificationSchema } from './schema.js';
import type { VettingService } from './service.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const Created = z.object({ id: z.string() });
const Application = z.object({
  id: z.string(), reference: z.string(), kind: z.string(), personId: z.string().nullable(), applicantForenames: z.string(), applicantSurname: z.string(),
  applicantDateOfBirth: z.string().nullable(), postId: z.string().nullable(), level: z.string(), status: z.string(), reviewReason: z.string().nullable(), receivedOn: z.string(),
  roleType: z.string().nullable(), assignedTo: z.string().nullable(), assignedToLabel: z.string().nullable(), version: z.number(),
}).openapi('VettingApplication');
const WorkItem = z.object({ id: z.string(), reference: z.string(), applicant: z.string(), kind: z.string(), level: z.string(), receivedOn: z.string(), status: z.string() }).openapi('VettingWorkItem');
const ConditionDue = z.object({ conditionId: z.string(), applicationId: z.string(), reference: z.string(), applicant: z.string(), description: z.string(), ownerName: z.string(), reviewOn: z.string() }).openapi('VettingConditionDue');
const ConditionId = z.object({ conditionId: z.string().openapi({ format: 'uuid' }) });

export function vettingApi(service: VettingService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/applications', tag: 'Vetting', summary: 'Vetting applications the caller may see (never their own), newest first',
      query: z.object({
        status: z.enum(['open', 'awaiting_ratification', 'decided', 'withdrawn', 'discontinued']).optional(),
        adverse: z.enum(['any', ...ADVERSE_CATEGORIES]).optional().describe('Only applications with adverse information (of this kind)'),
        outcome: z.enum(['cleared', ...OUTCOMES]).optional().describe('Only applications with this final decision; cleared means clearance with or without conditions'), page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25) }),
      response: z.object({ total: z.number(), applications: z.array(Application) }),
    }, async ({ query, res }) => service.list(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications', tag: 'Vetting', summary: 'Open a vetting application', body: NewApplicationSchema, status: 201,
      response: z.object({ id: z.string(), reference: z.string() }),
    }, async ({ body, res }) => service.createApplication(actorFrom(res), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/applications/:id', tag: 'Vetting', summary: 'An application with its checks, adverse traces, declared associates and decision (audited)', params: Id, errors: [404],
      response: z.object({
        application: Application, checks: z.array(z.record(z.string(), z.unknown())), traces: z.array(z.record(z.string(), z.unknown())), associates: z.array(z.record(z.string(), z.unknown())),
        decision: z.record(z.string(), z.unknown()).nullable(), convictionRule: z.string().nullable(), outstandingChecks: z.array(z.string()),
        timeline: z.array(z.object({ at: z.string(), actorLabel: z.string(), what: z.string() })), returns: z.array(z.record(z.string(), z.unknown())),
      }),
    }, async ({ params, res }) => {
      const v = await service.view(actorFrom(res), idParam(params.id));
      return { ...v, decision: v.decision ?? null };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/checks', tag: 'Vetting', summary: 'Record a check and the adverse information it found', params: Id, body: CheckSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.recordCheck(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/associates', tag: 'Vetting', summary: 'Record a declared family member, partner, co-resident or associate', params: Id, body: AssociateSchema, status: 201, response: Created, errors: [404],
    }, async ({ params, body, res }) => ({ id: await service.addAssociate(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/decision', tag: 'Vetting',
      summary: 'Decide: clearance, clearance with conditions or refusal. Refused (400) without a National Decision Model rationale where adverse information exists, against the conviction rules, or without conditions',
      params: Id, body: DecisionSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.decide(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/ratification', tag: 'Vetting',
      summary: 'Ratify a decision awaiting ratification, or send it back with reasons (a second decision maker holding a ratifier role; never the decision maker)',
      params: Id, body: RatificationSchema, response: z.object({ ok: z.literal(true) }), errors: [404, 409],
    }, async ({ params, body, res }) => (await service.ratify(actorFrom(res), idParam(params.id), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/conditions', tag: 'Vetting', summary: 'Add a condition to a clearance with conditions', params: Id, body: AddConditionSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.addCondition(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/assignment', tag: 'Vetting', summary: 'Take on an open application, or hand it back (optimistic version)', params: Id, body: AssignmentSchema, response: z.object({ ok: z.literal(true) }), errors: [404, 409],
    }, async ({ params, body, res }) => (await service.assign(actorFrom(res), idParam(params.id), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/conditions/:conditionId/notice', tag: 'Vetting', summary: 'Record when the subject, their manager and HR were told of a condition', params: ConditionId, body: ConditionNoticeSchema, response: z.object({ ok: z.literal(true) }), errors: [404],
    }, async ({ params, body, res }) => (await service.recordConditionNotice(actorFrom(res), idParam(params.conditionId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/conditions/:conditionId/reviews', tag: 'Vetting', summary: 'Record a review of a condition (by its owner or the vetting unit) and when the next is due, or close it', params: ConditionId, body: ConditionReviewSchema, status: 201, response: z.object({ ok: z.literal(true) }), errors: [404, 409],
    }, async ({ params, body, res }) => (await service.reviewCondition(actorFrom(res), idParam(params.conditionId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/work', tag: 'Vetting', summary: 'The caller’s vetting work lists: assigned to them, ready for decision, awaiting ratification, condition reviews due',
      response: z.object({ mine: z.array(WorkItem), ready: z.array(WorkItem), awaiting: z.array(WorkItem), conditions: z.array(ConditionDue), canRatify: z.boolean() }),
    }, async ({ res }) => service.workLists(actorFrom(res)));
    return router;
  };
}
