import { Router } from 'express';
import { actorFrom } from '../../platform/access/guard.js';
import { apiRoute } from '../../platform/http/api-route.js';
import { idParam } from '../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../platform/openapi/registry.js';
import { FORCE_VETTING_LEVELS, NATIONAL_SECURITY_LEVELS } from '../../platform/reference.js';
import { IMPORT_MODES, PersonEditSchema } from './schema.js';
import type { WorkforceService } from './service.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const PersonSummary = z.object({
  id: z.string(), payrollNumber: z.string(), collarNumber: z.string().nullable(), forenames: z.string(), surname: z.string(),
  personType: z.string(), rankOrGrade: z.string().nullable(), unitName: z.string().nullable(), postTitle: z.string().nullable(), leavingDate: z.string().nullable(),
}).openapi('PersonSummary');
const PersonDetail = PersonSummary.extend({
  dateOfBirth: z.string().nullable(), unitCode: z.string().nullable(), startDate: z.string().nullable(), leavingReason: z.string().nullable(),
  email: z.string().nullable(), version: z.number().int(),
  lineManager: z.object({ id: z.string(), name: z.string(), payrollNumber: z.string() }).nullable(),
  post: z.object({ id: z.string(), code: z.string(), title: z.string(), requiredVettingLevel: z.string(), nationalSecurityLevel: z.string().nullable(), designated: z.boolean() }).nullable(),
  postHistory: z.array(z.object({ postId: z.string(), postCode: z.string(), postTitle: z.string(), startDate: z.string(), endDate: z.string().nullable() })),
}).openapi('PersonDetail');
const Post = z.object({
  id: z.string(), code: z.string(), title: z.string(), unitCode: z.string().nullable(), unitName: z.string().nullable(),
  requiredVettingLevel: z.enum(FORCE_VETTING_LEVELS), nationalSecurityLevel: z.enum(NATIONAL_SECURITY_LEVELS).nullable(), designated: z.boolean(), active: z.boolean(), version: z.number().int(),
  holder: z.object({ id: z.string(), name: z.string(), payrollNumber: z.string() }).nullable(),
}).openapi('Post');
const ImportCounts = z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), moved: z.number(), leavers: z.number(), unitsCreated: z.number() }).openapi('ImportCounts');
const Paging = { page: z.coerce.number().int().min(1).max(100_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(25) };

export function workforceApi(service: WorkforceService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/people', tag: 'Workforce', summary: 'Search the workforce directory (audited)',
      query: z.object({ q: z.string().max(100).optional(), includeLeavers: z.enum(['true', 'false']).optional(), unitCode: z.string().max(40).optional(), ...Paging }),
      response: z.object({ total: z.number().int(), totalIsCapped: z.boolean().openapi({ description: 'True when more people match than `total` (searches stop counting at 1,000)' }), page: z.number().int(), people: z.array(PersonSummary) }),
    }, async ({ query, res }) => {
      const result = await service.search(actorFrom(res), { q: query.q, includeLeavers: query.includeLeavers === 'true', unitCode: query.unitCode, page: query.page, pageSize: query.pageSize });
      return { total: result.total, totalIsCapped: result.totalIsCapped, page: query.page, people: result.people };
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/people/:id', tag: 'Workforce', summary: 'One person, with their post history (audited)', params: Id, response: PersonDetail, errors: [404],
    }, async ({ params, res }) => {
      const { person, history } = await service.viewPersonWithHistory(actorFrom(res), idParam(params.id));
      res.setHeader('ETag', `"${person.version}"`);
      return { ...person, postHistory: history };
    });

    apiRoute(router, registry, {
      method: 'patch', path: '/v1/people/:id', tag: 'Workforce', summary: 'Correct a person’s details; `version` must be the one read (optimistic concurrency)',
      params: Id, body: PersonEditSchema, response: z.object({ id: z.string(), version: z.number().int() }), errors: [404, 409],
    }, async ({ params, body, res }) => {
      const id = idParam(params.id);
      await service.editPerson(actorFrom(res), id, body);
      return { id, version: body.version + 1 };
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/posts', tag: 'Workforce', summary: 'Posts with their required vetting level and postholder',
      query: z.object({ q: z.string().max(100).optional(), designated: z.enum(['true', 'false']).optional(), vacant: z.enum(['true', 'false']).optional(), ...Paging }),
      response: z.object({ total: z.number().int(), page: z.number().int(), posts: z.array(Post) }),
    }, async ({ query, res }) => {
      const result = await service.listPosts(actorFrom(res), { q: query.q, designated: query.designated === undefined ? undefined : query.designated === 'true', vacant: query.vacant === 'true', page: query.page, pageSize: query.pageSize });
      return { total: result.total, page: query.page, posts: result.posts };
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/posts/:id', tag: 'Workforce', summary: 'One post and its postholder history', params: Id, errors: [404],
      response: Post.extend({ history: z.array(z.object({ personId: z.string(), personName: z.string(), payrollNumber: z.string(), startDate: z.string(), endDate: z.string().nullable() })) }),
    }, async ({ params, res }) => {
      const { post, history } = await service.viewPost(actorFrom(res), idParam(params.id));
      return { ...post, history };
    });

    apiRoute(router, registry, {
      method: 'post', path: '/v1/hr/records', tag: 'HR sync', summary: 'Push joiners, movers, leavers and changes from the HR system: all records are applied in one transaction, or none',
      body: z.object({ mode: z.enum(IMPORT_MODES).default('delta'), records: z.array(z.record(z.string(), z.unknown())).min(1).max(100_000) }).openapi('HrSyncRequest', {
        description: 'Each record has the HrRecord fields. In `full` mode, current people missing from the records are recorded as leavers today.',
      }),
      response: ImportCounts,
    }, async ({ body, res }) => service.syncFromHr(actorFrom(res), body.records, body.mode));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/imports/:id', tag: 'HR sync', summary: 'Progress and outcome of a file import', params: Id, errors: [404],
      response: z.object({ id: z.string(), status: z.string(), totalRows: z.number().nullable(), processedRows: z.number(), summary: ImportCounts.nullable(), errors: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })) }),
    }, async ({ params, res }) => {
      const job = await service.importJob(actorFrom(res), idParam(params.id));
      return { id: job.id, status: job.status, totalRows: job.totalRows, processedRows: job.processedRows, summary: job.summary as never, errors: job.errors ?? [] };
    });
    return router;
  };
}
