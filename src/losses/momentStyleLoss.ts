import * as tf from '@tensorflow/tfjs-core';
import { featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import { assertNonNegativeFinite } from '../internal/validate';
import type { FeatureMap } from '../types';
import { blendedMoments, featureMoments } from './internal/featureMoments';
import { normaliseStyleSources, styleLayerFeatures } from './internal/styleSources';
import type { StyleSource } from './styleLoss';
import type { FeatureLoss } from './types';

/**
 * Options of {@link momentStyleLoss}.
 *
 * @example
 * ```ts
 * const options: MomentStyleLossOptions = { layers: { conv1_1: 1, conv2_1: 1 }, meanWeight: 1, covarianceWeight: 1 };
 * ```
 * @category Losses
 */
export interface MomentStyleLossOptions {
  /** Layer → weight w_l; default 1 for every layer the styles provide. The loss is Σ w_l E_l. */
  readonly layers?: Readonly<Record<string, number>>;
  /** Weight α (>= 0) of the mean term ‖μ − μ_s‖²; default 1. */
  readonly meanWeight?: number;
  /** Weight β (>= 0) of the covariance term ‖Σ − Σ_s‖²_F; default 1. */
  readonly covarianceWeight?: number;
}

/**
 * Builds the moment-matching style loss: at each layer, `E_l = α ‖μ − μ_s‖² + β ‖Σ − Σ_s‖²_F`, the squared
 * distances between the means and between the covariances (over positions, divided by the position count) of
 * the generated and the style features. Unlike the Gram matrix, which mixes the two (G/P = Σ + μμᵀ), it
 * weighs them separately; Li et al., "Demystifying Neural Style Transfer" (IJCAI 2017) show Gram matching is a
 * maximum mean discrepancy and that matching such statistics transfers style. The loss is `Σ_l w_l E_l`,
 * averaged over the images of a batch. Several styles are blended by weight in moment space:
 * `μ_s = Σ w_i μ_i / Σ w_i`, `Σ_s = Σ w_i Σ_i / Σ w_i`. A style batch counts as one set of positions.
 *
 * @param styles - One style image's feature maps, or several {@link StyleSource}s to blend. The target
 *   moments are computed once here; the caller may dispose the feature maps afterwards.
 * @param options - Per-layer weights and the weights α, β of the two terms.
 * @returns A {@link FeatureLoss}; call it with the generated image's features (any spatial size).
 * @throws {@link StylegradError} for no styles, a style missing a layer, styles with different channel counts,
 *   negative or all-zero blend weights, non-finite features, a negative layer or term weight; and, when
 *   called, for a missing layer or a channel mismatch.
 * @example
 * ```ts
 * const loss = momentStyleLoss(extractor.extract(styleImage, ['conv1_1', 'conv2_1', 'conv3_1']));
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function momentStyleLoss(styles: FeatureMap | readonly StyleSource[], options: MomentStyleLossOptions = {}): FeatureLoss {
  const fn = 'momentStyleLoss';
  const sources = normaliseStyleSources(fn, styles);
  const { meanWeight = 1, covarianceWeight = 1 } = options;
  assertNonNegativeFinite(fn, 'options.meanWeight', meanWeight);
  assertNonNegativeFinite(fn, 'options.covarianceWeight', covarianceWeight);
  const weights = resolveLayerWeights(fn, options.layers, Object.keys(sources[0]?.features ?? {}));
  const targets = new Map<string, { mean: tf.Tensor2D; covariance: tf.Tensor3D }>();
  for (const [layer] of weights) {
    const features = styleLayerFeatures(fn, sources, layer);
    const { mean, covariance } = tf.tidy('momentStyleLoss.target', () => blendedMoments(features, sources.map((s) => s.weight)));
    targets.set(layer, { mean: tf.keep(mean), covariance: tf.keep(covariance) });
  }
  const owned = [...targets.values()].flatMap(({ mean, covariance }) => [mean, covariance]);
  return featureLossHandle(fn, weights.map(([layer]) => layer), owned, (features) => {
    const checked = weights.map(([layer, weight]) => {
      const target = targets.get(layer) as { mean: tf.Tensor2D; covariance: tf.Tensor3D };
      return { feature: featureFor(fn, features, layer, target.mean, false), target, weight };
    });
    return tf.tidy('momentStyleLoss', () => {
      const perLayer = checked.map(({ feature, target, weight }) => {
        const { mean, covariance } = featureMoments(feature, false);
        const meanTerm = tf.sum(tf.squaredDifference(mean, target.mean), 1);
        const covarianceTerm = tf.sum(tf.squaredDifference(covariance, target.covariance), [1, 2]);
        return tf.mul(tf.mean(tf.add(tf.mul(meanTerm, meanWeight), tf.mul(covarianceTerm, covarianceWeight))), weight);
      });
      return tf.addN(perLayer) as tf.Scalar;
    });
  });
}
