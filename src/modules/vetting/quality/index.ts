import type { HomeCard } from '../../../platform/module.js';
import type { VettingFeature, VettingFeatureDeps } from '../features.js';
import { VETTING_EVENTS } from '../service.js';
import { qualityApi } from './api.js';
import { QualityRepository } from './data.js';
import { qualityNavigation, qualityRoutes } from './routes.js';
import { qaState, selectionSummary } from './presenters.js';
import { FINDING_LABELS } from './sampling.js';
import { QualityService } from './service.js';

/**
 * Quality assurance (dip sampling) of vetting decisions: refusals and clearances on adverse information enter a pool
 * as they are decided, a configurable share is sampled, senior vetting advisors record findings and feedback, decision
 * makers see the feedback, and the force vetting manager sees sample rates, findings and learning themes.
 */
export function createQualityFeature(deps: VettingFeatureDeps): VettingFeature {
  const service = new QualityService(deps, new QualityRepository(deps.db));
  deps.bus.subscribe('vetting.quality-pool', [VETTING_EVENTS.decisionRecorded], async (event, tx) => void (await service.onDecisionRecorded(event.payload, tx)));

  return {
    name: 'quality',
    routes: qualityRoutes(service),
    api: qualityApi(service),
    navigation: qualityNavigation,
    applicationSections: [{
      id: 'quality',
      title: 'Quality assurance',
      load: async (actor, applicationId) => {
        const qa = await service.applicationSection(actor, applicationId);
        return qa && { template: 'vetting/quality/views/section.njk', context: {
          ...qa, findingLabels: FINDING_LABELS, state: qa.entry && qaState(qa.entry), selectionSummary: qa.entry && selectionSummary(qa.entry),
        } };
      },
    }],
    homeCards: async (actor) => {
      const summary = await service.homeSummary(actor);
      if (!summary) return [];
      const cards: HomeCard[] = [{ title: 'QA feedback on your decisions', template: 'vetting/quality/views/home-feedback.njk', context: { feedback: summary.feedback, findingLabels: FINDING_LABELS } }];
      if (summary.awaiting) {
        cards.push({ title: 'Decisions awaiting quality assurance', template: 'vetting/quality/views/home-work.njk', context: { awaiting: summary.awaiting, referrals: summary.referrals } });
      }
      return cards;
    },
  };
}

export { QualityService } from './service.js';
