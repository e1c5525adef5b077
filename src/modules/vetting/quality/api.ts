import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam, pageParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import type { PoolEntry } from './data.js';
import { AcknowledgeSchema, AddToSampleSchema, FindingSchema, QaSettingsSchema, ReferralResponseSchema, ReportQuerySchema, WorkListQuerySchema } from './schema.js';
import type { QualityService } from './service.js';

const TAG = 'Vetting quality assurance';
const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const Created = z.object({ id: z.string() });
const Done = z.object({ ok: z.literal(true) });

const QaFinding = z.object({
  id: z.string(), finding: z.enum(['agree', 'agree_with_learning', 'disagree']), learningThemes: z.array(z.string()), feedback: z.string().nullable(),
  action: z.string().nullable(), reviewedByLabel: z.string(), reviewedAt: z.string(), acknowledgedAt: z.string().nullable(),
  referralResponse: z.string().nullable(), referralClosedByLabel: z.string().nullable(), referralClosedAt: z.string().nullable(), version: z.number(),
}).openapi('VettingQaFindingRecord');

const QaEntry = z.object({
  id: z.string(), decisionId: z.string(), applicationId: z.string(), reference: z.string(), applicant: z.string(), outcome: z.string(),
  hadAdverseInformation: z.boolean(), decidedOn: z.string(), decidedByLabel: z.string(),
  eligible: z.boolean().openapi({ description: 'Entered the pool by rule (a refusal, or a clearance on adverse information)' }),
  draw: z.number().openapi({ description: 'First 48 bits of SHA-256 over the decision id, divided by 2^48: sampled when below the share' }),
  sampleShare: z.number(), allRefusals: z.boolean(), selection: z.enum(['share', 'all_refusals', 'by_hand']).nullable(),
  sampledAt: z.string().nullable(), addedByLabel: z.string().nullable(), addedReason: z.string().nullable(), version: z.number(), finding: QaFinding.nullable(),
}).openapi('VettingQaSample');

const ReportRow = z.object({
  key: z.string(), label: z.string(), inPool: z.number(), sampledByRule: z.number(), sampleRate: z.number().nullable(), addedByHand: z.number(),
  qaCompleted: z.number(), qaOutstanding: z.number(), findings: z.record(z.string(), z.number()), themes: z.record(z.string(), z.number()),
}).openapi('VettingQaReportRow');

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
/** JSON shape of an entry: timestamps as ISO strings, internal user ids left out. */
function present(e: PoolEntry) {
  const { decidedBy: _d, ratifiedBy: _r, ...rest } = e;
  const f = e.finding;
  return {
    ...rest, sampledAt: iso(e.sampledAt),
    finding: f && {
      id: f.id, finding: f.finding, learningThemes: f.learningThemes, feedback: f.feedback, action: f.action, reviewedByLabel: f.reviewedByLabel, reviewedAt: iso(f.reviewedAt)!,
      acknowledgedAt: iso(f.acknowledgedAt), referralResponse: f.referralResponse, referralClosedByLabel: f.referralClosedByLabel, referralClosedAt: iso(f.referralClosedAt), version: f.version,
    },
  };
}

export function qualityApi(service: QualityService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/quality/samples', tag: TAG,
      summary: 'QA work lists: sampled decisions awaiting QA (oldest first), completed QA, or disagreements referred to the force vetting manager',
      query: WorkListQuerySchema, response: z.object({ total: z.number(), samples: z.array(QaEntry.extend({ ownDecision: z.boolean() })) }),
    }, async ({ query, res }) => {
      const { total, entries } = await service.workList(actorFrom(res), query);
      return { total, samples: entries.map((e) => ({ ...present(e), ownDecision: e.ownDecision })) };
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/quality/samples/:id', tag: TAG, summary: 'A sample with its decision, rationale, adverse information and finding (audited)', params: Id, errors: [404],
      response: z.object({
        sample: QaEntry.extend({ level: z.string(), convictionRule: z.string().nullable(), rationale: z.record(z.string(), z.unknown()).nullable(), rebuttal: z.string().nullable(), traces: z.array(z.record(z.string(), z.unknown())), conditions: z.array(z.record(z.string(), z.unknown())) }),
        learningThemes: z.array(z.string()), ownReason: z.string().nullable(), can: z.object({ recordFinding: z.boolean(), acknowledge: z.boolean(), respondToReferral: z.boolean() }),
      }),
    }, async ({ params, res }) => {
      const view = await service.sample(actorFrom(res), idParam(params.id));
      const { sample } = view;
      return {
        ...view, ownReason: view.ownReason ?? null,
        sample: { ...present(sample), level: sample.level, convictionRule: sample.convictionRule, rationale: sample.rationale, rebuttal: sample.rebuttal, traces: sample.traces, conditions: sample.conditions },
      };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/quality/samples/:id/finding', tag: TAG,
      summary: 'Record the QA finding. Feedback and a learning theme are required unless the finding is agree; 403 for your own (or ratified) decision; 409 if already recorded or stale',
      params: Id, body: FindingSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.recordFinding(actorFrom(res), idParam(params.id), body) }));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/quality/samples/:id/acknowledgement', tag: TAG, summary: 'The decision maker acknowledges the feedback on their decision',
      params: Id, body: AcknowledgeSchema, response: Done, errors: [404, 409],
    }, async ({ params, body, res }) => {
      await service.acknowledge(actorFrom(res), idParam(params.id), body.version);
      return { ok: true as const };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/quality/samples/:id/referral-response', tag: TAG, summary: 'The force vetting manager answers a disagreement referred to them, closing the referral',
      params: Id, body: ReferralResponseSchema, response: Done, errors: [404, 409],
    }, async ({ params, body, res }) => {
      await service.respondToReferral(actorFrom(res), idParam(params.id), body.response, body.version);
      return { ok: true as const };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/quality-sample', tag: TAG, summary: 'The force vetting manager adds an application’s decision to the QA sample by hand',
      params: Id, body: AddToSampleSchema, status: 201, response: Created, errors: [404, 409],
    }, async ({ params, body, res }) => ({ id: await service.addToSample(actorFrom(res), idParam(params.id), body.reason) }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/quality/feedback', tag: TAG, summary: 'QA findings on the caller’s own decisions, unacknowledged first',
      query: z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25), unacknowledged: z.enum(['true', 'false']).optional() }),
      response: z.object({ total: z.number(), samples: z.array(QaEntry) }),
    }, async ({ query, res }) => {
      const { total, entries } = await service.feedback(actorFrom(res), { page: pageParam(query.page), pageSize: query.pageSize, unacknowledgedOnly: query.unacknowledged === 'true' });
      return { total, samples: entries.map(present) };
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/quality/report', tag: TAG,
      summary: 'Decisions in the pool, sampled, sample rate, QA completed, findings and learning themes by month and by decision maker (default: the last 12 months)',
      query: ReportQuerySchema, response: z.object({ from: z.string(), to: z.string(), months: z.array(ReportRow), decisionMakers: z.array(ReportRow), themes: z.array(z.string()) }),
    }, async ({ query, res }) => service.report(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/quality/settings', tag: TAG, summary: 'The sample share, whether every refusal is sampled, and the learning themes, with the version of each',
      response: QaSettingsSchema,
    }, async ({ res }) => service.settingsForEdit(actorFrom(res)));

    apiRoute(router, registry, {
      method: 'put', path: '/v1/vetting/quality/settings', tag: TAG, summary: 'Change the QA settings; each changed setting is checked against the version read (409 if someone changed it first)',
      body: QaSettingsSchema, response: z.object({ versions: QaSettingsSchema.shape.versions }), errors: [409],
    }, async ({ body, res }) => ({ versions: await service.updateSettings(actorFrom(res), body) }));

    return router;
  };
}
