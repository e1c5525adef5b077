import { Router } from 'express';
import type { ActorContext } from '../../../platform/access/guard.js';
import { canAny, viewerScope } from '../../../platform/access/policy.js';
import type { HomeCard } from '../../../platform/module.js';
import type { OpenAPIRegistry } from '../../../platform/openapi/registry.js';
import type { VettingFeatureDeps } from '../features.js';
import { declarationApi } from './api.js';
import { DeclarationService } from './declarations.js';
import { ExpiryReminders } from './expiry.js';
import { PndRechecks } from './pnd.js';
import { declarationRoutes } from './routes.js';

/**
 * Review triggers owned by the compliance feature: expiry approaching and the periodic PND re-check (run by the
 * scheduler), and change-of-circumstances declarations (self-service for staff, a work list for the vetting unit).
 * Misconduct outcomes and moves into a post needing a higher level are handled by the core vetting service.
 */
export function createReviews(deps: VettingFeatureDeps) {
  const declarations = new DeclarationService(deps);
  return {
    declarations,
    expiry: new ExpiryReminders(deps),
    pnd: new PndRechecks(deps),
    routes: declarationRoutes(declarations),
    api: (registry: OpenAPIRegistry): Router => declarationApi(declarations)(registry),
    homeCards: async (actor: ActorContext): Promise<HomeCard[]> => {
      const cards: HomeCard[] = [];
      if (actor.viewer.personId && canAny(actor.viewer, 'create', 'circumstance_declaration')) {
        cards.push({ title: 'Changes in your circumstances', template: 'vetting/reviews/views/home-declare.njk', context: {} });
      }
      // The manager sees these counts on the compliance card instead.
      if (viewerScope(actor.viewer, 'circumstance_declaration', 'update') === 'all' && !actor.viewer.roles.includes('force_vetting_manager')) {
        cards.push({ title: 'Change-of-circumstances declarations', template: 'vetting/reviews/views/home-unit.njk', context: await declarations.waiting(actor) });
      }
      return cards;
    },
  };
}
