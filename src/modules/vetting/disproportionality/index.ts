import { canAny } from '../../../platform/access/policy.js';
import { HttpError } from '../../../platform/http/errors.js';
import type { VettingFeature, VettingFeatureDeps } from '../features.js';
import { ASKED_KEYS } from './characteristics.js';
import { disproportionalityApi } from './api.js';
import { disproportionalityRoutes } from './routes.js';
import { APPLICATION_CREATED, DisproportionalityService } from './service.js';

export { disproportionalityReport, disproportionalityOverview } from './data.js';

/**
 * Disproportionality: equality monitoring per application (copied from HR, or from an external applicant's form;
 * never shown back to anyone), and the aggregate report of refusals, conditions and upheld appeals by protected
 * characteristic, with relative rates, confidence intervals, Fisher's exact p-values, charts and CSV.
 */
export function createDisproportionalityFeature(deps: VettingFeatureDeps): VettingFeature {
  const service = new DisproportionalityService(deps);
  deps.bus.subscribe('vetting.equality-monitoring', [APPLICATION_CREATED], (event, tx) => service.onApplicationCreated(event.payload, tx));

  return {
    name: 'disproportionality',
    routes: disproportionalityRoutes(service),
    api: disproportionalityApi(service),
    applicationSections: [{
      id: 'equality-monitoring',
      title: 'Equality monitoring',
      // Only for those who record the answers; it says whether answers are held, never what they are.
      load: async (actor, applicationId) => {
        if (!canAny(actor.viewer, 'update', 'protected_characteristics')) return undefined;
        try {
          const { status } = await service.status(actor, applicationId);
          return { template: 'vetting/disproportionality/views/section.njk', context: { applicationId, recorded: ASKED_KEYS.some((k) => status.answered[k]) } };
        } catch (err) {
          if (err instanceof HttpError) return undefined;
          throw err;
        }
      },
    }],
    navigation: (viewer) => (canAny(viewer, 'read', 'aggregate_report') ? [{ text: 'Disproportionality report', href: '/vetting/disproportionality' }] : []),
    // Roles without the Vetting menu (OPCC scrutiny and auditors read the report; HR records monitoring forms)
    // reach this feature through a card on their home page.
    homeCards: async ({ viewer }) => {
      if (canAny(viewer, 'read', 'vetting_case')) return [];
      const report = canAny(viewer, 'read', 'aggregate_report');
      const record = canAny(viewer, 'update', 'protected_characteristics');
      return report || record ? [{ title: 'Vetting equality monitoring', template: 'vetting/disproportionality/views/home-card.njk', context: { report, record } }] : [];
    },
  };
}
