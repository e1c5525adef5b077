import { Router } from 'express';
import { actorFrom } from '../../platform/access/guard.js';
import { apiRoute } from '../../platform/http/api-route.js';
import { idParam } from '../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../platform/openapi/registry.js';
import {
  AddSubjectSchema, AllegationSchema, CaseListQuerySchema, CaseToAnswerSchema, FinalisationSchema, FlagSchema, HandlingRouteSchema, NewCaseSchema, OutcomeSchema,
  PartyPurposeSchema, PartySchema, RecordingSchema, ReferralSchema, SeveritySchema, VictimSupportSchema,
} from './schema.js';
import type { ConductService } from './service.js';
import type { DecisionKind } from './rules.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const Created = z.object({ id: z.string() });
const Ok = z.object({ ok: z.literal(true) });
const ListItem = z.object({ id: z.string(), reference: z.string(), kind: z.string(), status: z.string(), receivedOn: z.string(), recordedOn: z.string().nullable(), allegations: z.number(), flags: z.array(z.string()) }).openapi('ConductCaseListItem');
const Subject = z.object({ id: z.string(), personId: z.string().nullable(), unidentifiedDescription: z.string().nullable() });
const CaseView = z.object({
  case: z.object({
    id: z.string(), reference: z.string(), kind: z.string(), status: z.string(), source: z.string(), summary: z.string(), receivedOn: z.string(), recordedOn: z.string().nullable(),
    handlingRoute: z.string().nullable(), referred: z.boolean().nullable(), finalisedOn: z.string().nullable(), version: z.number(), subjectPersonIds: z.array(z.string()),
  }),
  allegations: z.array(z.object({ id: z.string(), category: z.string(), description: z.string(), occurredOn: z.string().nullable(), subjects: z.array(Subject), flags: z.array(z.string()) })),
  caseFlags: z.array(z.string()),
  parties: z.array(z.object({ id: z.string(), role: z.string(), colleague: z.boolean(), vulnerable: z.boolean(), hasSupportPlan: z.boolean() })).describe('Complainants and victims as roles only: who they are is read through /parties'),
  decisions: z.array(z.object({ id: z.string(), kind: z.string(), value: z.string(), personId: z.string().nullable(), rationale: z.string(), details: z.record(z.string(), z.unknown()), decidedOn: z.string(), decidedByLabel: z.string(), deciderRank: z.string().nullable() })),
  outcomes: z.array(z.object({ id: z.string(), personId: z.string(), forum: z.string(), finding: z.string().nullable(), outcome: z.string(), decidedOn: z.string(), decidedByName: z.string(), recordedByLabel: z.string() })),
  timeline: z.array(z.object({ at: z.string(), actorLabel: z.string(), what: z.string() })),
  subjectNames: z.record(z.string(), z.string()),
}).openapi('ConductCase');
const Party = z.object({
  id: z.string(), role: z.string(), colleague: z.boolean(), vulnerable: z.boolean(), hasSupportPlan: z.boolean(), personId: z.string().nullable(), forenames: z.string(), surname: z.string(),
  email: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable(), postcode: z.string().nullable(),
  support: z.object({ supportPlan: z.string(), supportOfficer: z.string(), entitlementsOffered: z.array(z.string()), reviewedOn: z.string(), updatedByLabel: z.string() }).nullable(),
}).openapi('ConductParty');

const DECISION_ROUTES: { kind: DecisionKind; path: string; schema: z.ZodType; summary: string }[] = [
  { kind: 'recording', path: 'recording', schema: RecordingSchema, summary: 'Record the case, or log a complaint outside Schedule 3' },
  { kind: 'handling_route', path: 'handling-route', schema: HandlingRouteSchema, summary: 'Decide the handling route: outside Schedule 3, without investigation, or investigated (local, directed, independent)' },
  { kind: 'referral', path: 'referral', schema: ReferralSchema, summary: 'Record the mandatory-referral checklist and whether, and when, the case was referred to the IOPC' },
  { kind: 'severity', path: 'severity', schema: SeveritySchema, summary: 'Assess severity for one subject (no misconduct, misconduct, gross misconduct) with rationale; practice requiring improvement via reflective practice' },
  { kind: 'case_to_answer', path: 'case-to-answer', schema: CaseToAnswerSchema, summary: 'Decide whether one subject has a case to answer' },
  { kind: 'finalisation', path: 'finalisation', schema: FinalisationSchema, summary: 'Finalise the case' },
];

export function conductApi(service: ConductService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    const tag = 'Conduct';

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/cases', tag, summary: 'Complaint and conduct cases the caller may see (never a case about themselves), newest first', query: CaseListQuerySchema,
      response: z.object({ total: z.number().describe('Matches counted, up to 1,000'), more: z.boolean().describe('More than 1,000 cases match: narrow the filters'), cases: z.array(ListItem) }),
    }, async ({ query, res }) => service.list(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases', tag, summary: 'Open a case (status: received, to be recorded)', body: NewCaseSchema, status: 201, response: z.object({ id: z.string(), reference: z.string() }),
    }, async ({ body, res }) => service.createCase(actorFrom(res), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/cases/:id', tag, summary: 'A case with its allegations, subjects, flags, decisions, outcomes and timeline (audited); complainants and victims as roles only', params: Id, response: CaseView, errors: [404],
    }, async ({ params, res }) => service.view(actorFrom(res), idParam(params.id)));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/allegations', tag, summary: 'Add an allegation against one or more subjects (people in the workforce directory, or unidentified)', params: Id, body: AllegationSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.addAllegation(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/allegations/:allegationId/subjects', tag, summary: 'Add a subject to an allegation', params: Id.extend({ allegationId: z.string().openapi({ format: 'uuid' }) }), body: AddSubjectSchema, response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.addSubject(actorFrom(res), idParam(params.id), idParam(params.allegationId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/flags', tag, summary: 'Flag the case or one allegation', params: Id, body: FlagSchema, response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.setFlag(actorFrom(res), idParam(params.id), body, true), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/flags/removal', tag, summary: 'Remove a flag from the case or one allegation', params: Id, body: FlagSchema, response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.setFlag(actorFrom(res), idParam(params.id), body, false), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/cases/:id/parties', tag, summary: 'Complainants and victims with their details: only roles that need them, with a purpose (audited)', params: Id, query: PartyPurposeSchema,
      response: z.object({ reference: z.string(), version: z.number(), parties: z.array(Party), entitlements: z.array(z.string()) }), errors: [404],
    }, async ({ params, query, res }) => service.viewParties(actorFrom(res), idParam(params.id), query.purpose));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/parties', tag, summary: 'Record a complainant or victim', params: Id, body: PartySchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.addParty(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'put', path: '/v1/conduct/cases/:id/parties/:partyId/support', tag, summary: 'Record a colleague victim’s support plan and the Victims’ Code entitlements offered',
      params: Id.extend({ partyId: z.string().openapi({ format: 'uuid' }) }), body: VictimSupportSchema, response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.recordVictimSupport(actorFrom(res), idParam(params.id), idParam(params.partyId), body), { ok: true as const }));

    for (const d of DECISION_ROUTES) {
      apiRoute(router, registry, {
        method: 'post', path: `/v1/conduct/cases/:id/decisions/${d.path}`, tag, params: Id, body: d.schema, status: 201, response: Created, errors: [404, 409],
        summary: `${d.summary}. Refused (400) when the decider’s rank or grade is below the configured minimum for this decision`,
      }, async ({ params, body, res }) => ({ id: await service.decide(actorFrom(res), idParam(params.id), d.kind, body as never) }));
    }

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/outcomes', tag, summary: 'Record an outcome for one subject (publishes conduct.outcome.recorded); refused when the forum cannot give it', params: Id, body: OutcomeSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.recordOutcome(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/work', tag, summary: 'Cases waiting to be recorded and recorded cases awaiting the handling decision',
      response: z.object({ toRecord: z.array(ListItem), toAssess: z.array(ListItem), counts: z.object({ toRecord: z.number(), toAssess: z.number() }) }),
    }, async ({ res }) => service.workList(actorFrom(res), 50));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/data-quality', tag, summary: 'Likely mis-flagging (for example abuse of position for a sexual purpose with no member of the public involved)',
      response: z.object({ findings: z.array(z.object({ caseId: z.string(), reference: z.string(), allegationId: z.string().nullable(), finding: z.string(), message: z.string() })).describe('The first 500 findings'), findingCount: z.number(), casesChecked: z.number(), flagDefinitions: z.record(z.string(), z.object({ label: z.string(), definition: z.string() })) }),
    }, async ({ res }) => service.dataQuality(actorFrom(res)));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/reports/seniority', tag, summary: 'Decisions taken by someone below the configured minimum rank or grade for them',
      response: z.object({ breaches: z.array(z.object({ caseId: z.string(), reference: z.string(), kind: z.string(), value: z.string(), decidedOn: z.string(), decidedByLabel: z.string(), deciderRank: z.string().nullable(), minimumRank: z.string(), problem: z.string() })).describe('The newest 500 breaches'), breachCount: z.number(), decisionsChecked: z.number(), minimums: z.record(z.string(), z.string()) }),
    }, async ({ res }) => service.seniorityReport(actorFrom(res)));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/people/:id/history', tag, summary: 'A person’s conduct history: cases in which they are a subject and their outcomes (never the caller’s own)', params: Id, errors: [404],
      response: z.object({ cases: z.array(ListItem.extend({ outcomes: z.array(z.object({ outcome: z.string(), decidedOn: z.string() })) })) }),
    }, async ({ params, res }) => ({ cases: await service.personHistory(actorFrom(res), idParam(params.id)) }));

    return router;
  };
}
