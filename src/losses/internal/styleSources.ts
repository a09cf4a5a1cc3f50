// Shared by the style losses: validates the `styles` argument (one feature map or weighted sources) and reads
// one layer's style features, checked for presence, finiteness and a common channel count.
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { assertFeatureMap } from '../../internal/layerWeights';
import { assertFiniteValues, assertNonNegativeFinite, describe } from '../../internal/validate';
import type { FeatureMap } from '../../types';
import type { StyleSource } from '../styleLoss';

/** One feature map as a single source of weight 1, or validated weighted sources (not all weights 0). */
export function normaliseStyleSources(fn: string, styles: FeatureMap | readonly StyleSource[]): StyleSource[] {
  if (!Array.isArray(styles)) {
    assertFeatureMap(fn, 'styles', styles);
    return [{ features: styles as FeatureMap, weight: 1 }];
  }
  const sources = styles as readonly unknown[];
  if (sources.length === 0) throw new StylegradError(fn, 'styles', 'must hold at least one style.');
  sources.forEach((source, index) => {
    if (typeof source !== 'object' || source === null || !('features' in source) || !('weight' in source)) {
      throw new StylegradError(fn, `styles[${index}]`, `must be { features, weight }; got ${describe(source)}.`);
    }
    assertFeatureMap(fn, `styles[${index}].features`, source.features);
    assertNonNegativeFinite(fn, `styles[${index}].weight`, source.weight);
  });
  const typed = sources as readonly StyleSource[];
  if (typed.every((source) => source.weight === 0)) {
    throw new StylegradError(fn, 'styles', 'blend weights must not all be 0.');
  }
  return [...typed];
}

/** Every source's feature map at `layer`: present, finite, and all with one channel count. */
export function styleLayerFeatures(fn: string, sources: readonly StyleSource[], layer: string): tf.Tensor4D[] {
  return sources.map((source, index) => {
    const feature = source.features[layer];
    if (feature === undefined) {
      throw new StylegradError(fn, `styles[${index}].features.${layer}`, 'is missing; every style must provide every style layer.');
    }
    assertFiniteValues(fn, `styles[${index}].features.${layer}`, feature);
    const channels = feature.shape[3];
    const first = (sources[0] as StyleSource).features[layer] as tf.Tensor4D;
    if (channels !== first.shape[3]) {
      throw new StylegradError(fn, `styles[${index}].features.${layer}`, `has ${channels} channels; styles[0] has ${first.shape[3]} at this layer.`);
    }
    return feature;
  });
}
