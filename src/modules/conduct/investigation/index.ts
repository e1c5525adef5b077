import type { ConductFeature, ConductFeatureDeps } from '../features.js';
import { investigationApi } from './api.js';
import { InvestigationRepository } from './data.js';
import { investigationNavigation, investigationRoutes, shared } from './routes.js';
import { InvestigationService } from './service.js';

/**
 * Investigations: a plan with terms of reference and lines of inquiry, endorsed by a supervisor before it proceeds
 * (wider inquiries pre-listed for prejudicial and improper behaviour); no finalisation while a line is open;
 * supervisory, inspector and monthly criminal-allegation reviews with overdue work lists; notices served on subjects;
 * the 12-month clock and why cases past it remain open.
 */
export function createInvestigationFeature(deps: ConductFeatureDeps): ConductFeature {
  const service = new InvestigationService(deps, new InvestigationRepository(deps.db));
  return {
    name: 'investigation',
    routes: investigationRoutes(service),
    api: investigationApi(service),
    navigation: investigationNavigation,
    caseSections: [{
      id: 'investigation',
      title: 'Investigation',
      load: async (actor, caseId) => {
        const view = await service.section(actor, caseId);
        return view && { template: 'conduct/investigation/views/section.njk', context: { ...view, ...shared } };
      },
    }],
    homeCards: async (actor) => {
      const summary = await service.homeSummary(actor);
      return summary ? [{ title: 'Investigations: reviews and plans', template: 'conduct/investigation/views/home-card.njk', context: { summary, label: shared.label } }] : [];
    },
    finalisationBlockers: (caseId, tx) => service.finalisationBlockers(caseId, tx),
  };
}

export { InvestigationService } from './service.js';
export { INVESTIGATION_SETTING_DEFINITIONS } from './settings.js';
