// Shared by contentLoss and styleLoss: turns the `layers` option into validated [layer, weight] pairs and
// checks the feature maps a loss is called with.
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { FeatureMap } from '../types';
import { assertNonNegativeFinite, assertTensorRank, describe } from './validate';

/** `options.layers` (layer -> weight) validated against the layers that have targets; default weight 1 each. */
export function resolveLayerWeights(
  fn: string,
  layers: Readonly<Record<string, number>> | undefined,
  available: readonly string[],
): [string, number][] {
  if (layers === undefined) return available.map((layer) => [layer, 1]);
  if (typeof layers !== 'object' || layers === null || Array.isArray(layers)) {
    throw new StylegradError(fn, 'options.layers', `must be an object mapping layer names to weights; got ${describe(layers)}.`);
  }
  const entries = Object.entries(layers);
  if (entries.length === 0) throw new StylegradError(fn, 'options.layers', 'must name at least one layer.');
  for (const [layer, weight] of entries) {
    if (!available.includes(layer)) {
      throw new StylegradError(fn, `options.layers.${layer}`, `has no target; layers with targets: ${available.join(', ')}.`);
    }
    assertNonNegativeFinite(fn, `options.layers.${layer}`, weight);
  }
  return entries;
}

/** Checks that a feature map record is non-empty and holds rank-4 tensors; returns its layer names. */
export function assertFeatureMap(fn: string, argument: string, features: unknown): string[] {
  if (typeof features !== 'object' || features === null || Array.isArray(features)) {
    throw new StylegradError(fn, argument, `must be an object mapping layer names to [B, H, W, C] tensors; got ${describe(features)}.`);
  }
  const layers = Object.keys(features);
  if (layers.length === 0) throw new StylegradError(fn, argument, 'must hold at least one layer.');
  for (const layer of layers) assertTensorRank(fn, `${argument}.${layer}`, (features as Record<string, unknown>)[layer], 4);
  return layers;
}

/**
 * The feature map a loss needs at call time, checked against its target: present, rank 4, same channels,
 * the same spatial size when `sameSize`, and a batch equal to the target's or broadcast from a target batch of 1.
 */
export function featureFor(
  fn: string,
  features: FeatureMap,
  layer: string,
  target: tf.Tensor,
  sameSize: boolean,
): tf.Tensor4D {
  const feature = (features as Partial<FeatureMap>)[layer];
  if (feature === undefined) {
    throw new StylegradError(fn, `features.${layer}`, `is missing; the loss reads layers ${describeKeys(features)} must include it.`);
  }
  assertTensorRank(fn, `features.${layer}`, feature, 4);
  const [batch, height, width, channels] = feature.shape;
  const [targetBatch, targetHeight, targetWidth] = target.shape;
  const targetChannels = target.shape[target.rank - 1];
  const sizeOk = !sameSize || (height === targetHeight && width === targetWidth);
  const batchOk = targetBatch === 1 || targetBatch === batch;
  if (channels !== targetChannels || !sizeOk || !batchOk) {
    const expected = sameSize
      ? `[${targetBatch === 1 ? 'any' : targetBatch}, ${targetHeight}, ${targetWidth}, ${targetChannels}]`
      : `[${targetBatch === 1 ? 'any' : targetBatch}, any, any, ${targetChannels}]`;
    throw new StylegradError(fn, `features.${layer}`, `has shape [${feature.shape.join(', ')}]; the target needs ${expected}.`);
  }
  return feature;
}

function describeKeys(features: FeatureMap): string {
  const keys = Object.keys(features);
  return keys.length === 0 ? '(none given)' : `(given: ${keys.join(', ')})`;
}
