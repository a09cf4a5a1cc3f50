import * as tf from '@tensorflow/tfjs-core';
import { assertFeatureMap, featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import { assertSpatialMask, maskAsBatch, maskAtSize } from '../internal/spatialMask';
import { assertFiniteValues, assertNonNegativeFinite, assertOneOf } from '../internal/validate';
import type { FeatureMap } from '../types';
import type { ContentLossOptions, ContentReduction } from './contentLoss';
import type { FeatureLoss } from './types';

/**
 * Options of {@link maskedContentLoss}: those of {@link contentLoss} plus the content weight inside and outside
 * the stylised region.
 *
 * @example
 * ```ts
 * const options: MaskedContentLossOptions = { layers: { conv4_2: 1 }, inside: 1, outside: 10 };
 * ```
 * @category Losses
 */
export interface MaskedContentLossOptions extends ContentLossOptions {
  /** Content weight where the mask is 1 (stylised); default 1. */
  readonly inside?: number;
  /** Content weight where the mask is 0 (kept as the content); default 10. */
  readonly outside?: number;
}

const contentReductions: readonly ContentReduction[] = ['halfSum', 'mean', 'sum'];

/**
 * Builds a content loss weighted per position by where stylisation happens: at each layer the squared feature
 * difference is multiplied by `k_l = inside · m_l + outside · (1 − m_l)`, with `m_l` the stylisation mask brought
 * to the layer's size by following the pooling (see {@link layerMasks}). Outside the mask the content term is
 * `outside / inside` times stronger, which keeps the style (whose guided loss sees only the region, see
 * {@link guidedStyleLoss}) from spreading past the mask edge while optimising; {@link compositeMasked} then
 * puts back the exact content outside. Reductions as {@link contentLoss} (`'mean'` divides by B·H·W·C, not by
 * the mask's mass), so `inside = outside = 1` equals it.
 *
 * @param targets - The content image's feature maps by layer (`[1 or B, H, W, C]`); the loss keeps copies.
 * @param mask - The stylisation mask, values 0..1 (1 = stylise) at the content image's size: `[H, W]`,
 *   `[H, W, 1]` or `[1, H, W, 1]`, not all zero. The loss keeps its per-layer copies.
 * @param options - Per-layer weights, the reduction, the inside and outside weights.
 * @returns A {@link FeatureLoss}; call it with the generated image's features (same sizes as the targets).
 * @throws {@link StylegradError} for a bad mask (not single-channel, values outside 0..1, all zero), a negative
 *   or non-finite `inside`/`outside`, and the errors of {@link contentLoss}.
 * @example
 * ```ts
 * const content = extractor.extract(contentImage, ['conv4_2']);
 * const loss = maskedContentLoss(content, mask, { outside: 10 });
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function maskedContentLoss(targets: FeatureMap, mask: tf.Tensor, options: MaskedContentLossOptions = {}): FeatureLoss {
  const fn = 'maskedContentLoss';
  const available = assertFeatureMap(fn, 'targets', targets);
  assertSpatialMask(fn, 'mask', mask);
  const reduction = options.reduction ?? 'halfSum';
  assertOneOf(fn, 'options.reduction', reduction, contentReductions);
  const inside = options.inside ?? 1;
  const outside = options.outside ?? 10;
  assertNonNegativeFinite(fn, 'options.inside', inside);
  assertNonNegativeFinite(fn, 'options.outside', outside);
  const weights = resolveLayerWeights(fn, options.layers, available);
  for (const [layer] of weights) assertFiniteValues(fn, `targets.${layer}`, targets[layer] as tf.Tensor4D);
  const kept = new Map<string, { target: tf.Tensor4D; pixelWeights: tf.Tensor4D }>();
  for (const [layer] of weights) {
    const target = targets[layer] as tf.Tensor4D;
    const pixelWeights = tf.keep(tf.tidy('maskedContentLoss.weights', () => {
      const m = maskAtSize(maskAsBatch(mask), target.shape[1], target.shape[2]);
      return tf.add<tf.Tensor4D>(tf.mul(m, inside), tf.mul(tf.sub(1, m), outside));
    }));
    kept.set(layer, { target: tf.keep(target.clone()), pixelWeights });
  }
  const owned = [...kept.values()].flatMap(({ target, pixelWeights }) => [target, pixelWeights]);
  return featureLossHandle(fn, weights.map(([layer]) => layer), owned, (features) =>
    tf.tidy('maskedContentLoss', () => {
      const perLayer = weights.map(([layer, weight]) => {
        const { target, pixelWeights } = kept.get(layer) as { target: tf.Tensor4D; pixelWeights: tf.Tensor4D };
        const squared = tf.squaredDifference(featureFor(fn, features, layer, target, true), target);
        const weighted = tf.mul(squared, pixelWeights);
        const reduced = reduction === 'mean' ? tf.mean(weighted) : tf.sum(weighted);
        return tf.mul(reduced, reduction === 'halfSum' ? weight / 2 : weight);
      });
      return tf.addN(perLayer) as tf.Scalar;
    }),
  );
}
