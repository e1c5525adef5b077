import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import { InterviewSchema, LinkSchema, NoticeSchema, OpenWithdrawalSchema, PersonLeftSchema, RepresentationsSchema, WithdrawalDecisionSchema } from './schema.js';
import type { WithdrawalService } from './service.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const Ok = z.object({ ok: z.literal(true) });
const Ndm = z.object({ information: z.string().optional(), threatAndRisk: z.string().optional(), riskFactors: z.array(z.string()), powersAndPolicy: z.string().optional(), options: z.string().optional(), decisionAndReview: z.string().optional() });
const Summary = z.object({
  id: z.string(), reference: z.string(), subjectName: z.string(), level: z.string(), status: z.string(), concernSource: z.string(), openedOn: z.string(),
  representationsDueOn: z.string().nullable(), decision: z.string().nullable(), decidedOn: z.string().nullable(), linkedProcess: z.string(),
}).openapi('VettingWithdrawalSummary');
const nullable = z.string().nullable();
const Case = z.object({
  id: z.string(), reference: z.string(), personId: z.string(), personType: z.string(), subjectName: z.string(), decisionId: z.string(), applicationId: z.string(),
  applicationReference: z.string(), level: z.string(), status: z.enum(['assessment', 'notice_served', 'decided', 'person_left']), concern: z.string(), concernSource: z.string(),
  assessment: Ndm, openedOn: z.string(), openedByLabel: z.string(), noticeServedOn: nullable, noticeMethod: nullable, noticeNote: nullable, representationsDueOn: nullable,
  representationsReceivedOn: nullable, representationsSummary: nullable, interviewOn: nullable, interviewAttendees: nullable, interviewRecord: nullable,
  decision: z.enum(['withdraw', 'retain', 'retain_with_conditions']).nullable(), decisionRationale: Ndm.nullable(), decidedOn: nullable, decidedByLabel: nullable, conditionIds: z.array(z.string()),
  appealDueOn: nullable, reversedOn: nullable, linkedProcess: z.enum(['none', 'conduct', 'performance']), linkedReference: nullable, linkedNote: nullable,
  leftOn: nullable, leftReason: nullable, leftNote: nullable, version: z.number(),
}).openapi('VettingWithdrawal');

export function withdrawalApi(service: WithdrawalService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/withdrawals', tag: 'Vetting withdrawal', summary: 'Withdrawal assessments the caller may see (never about themselves): open or concluded, newest first',
      query: z.object({ state: z.enum(['open', 'concluded']).default('open'), page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25) }),
      response: z.object({ total: z.number(), cases: z.array(Summary) }),
    }, async ({ query, res }) => service.list(actorFrom(res), { open: query.state === 'open', page: query.page, pageSize: query.pageSize }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/withdrawals', tag: 'Vetting withdrawal',
      summary: 'Open a withdrawal assessment of a serving person’s current clearance, with the concern, its source and a National Decision Model rationale',
      body: OpenWithdrawalSchema, status: 201, response: z.object({ id: z.string(), reference: z.string() }), errors: [409],
    }, async ({ body, res }) => service.open(actorFrom(res), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/withdrawals/:id', tag: 'Vetting withdrawal', summary: 'A withdrawal case (audited)', params: Id, errors: [404], response: Case,
    }, async ({ params, res }) => {
      const { withdrawal } = await service.view(actorFrom(res), idParam(params.id));
      const { subjectPersonIds: _s, excludedUserIds: _e, sealedToUserIds: _t, decidedBy: _d, ...rest } = withdrawal;
      return rest;
    });

    const step = <S extends z.ZodType>(path: string, summary: string, body: S, run: (id: string, body: z.infer<S>, res: import('express').Response) => Promise<void>) =>
      apiRoute(router, registry, { method: 'post', path: `/v1/vetting/withdrawals/:id/${path}`, tag: 'Vetting withdrawal', summary, params: Id, body, response: Ok, errors: [404, 409] },
        async ({ params, body: b, res }) => (await run(idParam(params.id), b, res), { ok: true as const }));

    step('notice', 'Record that notice of the assessment was served (date and how); the time for representations runs from it', NoticeSchema, (id, b, res) => service.serveNotice(actorFrom(res), id, b));
    step('representations', 'Record the person’s representations (received on, summary)', RepresentationsSchema, (id, b, res) => service.recordRepresentations(actorFrom(res), id, b));
    step('interview', 'Record the interview (date, who was present, record)', InterviewSchema, (id, b, res) => service.recordInterview(actorFrom(res), id, b));
    step('link', 'Link the case to a conduct case or performance process (or record that there is none)', LinkSchema, (id, b, res) => service.updateLink(actorFrom(res), id, b));
    step('person-left', 'Record that the person resigned or retired before the assessment concluded', PersonLeftSchema, (id, b, res) => service.recordPersonLeft(actorFrom(res), id, b));
    step('decision', 'Decide: withdraw, retain, or retain with conditions (decide permission). Withdrawal ends the clearance and publishes vetting.clearance.withdrawn', WithdrawalDecisionSchema, (id, b, res) => service.decide(actorFrom(res), id, b));
    return router;
  };
}
