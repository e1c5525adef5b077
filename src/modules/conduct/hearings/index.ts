import type { ConductFeature, ConductFeatureDeps } from '../features.js';

export function createHearingsFeature(_deps: ConductFeatureDeps): ConductFeature {
  return { name: 'hearings' };
}
