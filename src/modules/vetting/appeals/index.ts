import type { VettingFeature, VettingFeatureDeps } from '../features.js';

export function createAppealsFeature(_deps: VettingFeatureDeps): VettingFeature {
  return { name: 'appeals' };
}
