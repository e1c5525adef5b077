import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import { idParam } from '../../../platform/http/params.js';
import { z, type OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import { EqualityFormSchema } from './characteristics.js';
import { DisplayReportSchema, MonitoringStatusSchema, OverviewQuerySchema, ReportQuerySchema } from './schema.js';
import type { DisproportionalityService } from './service.js';

const Id = z.object({ id: z.string().openapi({ format: 'uuid' }) });
const TAG = 'Vetting disproportionality';

/** A file name that says what the figures are. */
export const csvFileName = (q: { characteristic: string; outcome: string; from?: string; to?: string }) =>
  `vetting-disproportionality-${q.characteristic}-${q.outcome}${q.from ? `-from-${q.from}` : ''}${q.to ? `-to-${q.to}` : ''}.csv`;

export function disproportionalityApi(service: DisproportionalityService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/disproportionality', tag: TAG,
      summary: 'Rates of refusal, clearance with conditions or appeal upheld for each group of one protected characteristic, with the relative rate against a reference group, its 95% confidence interval and Fisher’s exact p-value. Small counts are suppressed.',
      query: ReportQuerySchema, response: DisplayReportSchema,
    }, async ({ query, res }) => service.report(actorFrom(res), query));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/disproportionality/overview', tag: TAG,
      summary: 'The report for every protected characteristic against its default reference group, to see which groups are flagged',
      query: OverviewQuerySchema, response: z.object({ reports: z.array(DisplayReportSchema) }),
    }, async ({ query, res }) => ({ reports: await service.overview(actorFrom(res), query) }));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/disproportionality/csv', tag: TAG,
      summary: 'The same report as CSV (text/csv), small counts suppressed as on the page; cells a spreadsheet could run as a formula are defused',
      query: ReportQuerySchema, response: z.string().openapi({ description: 'CSV, sent as text/csv' }),
    }, async ({ query, res }) => {
      const csv = await service.csv(actorFrom(res), query);
      res.type('text/csv').attachment(csvFileName(query)).send(csv);
    });

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/applications/:id/equality', tag: TAG,
      summary: 'Which equality monitoring questions are answered for an application (never the answers)', params: Id, errors: [404],
      response: z.object({ reference: z.string(), status: MonitoringStatusSchema }),
    }, async ({ params, res }) => service.status(actorFrom(res), idParam(params.id)));

    apiRoute(router, registry, {
      method: 'post', path: '/v1/vetting/applications/:id/equality', tag: TAG,
      summary: 'Record an applicant’s equality monitoring answers (a missing answer leaves the held one unchanged). Returns only which questions are answered.',
      params: Id, body: EqualityFormSchema, response: MonitoringStatusSchema, errors: [404, 409],
    }, async ({ params, body, res }) => service.record(actorFrom(res), idParam(params.id), body));
    return router;
  };
}
