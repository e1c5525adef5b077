import type { ConductFeature, ConductFeatureDeps } from '../features.js';
import { reportingApi } from './api.js';
import { ReportingRepository } from './data.js';
import { reportingNavigation, reportingRoutes } from './routes.js';
import { ReportingService } from './service.js';

/**
 * Reporting: case lists and work lists with every filter, timeliness (days to record, assess and finalise by month)
 * and volumes (aggregate, no personal data), formula-safe CSV exports, and the review of prejudicial and improper
 * behaviour allegations as a recorded audit exercise with findings.
 */
export function createReportingFeature(deps: ConductFeatureDeps): ConductFeature {
  const service = new ReportingService(deps, new ReportingRepository(deps.db));
  return {
    name: 'reporting',
    routes: reportingRoutes(service, { rules: () => deps.conduct.rules() }),
    api: reportingApi(service),
    navigation: reportingNavigation,
  };
}

export { ReportingService } from './service.js';
export { ReportingRepository } from './data.js';
