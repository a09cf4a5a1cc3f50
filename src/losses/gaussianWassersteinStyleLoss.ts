import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import { describe } from '../internal/validate';
import type { FeatureMap } from '../types';
import { blendedMoments, featureMoments } from './internal/featureMoments';
import { sqrtmNewtonSchulz } from './internal/sqrtmNewtonSchulz';
import { normaliseStyleSources, styleLayerFeatures } from './internal/styleSources';
import type { StyleSource } from './styleLoss';
import type { FeatureLoss } from './types';

/**
 * Options of {@link gaussianWassersteinStyleLoss}.
 *
 * @example
 * ```ts
 * const options: GaussianWassersteinStyleLossOptions = { layers: { conv1_1: 1, conv2_1: 1 }, iterations: 15 };
 * ```
 * @category Losses
 */
export interface GaussianWassersteinStyleLossOptions {
  /** Layer → weight w_l; default 1 for every layer the styles provide. The loss is Σ w_l E_l. */
  readonly layers?: Readonly<Record<string, number>>;
  /**
   * Newton–Schulz iterations (an integer >= 1) for each matrix square root; default 20. Measured on VGG-19
   * covariances (Starry Night vs Tübingen at 128², float64 eigen-decomposition as reference), the relative
   * error of the loss value at 25 iterations is 9e-3 (conv1_1), 2e-3 to 3e-3 (conv2_1, conv3_1), 1e-3
   * (conv4_1) and 6e-5 (conv5_1); at 20 it is 1.5e-2 to 2.3e-3; at 15 4e-2 to 4e-3. More are not safe in float32: at 256² the
   * conv5_1 term diverged at 25 (−6.6e9 where 12–20 give 1.22e7), while 20 stay within 1.1% of 25 everywhere
   * else from 64² to 384² on two pairs (tables in docs/losses.md).
   */
  readonly iterations?: number;
}

/**
 * Builds the Gaussian Wasserstein style loss: at each layer the generated and the style features (one C-dim
 * vector per position) are fitted with Gaussians N(μ, Σ) and compared by their squared 2-Wasserstein distance
 * (Dowson & Landau 1982; Givens & Shortt 1984), `E_l = ‖μ − μ_s‖² + tr(Σ + Σ_s − 2 (Σ_s^{1/2} Σ Σ_s^{1/2})^{1/2})`,
 * as in crowsonkb/style-transfer-pytorch and Mroueh, "Wasserstein Style Transfer" (AISTATS 2020). The matrix
 * square roots are computed by a differentiable Newton–Schulz iteration; Σ_s^{1/2} once, here. The loss is
 * `Σ_l w_l E_l`, averaged over the images of a batch. Several styles are blended by weight in moment space:
 * `μ_s = Σ w_i μ_i / Σ w_i`, `Σ_s = Σ w_i Σ_i / Σ w_i`. A style batch counts as one set of positions.
 *
 * @param styles - One style image's feature maps, or several {@link StyleSource}s to blend. The target
 *   moments and Σ_s^{1/2} are computed once here; the caller may dispose the feature maps afterwards.
 * @param options - Per-layer weights and the Newton–Schulz iteration count.
 * @returns A {@link FeatureLoss}; call it with the generated image's features (any spatial size).
 * @throws {@link StylegradError} for no styles, a style missing a layer, styles with different channel counts,
 *   negative or all-zero blend weights, non-finite features, a negative layer weight, `iterations` not an
 *   integer >= 1; and, when called, for a missing layer or a channel mismatch.
 * @example
 * ```ts
 * const loss = gaussianWassersteinStyleLoss(extractor.extract(styleImage, ['conv1_1', 'conv2_1', 'conv3_1']));
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function gaussianWassersteinStyleLoss(
  styles: FeatureMap | readonly StyleSource[],
  options: GaussianWassersteinStyleLossOptions = {},
): FeatureLoss {
  const fn = 'gaussianWassersteinStyleLoss';
  const sources = normaliseStyleSources(fn, styles);
  const { iterations = 20 } = options;
  if (!(Number.isInteger(iterations) && iterations >= 1)) {
    throw new StylegradError(fn, 'options.iterations', `must be an integer >= 1; got ${describe(iterations)}.`);
  }
  const weights = resolveLayerWeights(fn, options.layers, Object.keys(sources[0]?.features ?? {}));
  const targets = new Map<string, { mean: tf.Tensor2D; root: tf.Tensor3D; trace: tf.Scalar }>();
  for (const [layer] of weights) {
    const features = styleLayerFeatures(fn, sources, layer);
    const target = tf.tidy('gaussianWassersteinStyleLoss.target', () => {
      const { mean, covariance } = blendedMoments(features, sources.map((s) => s.weight));
      return { mean, root: sqrtmNewtonSchulz(covariance, iterations), trace: tf.sum<tf.Scalar>(tf.mul(covariance, tf.eye(covariance.shape[1]))) };
    });
    targets.set(layer, { mean: tf.keep(target.mean), root: tf.keep(target.root), trace: tf.keep(target.trace) });
  }
  const owned = [...targets.values()].flatMap(({ mean, root, trace }) => [mean, root, trace]);
  return featureLossHandle(fn, weights.map(([layer]) => layer), owned, (features) => {
    const checked = weights.map(([layer, weight]) => {
      const target = targets.get(layer) as { mean: tf.Tensor2D; root: tf.Tensor3D; trace: tf.Scalar };
      return { feature: featureFor(fn, features, layer, target.mean, false), target, weight };
    });
    return tf.tidy('gaussianWassersteinStyleLoss', () => {
      const perLayer = checked.map(({ feature, target, weight }) => {
        const { mean, covariance } = featureMoments(feature, false);
        const identity = tf.eye(covariance.shape[1]);
        const trace = (m: tf.Tensor3D): tf.Tensor1D => tf.sum(tf.mul(m, identity), [1, 2]);
        const root = tf.tile<tf.Tensor3D>(target.root, [covariance.shape[0], 1, 1]);
        const cross = sqrtmNewtonSchulz(tf.matMul(tf.matMul(root, covariance), root), iterations);
        const meanTerm = tf.sum(tf.squaredDifference(mean, target.mean), 1);
        const w2 = tf.add(meanTerm, tf.sub(tf.add(trace(covariance), target.trace), tf.mul(trace(cross), 2)));
        return tf.mul(tf.mean(w2), weight);
      });
      return tf.addN(perLayer) as tf.Scalar;
    });
  });
}
