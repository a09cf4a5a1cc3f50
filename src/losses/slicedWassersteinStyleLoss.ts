import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import { describe } from '../internal/validate';
import type { FeatureMap } from '../types';
import { resampleSorted } from './internal/resampleSorted';
import { seededDirections } from './internal/seededDirections';
import { sortRows } from './internal/sortRows';
import { normaliseStyleSources, styleLayerFeatures } from './internal/styleSources';
import type { StyleSource } from './styleLoss';
import type { FeatureLoss } from './types';

/**
 * Options of {@link slicedWassersteinStyleLoss}.
 *
 * @example
 * ```ts
 * const options: SlicedWassersteinStyleLossOptions = { layers: { conv1_1: 1, conv2_1: 1 }, projections: 64, seed: 7 };
 * ```
 * @category Losses
 */
export interface SlicedWassersteinStyleLossOptions {
  /** Layer → weight w_l; default 1 for every layer the styles provide. The loss is Σ w_l E_l. */
  readonly layers?: Readonly<Record<string, number>>;
  /**
   * Random directions K per layer and evaluation (an integer >= 1); default the layer's channel count C, the
   * choice of Heitz et al.'s reference code (64 at conv1_1, 512 at conv5_1 of VGG-19).
   */
  readonly projections?: number;
  /** Seed (an integer in [0, 2³²)) of the directions' generator; default 0. */
  readonly seed?: number;
}

/**
 * Builds the sliced Wasserstein style loss of Heitz et al., "A Sliced Wasserstein Loss for Neural Texture
 * Synthesis" (CVPR 2021): at each layer, the generated and the style feature vectors (one per position) are
 * projected onto K random unit directions, each projection is sorted, and the sorted values are compared:
 * `E_l = mean_{k,i} (sort(F v_k)_i − q_k(i))²`, with `q_k` the style's sorted projections. It matches the whole
 * distribution of each projection, not only its second moments as the Gram loss does. The loss is
 * `Σ_l w_l E_l`, averaged over the images of a batch.
 *
 * Fresh directions are drawn at every call, from a generator seeded by `options.seed`: the sequence of
 * values a loss returns is the same for the same seed, so an optimisation is reproducible; two calls with
 * the same features give different values (each is an unbiased sample of the sliced distance).
 *
 * When the style has M positions and the generated image N ≠ M, the style's sorted projections are read at
 * N evenly spaced quantiles with linear interpolation (Hyndman–Fan definition 7). Several styles are blended
 * by weight in quantile space, `q_k = Σ_s w_s q_k^s / Σ w_s`: in one dimension this is the Wasserstein-2
 * barycentre of the styles' projected distributions. A style batch counts as one set of positions.
 *
 * @param styles - One style image's feature maps, or several {@link StyleSource}s to blend. The loss keeps
 *   copies; the caller may dispose the feature maps afterwards.
 * @param options - Per-layer weights, the number of projections and the seed.
 * @returns A {@link FeatureLoss}; call it with the generated image's features (any spatial size).
 * @throws {@link StylegradError} for no styles, a style missing a layer, styles with different channel counts,
 *   negative or all-zero blend weights, non-finite features, a negative layer weight, `projections` not an
 *   integer >= 1, `seed` not an integer in [0, 2³²); and, when called, for a missing layer or a channel mismatch.
 * @example
 * ```ts
 * const style = extractor.extract(styleImage, ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1']);
 * const loss = slicedWassersteinStyleLoss(style, { seed: 1 });
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function slicedWassersteinStyleLoss(
  styles: FeatureMap | readonly StyleSource[],
  options: SlicedWassersteinStyleLossOptions = {},
): FeatureLoss {
  const fn = 'slicedWassersteinStyleLoss';
  const sources = normaliseStyleSources(fn, styles);
  const { projections, seed = 0 } = options;
  if (projections !== undefined && !(Number.isInteger(projections) && projections >= 1)) {
    throw new StylegradError(fn, 'options.projections', `must be an integer >= 1; got ${describe(projections)}.`);
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) {
    throw new StylegradError(fn, 'options.seed', `must be an integer in [0, 2^32); got ${describe(seed)}.`);
  }
  const weights = resolveLayerWeights(fn, options.layers, Object.keys(sources[0]?.features ?? {}));
  const totalBlend = sources.reduce((sum, source) => sum + source.weight, 0);
  const blend = sources.map((source) => source.weight / totalBlend);
  const targets = new Map<string, tf.Tensor3D[]>();
  for (const [layer] of weights) {
    const features = styleLayerFeatures(fn, sources, layer);
    targets.set(layer, features.map((feature) => tf.keep(tf.tidy('slicedWassersteinStyleLoss.target', () => {
      const [batch, height, width, channels] = feature.shape;
      return tf.reshape<tf.Rank.R3>(feature, [1, batch * height * width, channels]);
    }))));
  }
  const draw = seededDirections(seed);
  return featureLossHandle(fn, weights.map(([layer]) => layer), [...targets.values()].flat(), (features) => {
    const checked = weights.map(([layer, weight]) => {
      const styleFeatures = targets.get(layer) as tf.Tensor3D[];
      return { feature: featureFor(fn, features, layer, styleFeatures[0] as tf.Tensor3D, false), styleFeatures, weight };
    });
    return tf.tidy('slicedWassersteinStyleLoss', () => {
      const perLayer = checked.map(({ feature, styleFeatures, weight }) => {
        const [batch, height, width, channels] = feature.shape;
        const count = projections ?? channels;
        const directions = tf.tensor2d(draw(channels, count), [channels, count]);
        const n = height * width;
        const project = (rows: tf.Tensor2D): tf.Tensor2D => tf.transpose(tf.matMul<tf.Tensor2D>(rows, directions)); // [K, rows]
        const target = tf.addN(styleFeatures.map((style, s) =>
          tf.mul(resampleSorted(sortRows(project(tf.squeeze<tf.Tensor2D>(style, [0]))), n), blend[s] as number)));
        const generated = tf.stack(Array.from({ length: batch }, (_, b) => sortRows(project(
          tf.reshape<tf.Rank.R2>(tf.slice(feature, [b, 0, 0, 0], [1, height, width, channels]), [n, channels])))));
        return tf.mul(tf.mean(tf.squaredDifference(generated, tf.expandDims(target, 0))), weight);
      });
      return tf.addN(perLayer) as tf.Scalar;
    });
  });
}
