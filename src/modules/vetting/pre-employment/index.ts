import type { VettingFeature, VettingFeatureDeps } from '../features.js';
import { preEmploymentApi } from './api.js';
import { PreEmploymentRepository } from './data.js';
import { sectionRows, summaryWarnings } from './presenters.js';
import { preEmploymentRoutes } from './routes.js';
import { PreEmploymentService } from './service.js';

/** The platform's default upload limit (PROBITY_UPLOAD_LIMIT_MB, 25 MB), for tests that build the feature without configuration. */
const DEFAULT_UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024;
/**
 * Pre-employment checks: employment history with its gaps, qualifications claimed and verified, and vetting interviews
 * with their records. Pages under /vetting/applications/:id/pre-employment, a summary section on the application page,
 * and the API under /api/v1/vetting/applications/:id/….
 */
export function createPreEmploymentFeature(deps: VettingFeatureDeps): VettingFeature {
  const service = new PreEmploymentService(deps.db, new PreEmploymentRepository(deps.db), deps.audit, deps.settings, deps.vetting, deps.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES);
  return {
    name: 'pre-employment',
    routes: preEmploymentRoutes(service),
    api: preEmploymentApi(service),
    applicationSections: [{
      id: 'pre-employment',
      title: 'Pre-employment checks',
      load: async (actor, applicationId) => {
        const summary = await service.summary(actor, applicationId);
        return summary && {
          template: 'vetting/pre-employment/views/section.njk',
          context: { applicationId, frozen: summary.frozen, rows: sectionRows(summary), warnings: summaryWarnings(summary) },
        };
      },
    }],
  };
}
