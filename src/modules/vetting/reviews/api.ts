import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import type { DeclarationService } from './declarations.js';
import { AssessmentSchema, DECLARATION_STATUSES, DeclarationSchema, OutcomeSchema } from './declarations-schema.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const OwnDeclaration = z.object({ id: z.string(), reference: z.string(), kind: z.string(), occurredOn: z.string().nullable(), details: z.string(), declaredAt: z.string(), status: z.enum(DECLARATION_STATUSES) })
  .openapi('OwnCircumstanceDeclaration');
const Declaration = OwnDeclaration.extend({
  personId: z.string(), declarant: z.string(), payrollNumber: z.string().nullable(), riskLevel: z.string().nullable(), riskRationale: z.string().nullable(),
  assessedByLabel: z.string().nullable(), assessedAt: z.string().nullable(), outcome: z.string().nullable(), outcomeNote: z.string().nullable(),
  reviewApplicationId: z.string().nullable(), decidedByLabel: z.string().nullable(), decidedAt: z.string().nullable(), version: z.number(),
}).openapi('CircumstanceDeclarationRecord');

/** Timestamps leave as ISO strings, whichever engine produced them. */
const iso = <T extends { declaredAt: unknown; assessedAt?: unknown; decidedAt?: unknown }>(d: T): T => ({
  ...d, declaredAt: toIso(d.declaredAt), ...('assessedAt' in d ? { assessedAt: toIso(d.assessedAt) } : {}), ...('decidedAt' in d ? { decidedAt: toIso(d.decidedAt) } : {}),
});
const toIso = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);

export function declarationApi(service: DeclarationService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'post', path: '/v1/my/circumstances', tag: 'Vetting: change of circumstances', status: 201,
      summary: 'Declare a change in your own circumstances to the vetting unit (staff self-service; the account must be linked to a person)',
      body: DeclarationSchema, response: z.object({ id: z.string(), reference: z.string() }),
    }, async ({ body, res }) => service.declare(actorFrom(res), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/my/circumstances', tag: 'Vetting: change of circumstances', summary: 'Your own declarations and their status (never the risk assessment or outcome)',
      response: z.object({ declarations: z.array(OwnDeclaration) }),
    }, async ({ res }) => ({ declarations: (await service.mine(actorFrom(res))).map(iso) }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/my/circumstances/:id', tag: 'Vetting: change of circumstances', summary: 'One of your own declarations', params: Id, errors: [404], response: OwnDeclaration,
    }, async ({ params, res }) => iso(await service.own(actorFrom(res), idParam(params.id))));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/circumstances', tag: 'Vetting: change of circumstances', summary: 'The vetting unit’s work list of declarations (never the caller’s own), oldest first (audited)',
      query: z.object({ status: z.enum(DECLARATION_STATUSES).optional(), page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25) }),
      response: z.object({ total: z.number(), declarations: z.array(Declaration) }),
    }, async ({ query, res }) => {
      const r = await service.workList(actorFrom(res), query);
      return { total: r.total, declarations: r.declarations.map(iso) };
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/circumstances/:id', tag: 'Vetting: change of circumstances', summary: 'A declaration with its risk assessment and outcome (audited)', params: Id, errors: [404], response: Declaration,
    }, async ({ params, res }) => iso(await service.view(actorFrom(res), idParam(params.id))));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/circumstances/:id/assessment', tag: 'Vetting: change of circumstances',
      summary: 'Record or revise the risk assessment (low, medium or high, with the rationale) until the outcome is recorded', params: Id, body: AssessmentSchema, errors: [404, 409],
      response: z.object({ ok: z.literal(true) }),
    }, async ({ params, body, res }) => {
      await service.assess(actorFrom(res), idParam(params.id), body);
      return { ok: true as const };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/circumstances/:id/outcome', tag: 'Vetting: change of circumstances',
      summary: 'Record the outcome (senior vetting advisor or force vetting manager): no further action, review opened (opens a vetting review, or joins the one already open), or referred to PSD or CCU',
      params: Id, body: OutcomeSchema, errors: [404, 409], response: z.object({ reviewApplicationId: z.string().nullable() }),
    }, async ({ params, body, res }) => service.decide(actorFrom(res), idParam(params.id), body));
    return router;
  };
}
