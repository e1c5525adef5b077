import type { ConductFeature, ConductFeatureDeps } from '../features.js';

export function createInvestigationFeature(_deps: ConductFeatureDeps): ConductFeature {
  return { name: 'investigation' };
}
