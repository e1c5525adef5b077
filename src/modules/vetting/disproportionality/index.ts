import type { VettingFeature, VettingFeatureDeps } from '../features.js';

export function createDisproportionalityFeature(_deps: VettingFeatureDeps): VettingFeature {
  return { name: 'disproportionality' };
}
