import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import { MEASURES } from './timeliness.js';
import { CaseFinderQuerySchema, NewPibReviewSchema, PibCompletionSchema, PibFindingSchema, TimelinessQuerySchema, VolumesQuerySchema } from './schema.js';
import type { ReportingService } from './service.js';

const TAG = 'Conduct reporting';
const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const Ok = z.object({ ok: z.literal(true) });
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d === null || d === undefined ? null : String(d));

const FoundCase = z.object({
  id: z.string(), reference: z.string(), kind: z.string(), status: z.string(), receivedOn: z.string(), recordedOn: z.string().nullable(), handlingRoute: z.string().nullable(),
  finalisedOn: z.string().nullable(), allegations: z.number(), categories: z.array(z.string()), flags: z.array(z.string()), outcomes: z.array(z.string()),
}).openapi('ConductFoundCase');
const Summary = z.object({ cases: z.number(), medianDays: z.number().nullable(), p90Days: z.number().nullable() });
const Measures = z.object(Object.fromEntries(MEASURES.map((m) => [m, Summary])) as Record<(typeof MEASURES)[number], typeof Summary>);
const Volume = z.array(z.object({ code: z.string(), count: z.number() }));
const Review = z.object({
  id: z.string(), title: z.string(), periodFrom: z.string(), periodTo: z.string(), reviewerName: z.string(), status: z.enum(['open', 'completed']), summary: z.string().nullable(),
  completedOn: z.string().nullable(), createdByLabel: z.string(), createdAt: z.string(), version: z.number(), items: z.number().describe('Allegations in the review'), recorded: z.number().describe('Allegations with a finding'),
}).openapi('ConductPibReview');
const ReviewItem = z.object({
  allegationId: z.string(), caseId: z.string(), reference: z.string(), kind: z.string(), category: z.string(), receivedOn: z.string(), handlingRoute: z.string().nullable(), status: z.string(),
  colleagueVictims: z.number(), victimsWithSupportPlan: z.number(), publicParties: z.number(), outcomes: z.array(z.string()),
  victimsSupported: z.string().nullable(), assessmentRight: z.string().nullable(), investigationComprehensive: z.string().nullable(), notes: z.string().nullable(),
  recordedByLabel: z.string().nullable(), recordedAt: z.string().nullable(), version: z.number(),
}).openapi('ConductPibReviewItem');

const presentReview = <T extends { createdAt: unknown }>(r: T) => ({ ...r, createdAt: iso(r.createdAt)! });

export function reportingApi(service: ReportingService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/reports/cases', tag: TAG, query: CaseFinderQuerySchema,
      summary: 'Cases and work lists with filters (kind, status, category, flag, outcome, received dates, subject, handling route), never a case about the caller; total counted up to 1,000 (audited)',
      response: z.object({ total: z.number(), capped: z.boolean().describe('More cases match than the total says: narrow the filters'), cases: z.array(FoundCase) }),
    }, async ({ query, res }) => service.findCases(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/reports/timeliness', tag: TAG, query: TimelinessQuerySchema,
      summary: 'Days from receipt to recording, to the handling decision and to finalisation: cases, median and 90th percentile (nearest rank) by month of completion (aggregate, no personal data)',
      response: z.object({ from: z.string(), to: z.string(), kind: z.string().nullable(), months: z.array(z.object({ month: z.string(), measures: Measures })), overall: Measures }),
    }, async ({ query, res }) => service.timeliness(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/reports/volumes', tag: TAG, query: VolumesQuerySchema,
      summary: 'Cases received in a period by kind and handling route, allegations by category, flagged cases by flag, and outcomes decided in the period (aggregate, no personal data)',
      response: z.object({ from: z.string(), to: z.string(), kind: z.string().nullable(), cases: z.number(), allegations: z.number(), byCategory: Volume, byFlag: Volume, byOutcome: Volume, byKind: Volume, byHandlingRoute: Volume }),
    }, async ({ query, res }) => service.volumes(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/pib-reviews', tag: TAG, summary: 'Reviews of prejudicial and improper behaviour allegations (audit exercises), newest first',
      response: z.object({ reviews: z.array(Review) }),
    }, async ({ res }) => ({ reviews: (await service.pibReviews(actorFrom(res))).map(presentReview) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/pib-reviews', tag: TAG, body: NewPibReviewSchema, status: 201,
      summary: 'Open a review: every allegation flagged as prejudicial and improper behaviour (on it or its case) in cases received in the period is listed, fixed at opening',
      response: z.object({ id: z.string(), allegations: z.number() }),
    }, async ({ body, res }) => service.openPibReview(actorFrom(res), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/conduct/pib-reviews/:id', tag: TAG, params: Id, errors: [404],
      summary: 'A review with its allegations (those the caller may see; the rest counted as withheld) and the counts of each finding (audited)',
      response: z.object({ review: Review, items: z.array(ReviewItem), withheld: z.number(), summary: z.record(z.string(), z.record(z.string(), z.number())) }),
    }, async ({ params, res }) => {
      const r = await service.pibReview(actorFrom(res), idParam(params.id));
      return { ...r, review: presentReview(r.review), items: r.items.map((i) => ({ ...i, recordedAt: iso(i.recordedAt) })) };
    });

    apiRoute(router, registry, {
      method: 'put', path: '/v1/conduct/pib-reviews/:id/allegations/:allegationId', tag: TAG, params: Id.extend({ allegationId: z.string().openapi({ format: 'uuid' }) }), body: PibFindingSchema,
      summary: 'Record the finding on one allegation: were victims supported, was the assessment right, was the investigation comprehensive (notes needed for any “no” or “partly”)',
      response: Ok, errors: [404, 409],
    }, async ({ params, body, res }) => (await service.recordPibFinding(actorFrom(res), idParam(params.id), idParam(params.allegationId), body), { ok: true as const }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/conduct/pib-reviews/:id/completion', tag: TAG, params: Id, body: PibCompletionSchema, response: Ok, errors: [404, 409],
      summary: 'Complete the review with the written summary of findings (every allegation needs its finding first)',
    }, async ({ params, body, res }) => (await service.completePibReview(actorFrom(res), idParam(params.id), body), { ok: true as const }));

    return router;
  };
}
