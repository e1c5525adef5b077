import { Router } from 'express';
import { canAny, viewerScope } from '../../../platform/access/policy.js';
import { DAY, type Job } from '../../../platform/jobs/scheduler.js';
import type { HomeCard } from '../../../platform/module.js';
import type { VettingFeature, VettingFeatureDeps } from '../features.js';
import { createReviews } from '../reviews/index.js';
import { complianceApi } from './api.js';
import { ComplianceRepository } from './data.js';
import { PERSON_EVENTS, POST_CHANGED, PostholderProjection } from './projection.js';
import { complianceRoutes } from './routes.js';
import { ComplianceService } from './service.js';

/**
 * Compliance lists and review triggers: a vetting-owned projection of postholders kept current from workforce
 * events, the lists built on it, and the review triggers (expiry, periodic PND re-check, change of circumstances)
 * with the jobs that run them. `jobs` is for the platform scheduler (see src/platform/jobs).
 */
export function createComplianceFeature(deps: VettingFeatureDeps): VettingFeature & { jobs: Job[] } {
  const projection = new PostholderProjection(deps.db, deps.people);
  deps.bus.subscribe('vetting.compliance-projection', [...PERSON_EVENTS, POST_CHANGED], async (event, tx) => {
    if (event.type === POST_CHANGED) await projection.onPostChanged(event.payload, tx);
    else await projection.onPersonChanged(typeof event.payload.personId === 'string' ? event.payload.personId : undefined, tx);
  });
  const compliance = new ComplianceService(new ComplianceRepository(deps.db), projection, deps.audit);
  const reviews = createReviews(deps);

  const routes = Router();
  routes.use(complianceRoutes(compliance));
  routes.use(reviews.routes);

  return {
    name: 'compliance',
    routes,
    api: (registry) => {
      const router = Router();
      router.use(complianceApi(compliance)(registry));
      router.use(reviews.api(registry));
      return router;
    },
    navigation: (viewer) => [
      ...(canAny(viewer, 'read', 'vetting_case') ? [{ text: 'Compliance', href: '/vetting/compliance' }] : []),
      ...(viewerScope(viewer, 'circumstance_declaration', 'read') === 'all' ? [{ text: 'Change-of-circumstances declarations', href: '/vetting/circumstances' }] : []),
    ],
    homeCards: async (actor) => {
      const cards: HomeCard[] = [];
      if (actor.viewer.roles.includes('force_vetting_manager')) {
        const [counts, waiting, reminders] = await Promise.all([compliance.counts(actor), reviews.declarations.waiting(actor), compliance.reminders(actor, 7)]);
        cards.push({ title: 'Vetting compliance', template: 'vetting/compliance/views/home-manager.njk', context: { counts, waiting, reminders: reminders.slice(0, 5), moreReminders: reminders.length > 5 } });
      }
      return [...cards, ...(await reviews.homeCards(actor))];
    },
    jobs: complianceJobs(deps, projection),
  };
}

/**
 * The feature's scheduled jobs. The CLI and tests build them from the same dependencies without the feature (whose
 * event subscriptions may be registered once per bus only).
 */
export function complianceJobs(deps: VettingFeatureDeps, projection = new PostholderProjection(deps.db, deps.people)): Job[] {
  const reviews = createReviews(deps);
  return [
    {
      name: 'vetting.expiry-reminders', intervalMs: DAY,
      description: 'Records reminders 90, 60 and 30 days before a clearance expires and opens the renewal review',
      run: async () => ({ filled: await projection.ensureFilled(), ...(await reviews.expiry.run()) }),
    },
    {
      name: 'vetting.pnd-rechecks', intervalMs: DAY,
      description: 'Opens a review for people whose last PND check is older than the re-check interval (a batch a day)',
      run: async () => ({ filled: await projection.ensureFilled(), ...(await reviews.pnd.run()) }),
    },
    {
      name: 'vetting.compliance-reconcile', intervalMs: 7 * DAY,
      description: 'Rebuilds the postholder projection from the workforce directory, and re-derives current clearances and decision-time counts from the decisions (catches what an event, a correction or a bulk load with triggers off missed)',
      run: async () => {
        const postholders = await projection.rebuild();
        const clearances = await deps.db.transaction(async (tx) => {
          await tx.query('select 1 from vetting_refresh_current_clearance(array(select distinct person_id from vetting_applications where person_id is not null))');
          await tx.query('select 1 from vetting_recount_decision_times()');
          const [r] = await tx.query<{ n: number }>('select count(*)::int as n from vetting_current_clearance');
          return r!.n;
        });
        return { postholders, clearances };
      },
    },
  ];
}
