import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import { ConclusionSchema, CriminalLinkSchema, EndorsementSchema, LineSchema, NoticeResponseSchema, NoticeSchema, OpenReasonSchema, PlanSchema, ProgressSchema, ReviewSchema, WorkListQuerySchema } from './schema.js';
import type { InvestigationService } from './service.js';

const uuid = () => z.string().openapi({ format: 'uuid' });
const Id = z.object({ id: uuid() });
const LineId = Id.extend({ lineId: uuid() });
const NoticeId = Id.extend({ noticeId: uuid() });
const Ok = z.object({ ok: z.literal(true) });
const Created = z.object({ id: z.string() });
const date = z.string().openapi({ format: 'date' });
const ReviewKind = z.enum(['supervisory', 'inspector', 'criminal']);

const Line = z.object({
  id: z.string(), title: z.string(), description: z.string(), widerInquiry: z.string().nullable().describe('The wider inquiry for prejudicial and improper behaviour this line stands for'),
  status: z.enum(['open', 'done', 'closed']), conclusion: z.string().nullable().describe('The result (done) or the reason for closing it'), concludedOn: date.nullable(), concludedByLabel: z.string().nullable(),
  lastProgressOn: date.nullable(), createdAt: z.string(), version: z.number(), progress: z.array(z.object({ note: z.string(), recordedOn: date, recordedByLabel: z.string() })),
}).openapi('ConductLineOfInquiryView');
const Due = z.object({ kind: ReviewKind, dueOn: date, overdue: z.boolean(), daysOverdue: z.number(), lastReviewedOn: date.nullable() });
const Clock = z.union([
  z.object({ started: z.literal(false) }),
  z.object({ started: z.literal(true), startedOn: date, endsOn: date, daysRemaining: z.number(), past: z.boolean(), stopped: z.boolean(), nextReportDue: date.nullable().describe('Next report to the local policing body once past 12 months (every 6 months)') }),
]);
const InvestigationView = z.object({
  case: z.object({ id: z.string(), reference: z.string(), status: z.string(), receivedOn: date, recordedOn: date.nullable(), finalisedOn: date.nullable(), subjectPersonIds: z.array(z.string()), flags: z.array(z.string()) }),
  plan: z.object({ termsOfReference: z.string(), openedOn: date, openedByLabel: z.string(), endorsed: z.boolean(), endorsedAt: z.string().nullable(), endorsedByLabel: z.string().nullable(), endorsedByRank: z.string().nullable(), version: z.number() }).nullable(),
  lines: z.array(Line),
  lineCounts: z.object({ total: z.number(), open: z.number(), done: z.number(), closed: z.number() }),
  missingWiderInquiries: z.array(z.string()),
  reviews: z.array(z.object({ id: z.string(), kind: ReviewKind, reviewedOn: date, reviewedByLabel: z.string(), reviewerRank: z.string().nullable(), summary: z.string() })),
  reviewsDue: z.array(Due),
  notices: z.array(z.object({ id: z.string(), personId: z.string(), kind: z.string(), servedOn: date, serviceMethod: z.string(), servedByLabel: z.string(), responseReceivedOn: date.nullable(), responseSummary: z.string().nullable(), responseDueOn: date, version: z.number() })),
  criminal: z.object({
    applies: z.boolean(), flagged: z.boolean(),
    link: z.object({ markedCriminal: z.boolean(), criminalReference: z.string().nullable(), seniorOfficerPersonId: z.string().nullable(), seniorOfficerName: z.string().nullable(), seniorOfficerRank: z.string().nullable(), updatedByLabel: z.string(), version: z.number() }).nullable(),
  }),
  clock: Clock,
  openReason: z.object({ reason: z.string(), recordedOn: date, recordedByLabel: z.string(), version: z.number() }).nullable(),
  subjectNames: z.record(z.string(), z.string()),
  rules: z.object({ intervals: z.object({ supervisoryDays: z.number(), inspectorDays: z.number(), criminalMonths: z.number() }), inspectorReviewMinimumRank: z.string(), criminalReviewMinimumRank: z.string() }),
}).openapi('ConductInvestigation');

const OverdueReview = z.object({ caseId: z.string(), reference: z.string(), kind: ReviewKind, dueOn: date, lastReviewedOn: date.nullable(), seniorOfficerPersonId: z.string().nullable(), seniorOfficerName: z.string().nullable() });
const PastTimeLimit = z.object({
  caseId: z.string(), reference: z.string(), kind: z.string(), status: z.string(), recordedOn: date, endsOn: date, reason: z.string().nullable(), reasonRecordedOn: date.nullable(), reasonRecordedByLabel: z.string().nullable(),
});

export function investigationApi(service: InvestigationService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    const tag = 'Conduct investigations';
    const base = '/v1/conduct/cases/:id/investigation';

    apiRoute(router, registry, {
      method: 'get', path: base, tag, params: Id, response: InvestigationView, errors: [404],
      summary: 'A case’s investigation: plan and endorsement, lines of inquiry, reviews and when the next fall due, notices to subjects, criminal link, the 12-month clock (audited; never shown to a subject)',
    }, async ({ params, res }) => service.view(actorFrom(res), idParam(params.id)));

    apiRoute(router, registry, {
      method: 'put', path: `${base}/plan`, tag, params: Id, body: PlanSchema, response: Ok, errors: [404, 409],
      summary: 'Open the plan (version 0) or amend its terms of reference; new terms withdraw the endorsement. A case flagged prejudicial and improper behaviour gets the wider inquiries as lines of inquiry',
    }, async ({ params, body, res }) => (await service.savePlan(actorFrom(res), idParam(params.id), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: `${base}/plan/endorsement`, tag, params: Id, body: EndorsementSchema, response: Ok, errors: [404, 409],
      summary: 'Endorse the plan (PSD supervisor or above); records who and when. Progress on lines of inquiry is refused until then',
    }, async ({ params, body, res }) => (await service.endorse(actorFrom(res), idParam(params.id), body.version), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: `${base}/lines`, tag, params: Id, body: LineSchema, status: 201, response: Created, errors: [404, 409], summary: 'Add a line of inquiry to the plan',
    }, async ({ params, body, res }) => ({ id: await service.addLine(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: `${base}/lines/:lineId/progress`, tag, params: LineId, body: ProgressSchema, response: Ok, errors: [404, 409],
      summary: 'Record progress on an open line of inquiry (409 until the plan is endorsed)',
    }, async ({ params, body, res }) => (await service.recordProgress(actorFrom(res), idParam(params.id), idParam(params.lineId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: `${base}/lines/:lineId/conclusion`, tag, params: LineId, body: ConclusionSchema, response: Ok, errors: [404, 409],
      summary: 'Mark a line of inquiry done (with its result) or closed (with the reason); 409 until the plan is endorsed',
    }, async ({ params, body, res }) => (await service.concludeLine(actorFrom(res), idParam(params.id), idParam(params.lineId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: `${base}/reviews`, tag, params: Id, body: ReviewSchema, status: 201, response: Created, errors: [404, 409],
      summary: 'Record a supervisory review (PSD supervisor or above), an inspector review (configured minimum rank) or the monthly review of a criminal allegation (the named senior officer only), dated today',
    }, async ({ params, body, res }) => ({ id: await service.recordReview(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: `${base}/notices`, tag, params: Id, body: NoticeSchema, status: 201, response: Created, errors: [404, 409],
      summary: 'Record a notice served on a subject (regulation 17 notice for officers, investigation notice for staff)',
    }, async ({ params, body, res }) => ({ id: await service.serveNotice(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'put', path: `${base}/notices/:noticeId/response`, tag, params: NoticeId, body: NoticeResponseSchema, response: Ok, errors: [404, 409],
      summary: 'Record the subject’s response to a notice: the date received and a summary',
    }, async ({ params, body, res }) => (await service.recordResponse(actorFrom(res), idParam(params.id), idParam(params.noticeId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'put', path: `${base}/criminal`, tag, params: Id, body: CriminalLinkSchema, response: Ok, errors: [404, 409],
      summary: 'Link a criminal allegation against a member of the force to its criminal investigation and name the senior officer who reviews it monthly',
    }, async ({ params, body, res }) => (await service.saveCriminalLink(actorFrom(res), idParam(params.id), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'put', path: `${base}/open-reason`, tag, params: Id, body: OpenReasonSchema, response: Ok, errors: [404, 409],
      summary: 'Record why the case remains open (required once it is past 12 months from recording)',
    }, async ({ params, body, res }) => (await service.saveOpenReason(actorFrom(res), idParam(params.id), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/investigations/overdue-reviews', tag, query: WorkListQuerySchema,
      summary: 'Overdue supervisory, inspector and criminal-allegation reviews on open cases the caller may see, most overdue first',
      response: z.object({ total: z.number(), items: z.array(OverdueReview) }),
    }, async ({ query, res }) => service.overdueReviews(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/investigations/awaiting-endorsement', tag, query: WorkListQuerySchema, summary: 'Investigation plans not yet endorsed by a supervisor',
      response: z.object({ total: z.number(), items: z.array(z.object({ caseId: z.string(), reference: z.string(), openedOn: date, lines: z.number() })) }),
    }, async ({ query, res }) => service.awaitingEndorsement(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/investigations/past-twelve-months', tag, query: WorkListQuerySchema,
      summary: 'Open cases past 12 months from recording, oldest first, with the reason each remains open (null when not recorded)',
      response: z.object({ total: z.number(), items: z.array(PastTimeLimit) }),
    }, async ({ query, res }) => service.pastTimeLimit(actorFrom(res), query));

    return router;
  };
}
