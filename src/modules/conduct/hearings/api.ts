import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import {
  BarredListSchema, ChairReportSchema, ConclusionSchema, HearingDetailsSchema, HearingOutcomeSchema, HearingSchema, LetterSchema, PanelSchema, PublishSchema, ReviewSchema, WithdrawSchema,
} from './schema.js';
import type { HearingsService } from './service.js';

const uuid = () => z.string().openapi({ format: 'uuid' });
const Id = z.object({ id: uuid() });
const HearingId = Id.extend({ hearingId: uuid() });
const Created = z.object({ id: z.string() });
const Ok = z.object({ ok: z.literal(true) });
const ok = { ok: true as const };

const Member = z.object({ type: z.string(), name: z.string() });
const Content = z.object({
  forum: z.string(), date: z.string(), endsOn: z.string().nullable(), startTime: z.string(), venue: z.string(), allegations: z.string(),
  officers: z.array(z.object({ name: z.string(), rank: z.string().nullable(), finding: z.string().nullable().optional(), outcome: z.string().optional() })),
}).openapi('ConductPublishedHearing');
const HearingView = z.object({
  id: z.string(), caseId: z.string(), kind: z.string(), subjectPersonIds: z.array(z.string()), hearingDate: z.string(), endsOn: z.string().nullable(), startTime: z.string(), venue: z.string(),
  inPublic: z.boolean(), privateReason: z.string().nullable(), allegationsForPublication: z.string(), panel: z.array(Member), concludedOn: z.string().nullable(),
  chairReportDueOn: z.string().nullable(), chairReportReceivedOn: z.string().nullable(), chairReportOverdue: z.boolean(), version: z.number(),
  appealRoute: z.enum(['appeal_meeting', 'police_appeals_tribunal']), panelComplete: z.boolean(), compositionFrom: z.string().nullable(),
  panelSlots: z.array(z.object({ type: z.string(), index: z.number(), label: z.string() })).describe('The members the composition in force on the hearing date requires'),
  outcomes: z.array(z.object({
    outcomeId: z.string(), personId: z.string(), finding: z.string().nullable(), outcome: z.string(), decidedOn: z.string(), decidedByName: z.string(), presumptionOfDismissal: z.boolean(),
    departureReasons: z.string().nullable(), barredListReferredOn: z.string().nullable(), barredListReferredBy: z.string().nullable(),
  })),
  publications: z.array(z.object({ id: z.string(), kind: z.string(), content: Content, publishedOn: z.string(), publishedUntil: z.string(), publishedByLabel: z.string(), withdrawnAt: z.string().nullable(), withdrawalReason: z.string().nullable(), live: z.boolean() })),
}).openapi('ConductHearingView');
const LetterView = z.object({
  id: z.string(), partyId: z.string(), kind: z.string(), letterDate: z.string(), reviewBody: z.string().nullable(), reviewCriteria: z.array(z.string()), reviewDueOn: z.string().nullable(),
  reviewRequestedOn: z.string().nullable(), reviewOutcome: z.string().nullable(), reviewOutcomeOn: z.string().nullable(), reviewNotes: z.string().nullable(), createdByLabel: z.string(), version: z.number(),
}).openapi('ConductComplainantLetterSummary');

export function hearingsApi(service: HearingsService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    const tag = 'Conduct hearings';
    const path = (p: string) => `/v1/conduct/cases/:id/hearings${p}`;

    apiRoute(router, registry, {
      method: 'get', path: path(''), tag, params: Id, errors: [404], summary: 'A case’s misconduct meetings and hearings: panels, outcomes, the chair’s report, appeal route and publications (audited)',
      response: z.object({ reference: z.string(), caseVersion: z.number(), hearings: z.array(HearingView) }),
    }, async ({ params, res }) => {
      const o = await service.overview(actorFrom(res), idParam(params.id));
      return { reference: o.reference, caseVersion: o.caseVersion, hearings: o.hearings.map(({ chair: _c, ...h }) => h) };
    });

    apiRoute(router, registry, {
      method: 'post', path: path(''), tag, params: Id, body: HearingSchema, status: 201, response: Created, errors: [404, 409],
      summary: 'Arrange a misconduct meeting, misconduct hearing or accelerated hearing for subjects with a case to answer',
    }, async ({ params, body, res }) => ({ id: await service.schedule(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'put', path: path('/:hearingId'), tag, params: HearingId, body: HearingDetailsSchema, response: Ok, errors: [404, 409], summary: 'Change the date, time, venue, whether it is in public, or the allegations as proposed to be heard',
    }, async ({ params, body, res }) => (await service.updateDetails(actorFrom(res), idParam(params.id), idParam(params.hearingId), body), ok));

    apiRoute(router, registry, {
      method: 'put', path: path('/:hearingId/panel'), tag, params: HearingId, body: PanelSchema, response: Ok, errors: [404, 409],
      summary: 'Appoint the panel; refused (400) unless it is exactly the composition in force on the hearing date (settings: conduct.hearings.panelCompositions)',
    }, async ({ params, body, res }) => (await service.appointPanel(actorFrom(res), idParam(params.id), idParam(params.hearingId), body), ok));

    apiRoute(router, registry, {
      method: 'post', path: path('/:hearingId/conclusion'), tag, params: HearingId, body: ConclusionSchema, response: Ok, errors: [404, 409], summary: 'Record that the meeting or hearing concluded; sets the chair’s report due date',
    }, async ({ params, body, res }) => (await service.conclude(actorFrom(res), idParam(params.id), idParam(params.hearingId), body), ok));

    apiRoute(router, registry, {
      method: 'post', path: path('/:hearingId/chair-report'), tag, params: HearingId, body: ChairReportSchema, response: Ok, errors: [404, 409], summary: 'Record the date the chair’s report was received',
    }, async ({ params, body, res }) => (await service.chairReportReceived(actorFrom(res), idParam(params.id), idParam(params.hearingId), body), ok));

    apiRoute(router, registry, {
      method: 'post', path: path('/:hearingId/outcomes'), tag, params: HearingId, body: HearingOutcomeSchema, status: 201, response: Created, errors: [404, 409],
      summary: 'Record one subject’s outcome (as POST /cases/{id}/outcomes, with the hearing’s forum and chair); proven gross misconduct short of dismissal needs the panel’s reasons',
    }, async ({ params, body, res }) => ({ id: await service.recordOutcome(actorFrom(res), idParam(params.id), idParam(params.hearingId), body) }));

    apiRoute(router, registry, {
      method: 'post', path: path('/:hearingId/outcomes/:outcomeId/barred-list-referral'), tag, params: HearingId.extend({ outcomeId: uuid() }), body: BarredListSchema, response: Ok, errors: [404, 409],
      summary: 'Record that a dismissal was referred to the Police Barred List: when, and by whom',
    }, async ({ params, body, res }) => (await service.recordBarredListReferral(actorFrom(res), idParam(params.id), idParam(params.hearingId), idParam(params.outcomeId), body), ok));

    apiRoute(router, registry, {
      method: 'post', path: path('/:hearingId/publications'), tag, params: HearingId, body: PublishSchema, status: 201, response: Created, errors: [404, 409],
      summary: 'Publish the notice of a public hearing, or its outcome, on the public page for the configured period; never for a meeting or a private hearing',
    }, async ({ params, body, res }) => ({ id: await service.publish(actorFrom(res), idParam(params.id), idParam(params.hearingId), body) }));

    apiRoute(router, registry, {
      method: 'post', path: path('/:hearingId/publications/:publicationId/withdrawal'), tag, params: HearingId.extend({ publicationId: uuid() }), body: WithdrawSchema, response: Ok, errors: [404, 409],
      summary: 'Withdraw a notice or outcome from the public page',
    }, async ({ params, body, res }) => (await service.withdraw(actorFrom(res), idParam(params.id), idParam(params.hearingId), idParam(params.publicationId), body), ok));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/cases/:id/letters', tag, params: Id, errors: [404], summary: 'Updates and outcome letters to complainants, with review rights and outcomes (without who they are to)',
      response: z.object({ reference: z.string(), letters: z.array(LetterView), complainants: z.array(z.object({ id: z.string(), text: z.string() })) }),
    }, async ({ params, res }) => {
      const l = await service.letters(actorFrom(res), idParam(params.id));
      return { reference: l.reference, letters: l.letters.map(({ body: _b, caseId: _c, ...x }) => x), complainants: l.complainants };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/cases/:id/letters', tag, params: Id, body: LetterSchema, status: 201, response: Created, errors: [404, 409],
      summary: 'Prepare an update or the outcome letter to a complainant; the outcome letter names the review body and the last day to apply (roles that see complainants only)',
    }, async ({ params, body, res }) => ({ id: await service.createLetter(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/cases/:id/letters/:letterId', tag, params: Id.extend({ letterId: uuid() }), errors: [404],
      summary: 'The letter as sent, with the complainant’s name and address (a read of complainant details: roles that see them only, audited); /conduct/cases/{id}/letters/{letterId}/letter.pdf is the PDF',
      response: z.object({
        title: z.string(), reference: z.string(), date: z.string(), protectiveMarking: z.string(), recipient: z.object({ name: z.string(), addressLines: z.array(z.string()) }).optional(),
        sender: z.object({ name: z.string(), role: z.string(), unit: z.string() }), sections: z.array(z.object({ heading: z.string().optional(), paragraphs: z.array(z.string()), bullets: z.array(z.string()).optional() })),
      }),
    }, async ({ params, res }) => service.letterDocument(actorFrom(res), idParam(params.id), idParam(params.letterId)));

    apiRoute(router, registry, {
      method: 'put', path: '/v1/conduct/cases/:id/letters/:letterId/review', tag, params: Id.extend({ letterId: uuid() }), body: ReviewSchema, response: Ok, errors: [404, 409],
      summary: 'Record the complainant’s application for a review and, when known, the review body’s outcome',
    }, async ({ params, body, res }) => (await service.recordReview(actorFrom(res), idParam(params.id), idParam(params.letterId), body), ok));

    return router;
  };
}
