import type { VettingFeature, VettingFeatureDeps } from '../features.js';

export function createComplianceFeature(_deps: VettingFeatureDeps): VettingFeature {
  return { name: 'compliance' };
}
