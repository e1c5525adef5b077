import type { VettingFeature, VettingFeatureDeps } from '../features.js';

export function createQualityFeature(_deps: VettingFeatureDeps): VettingFeature {
  return { name: 'quality' };
}
