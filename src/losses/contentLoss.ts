import * as tf from '@tensorflow/tfjs-core';
import { assertFeatureMap, featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import { assertFiniteValues, assertOneOf } from '../internal/validate';
import type { FeatureMap } from '../types';
import type { FeatureLoss } from './types';

/**
 * How {@link contentLoss} reduces the squared feature differences (docs/losses.md):
 * `'halfSum'` = ½ Σ (F − P)² (Gatys et al. 2015; the Keras VGG-16 notebook's text); `'mean'` = Σ (F − P)² / (B·H·W·C)
 * (Wang, Guo & Lu eq. 1, the Keras VGG-16 notebook's code, the PyTorch tutorial's `mse_loss`); `'sum'` = Σ (F − P)².
 *
 * @example
 * ```ts
 * const reduction: ContentReduction = 'mean';
 * ```
 * @category Losses
 */
export type ContentReduction = 'halfSum' | 'mean' | 'sum';

const contentReductions: readonly ContentReduction[] = ['halfSum', 'mean', 'sum'];

/**
 * Options of {@link contentLoss}.
 *
 * @example
 * ```ts
 * const options: ContentLossOptions = { layers: { conv4_2: 1 }, reduction: 'halfSum' };
 * ```
 * @category Losses
 */
export interface ContentLossOptions {
  /** Layer → weight; default weight 1 for every target layer. The loss is Σ weight · E_layer. */
  readonly layers?: Readonly<Record<string, number>>;
  /** Default `'halfSum'`. */
  readonly reduction?: ContentReduction;
}

/**
 * Builds the content loss: how far an image's feature maps are from the content image's, at one or more
 * layers, `Σ_l w_l · reduce((F_l − P_l)²)`.
 *
 * @param targets - The content image's feature maps `P_l` by layer (`[1 or B, H, W, C]`). The loss keeps its
 *   own copies, so the caller may dispose these.
 * @param options - Per-layer weights and the reduction.
 * @returns A {@link FeatureLoss}; call it with the generated image's features (same spatial sizes and channels).
 * @throws {@link StylegradError} for an empty or non-rank-4 target, non-finite target values, an unknown
 *   reduction, a layer without a target, a negative weight; and, when called, for a missing layer or a shape
 *   that does not match its target.
 * @example
 * ```ts
 * const content = extractor.extract(contentImage, ['conv4_2']);
 * const loss = contentLoss(content, { reduction: 'halfSum' });
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function contentLoss(targets: FeatureMap, options: ContentLossOptions = {}): FeatureLoss {
  const fn = 'contentLoss';
  const available = assertFeatureMap(fn, 'targets', targets);
  const reduction = options.reduction ?? 'halfSum';
  assertOneOf(fn, 'options.reduction', reduction, contentReductions);
  const weights = resolveLayerWeights(fn, options.layers, available);
  const kept = new Map<string, tf.Tensor4D>();
  for (const [layer] of weights) {
    const target = targets[layer] as tf.Tensor4D;
    assertFiniteValues(fn, `targets.${layer}`, target);
    kept.set(layer, tf.keep(target.clone()));
  }
  return featureLossHandle(fn, weights.map(([layer]) => layer), [...kept.values()], (features) =>
    tf.tidy('contentLoss', () => {
      const perLayer = weights.map(([layer, weight]) => {
        const target = kept.get(layer) as tf.Tensor4D;
        const squared = tf.squaredDifference(featureFor(fn, features, layer, target, true), target);
        const reduced = reduction === 'mean' ? tf.mean(squared) : tf.sum(squared);
        return tf.mul(reduced, reduction === 'halfSum' ? weight / 2 : weight);
      });
      return tf.addN(perLayer) as tf.Scalar;
    }),
  );
}
