import * as tf from '@tensorflow/tfjs-core';
import { gramMatrix, type GramNormalization } from '../gram/gramMatrix';
import { featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import type { FeatureMap } from '../types';
import { normaliseStyleSources, styleLayerFeatures } from './internal/styleSources';
import { gramConventions } from './internal/gramConventions';
import type { FeatureLoss } from './types';

/**
 * How {@link styleLoss} reduces the squared Gram differences at each layer (docs/losses.md):
 * - `'sum'`: Σ (G − A)² (Wang, Guo & Lu eq. 3 with `'nm'` Grams);
 * - `'mean'`: Σ (G − A)² / (B·C²) (the Keras VGG-16 notebook's code and the PyTorch tutorial with `'chw'` Grams);
 * - `'gatys'`: Σ (G − A)² / (4 N² M²) on unnormalised Grams, N = C and M = H·W of the generated features
 *   (Gatys et al. 2015, "A Neural Algorithm of Artistic Style"). Requires `normalization: 'none'`, which is then the default.
 *
 * @example
 * ```ts
 * const reduction: StyleReduction = 'gatys';
 * ```
 * @category Losses
 */
export type StyleReduction = 'sum' | 'mean' | 'gatys';


/**
 * One style image's feature maps and its blend weight, for {@link styleLoss} with several styles.
 *
 * @example
 * ```ts
 * const styles: StyleSource[] = [{ features: starry, weight: 0.7 }, { features: scream, weight: 0.3 }];
 * ```
 * @category Losses
 */
export interface StyleSource {
  /** The style image's feature maps by layer (`[1, H, W, C]`; a larger batch is averaged in Gram space). */
  readonly features: FeatureMap;
  /** Blend weight (>= 0); the target Gram is Σ w_s A_s / Σ w_s. */
  readonly weight: number;
}

/**
 * Options of {@link styleLoss}.
 *
 * @example
 * ```ts
 * const options: StyleLossOptions = { layers: { conv1_1: 0.2, conv2_1: 0.2 }, normalization: 'chw', reduction: 'sum' };
 * ```
 * @category Losses
 */
export interface StyleLossOptions {
  /** Layer → weight w_l; default 1 for every layer the styles provide. The loss is Σ w_l E_l. */
  readonly layers?: Readonly<Record<string, number>>;
  /** Gram normalisation; default `'chw'`, or `'none'` with `reduction: 'gatys'`. */
  readonly normalization?: GramNormalization;
  /** Default `'sum'`. */
  readonly reduction?: StyleReduction;
}

/**
 * Builds the style loss: how far an image's Gram matrices are from the style's, over several layers with
 * per-layer weights, `Σ_l w_l · E_l`. Several style images are blended by weight in Gram space
 * (`A_l = Σ_s w_s A_l^s / Σ_s w_s`), as jcjohnson/neural-style does.
 *
 * @param styles - One style image's feature maps, or several {@link StyleSource}s to blend. The target Grams
 *   are computed once here; the caller may dispose the feature maps afterwards.
 * @param options - Per-layer weights, the Gram normalisation and the reduction.
 * @returns A {@link FeatureLoss}; call it with the generated image's features (any spatial size).
 * @throws {@link StylegradError} for no styles, a style missing a layer, negative or all-zero blend weights,
 *   non-finite features, an unknown normalisation or reduction, `'gatys'` with a normalised Gram, a layer
 *   without a target, a negative layer weight; and, when called, for a missing layer or a channel mismatch.
 * @example
 * ```ts
 * const style = extractor.extract(styleImage, ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1']);
 * const loss = styleLoss(style, { normalization: 'none', reduction: 'gatys' }); // Gatys 2015
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function styleLoss(styles: FeatureMap | readonly StyleSource[], options: StyleLossOptions = {}): FeatureLoss {
  const fn = 'styleLoss';
  const sources = normaliseStyleSources(fn, styles);
  const { reduction, normalization } = gramConventions(fn, options);
  const available = Object.keys(sources[0]?.features ?? {});
  const weights = resolveLayerWeights(fn, options.layers, available);
  const totalBlend = sources.reduce((sum, source) => sum + source.weight, 0);
  const targets = new Map<string, tf.Tensor3D>();
  for (const [layer] of weights) {
    styleLayerFeatures(fn, sources, layer);
    targets.set(layer, tf.keep(tf.tidy('styleLoss.target', () => {
      const blended = sources.map(({ features, weight }) =>
        tf.mul(tf.mean(gramMatrix(features[layer] as tf.Tensor4D, { normalization }), 0, true), weight / totalBlend));
      return tf.addN(blended) as tf.Tensor3D;
    })));
  }
  return featureLossHandle(fn, weights.map(([layer]) => layer), [...targets.values()], (features) =>
    tf.tidy('styleLoss', () => {
      const perLayer = weights.map(([layer, weight]) => {
        const target = targets.get(layer) as tf.Tensor3D;
        const feature = featureFor(fn, features, layer, target, false);
        const squared = tf.squaredDifference(gramMatrix(feature, { normalization }), target);
        if (reduction === 'mean') return tf.mul(tf.mean(squared), weight);
        const [, height, width, channels] = feature.shape;
        const scale = reduction === 'gatys' ? 1 / (4 * channels ** 2 * (height * width) ** 2) : 1;
        return tf.mul(tf.sum(squared), weight * scale);
      });
      return tf.addN(perLayer) as tf.Scalar;
    }),
  );
}
