import type { ConductFeature, ConductFeatureDeps } from '../features.js';

export function createReportingFeature(_deps: ConductFeatureDeps): ConductFeature {
  return { name: 'reporting' };
}
