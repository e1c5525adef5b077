import type { VettingFeature, VettingFeatureDeps } from '../features.js';

export function createPreEmploymentFeature(_deps: VettingFeatureDeps): VettingFeature {
  return { name: 'pre-employment' };
}
