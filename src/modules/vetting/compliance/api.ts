import { Router } from 'express';
import { actorFrom } from '../../../platform/access/guard.js';
import { apiRoute } from '../../../platform/http/api-route.js';
import type { OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import { z } from '../../../platform/openapi/registry.js';
import { LISTS } from './data.js';
import { filterOf, LIST_TITLES } from './routes.js';
import { BacklogQuerySchema, BacklogSchema, ComplianceListSchema, ListQuerySchema, RemindersSchema } from './schema.js';
import { DEFAULT_MONTHS, type ComplianceService } from './service.js';

const LIST_NOTES: Record<(typeof LISTS)[number], string> = {
  postholders: 'every serving postholder: the post’s required level against the holder’s current clearance (compliant, under_vetted, no_clearance, expired)',
  'under-vetted': 'holders of designated posts whose clearance does not meet the post’s level, has expired or does not exist',
  'no-clearance': 'serving people without a clearance in date, whether or not they hold a post',
  expiring: 'clearances expiring within `days` days (default 90), soonest first, with the reminders recorded and whether a review is open',
};

export function complianceApi(service: ComplianceService) {
  return (registry: OpenAPIRegistry) => {
    const router = Router();
    for (const list of LISTS) {
      apiRoute(router, registry, {
        method: 'get', path: `/v1/vetting/compliance/${list}`, tag: 'Vetting compliance',
        summary: `${LIST_TITLES[list]}: ${LIST_NOTES[list]}. Never includes the caller, nor a clearance sealed from them (audited)`,
        query: ListQuerySchema, response: ComplianceListSchema,
      }, async ({ query, res }) => service.list(actorFrom(res), list, filterOf(query), query.page, query.pageSize));
    }

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/compliance/backlog', tag: 'Vetting compliance',
      summary: 'Open applications by age band, the median and 90th percentile days from receipt to final decision by month (last `months` months, default 12), and the open applications the caller may see, oldest first',
      query: BacklogQuerySchema, response: BacklogSchema,
    }, async ({ query, res }) => service.backlog(actorFrom(res), query.months ?? DEFAULT_MONTHS, query.page, query.pageSize));

    apiRoute(router, registry, {
      method: 'get', path: '/v1/vetting/compliance/reminders', tag: 'Vetting compliance', summary: 'Expiry reminders recorded in the last `days` days (default 30), newest first',
      query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }), response: RemindersSchema,
    }, async ({ query, res }) => ({ reminders: await service.reminders(actorFrom(res), query.days) }));
    return router;
  };
}
