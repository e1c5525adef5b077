import { Router } from 'express';
import type { ConductFeature, ConductFeatureDeps } from '../features.js';
import { hearingsApi } from './api.js';
import { HearingsRepository } from './data.js';
import { label } from './presenters.js';
import { hearingsPublicRoutes, hearingsRoutes } from './routes.js';
import { HearingsService } from './service.js';

export { HEARINGS_SETTING_DEFINITIONS } from './settings.js';

/**
 * Misconduct meetings and hearings (panels as the regulations in force require, outcomes through the core, the chair's
 * report and appeal route, the barred list), the public page of hearings, and letters to complainants with review rights.
 */
export function createHearingsFeature(deps: ConductFeatureDeps): ConductFeature {
  const service = new HearingsService(deps, new HearingsRepository(deps.db));
  const routes = Router();
  routes.use(hearingsRoutes(service));
  return {
    name: 'hearings',
    routes,
    publicRoutes: hearingsPublicRoutes(service),
    api: (registry) => hearingsApi(service)(registry),
    caseSections: [{
      id: 'hearings',
      title: 'Meetings, hearings and letters to complainants',
      load: async (actor, caseId) => {
        const section = await service.section(actor, caseId);
        return section && { template: 'conduct/hearings/views/section.njk', context: { ...section, caseId, label } };
      },
    }],
    finalisationBlockers: (caseId, tx) => service.finalisationBlockers(caseId, tx),
  };
}
