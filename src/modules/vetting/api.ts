import { Router } from 'express';
import { actorFrom } from '../../platform/access/guard.js';
import { apiRoute } from '../../platform/http/api-route.js';
import { idParam } from '../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../platform/openapi/registry.js';
import { AssociateSchema, CheckSchema, DecisionSchema, NewApplicationSchema } from './schema.js';
import type { VettingService } from './service.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const Created = z.object({ id: z.string() });
const Application = z.object({
  id: z.string(), reference: z.string(), kind: z.string(), personId: z.string().nullable(), applicantForenames: z.string(), applicantSurname: z.string(),
  applicantDateOfBirth: z.string().nullable(), postId: z.string().nullable(), level: z.string(), status: z.string(), reviewReason: z.string().nullable(), receivedOn: z.string(), version: z.number(),
}).openapi('VettingApplication');

export function vettingApi(service: VettingService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/applications', tag: 'Vetting', summary: 'Vetting applications the caller may see (never their own), newest first',
      query: z.object({ status: z.enum(['open', 'decided', 'withdrawn', 'discontinued']).optional(), page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25) }),
      response: z.object({ total: z.number(), applications: z.array(Application) }),
    }, async ({ query, res }) => service.list(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications', tag: 'Vetting', summary: 'Open a vetting application', body: NewApplicationSchema, status: 201,
      response: z.object({ id: z.string(), reference: z.string() }),
    }, async ({ body, res }) => service.createApplication(actorFrom(res), body));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/applications/:id', tag: 'Vetting', summary: 'An application with its checks, adverse traces, declared associates and decision (audited)', params: Id, errors: [404],
      response: z.object({ application: Application, checks: z.array(z.record(z.string(), z.unknown())), traces: z.array(z.record(z.string(), z.unknown())), associates: z.array(z.record(z.string(), z.unknown())), decision: z.record(z.string(), z.unknown()).nullable(), convictionRule: z.string().nullable() }),
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
    return router;
  };
}
