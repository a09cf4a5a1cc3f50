import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFeatureMap, featureFor, resolveLayerWeights } from '../internal/layerWeights';
import { featureLossHandle } from './internal/lossHandle';
import { assertMaskSize, assertSpatialMask, maskAsBatch, maskAtSize } from '../internal/spatialMask';
import { assertFiniteValues, assertNonNegativeFinite, describe } from '../internal/validate';
import type { FeatureMap } from '../types';
import { guidedGram } from './internal/guidedGram';
import type { StyleLossOptions } from './styleLoss';
import { gramConventions } from './internal/gramConventions';
import type { FeatureLoss } from './types';

/**
 * One region of {@link guidedStyleLoss}: where it lies on the content (and generated) image, the style it takes,
 * and optionally where that style lies on the style image.
 *
 * @example
 * ```ts
 * const sky: GuidedStyleRegion = { contentMask: skyMask, style: starryFeatures, styleMask: starrySkyMask, weight: 1 };
 * ```
 * @category Losses
 */
export interface GuidedStyleRegion {
  /** Values 0..1 at the content image's size, `[H, W]`, `[H, W, 1]` or `[1, H, W, 1]`; every region's the same size. */
  readonly contentMask: tf.Tensor;
  /** The style image's feature maps by layer (`[1, H, W, C]`; a larger batch is averaged in Gram space). */
  readonly style: FeatureMap;
  /** Values 0..1 at the style image's size: the part of the style image this region copies. Default: all of it. */
  readonly styleMask?: tf.Tensor;
  /** The region's weight λ_r >= 0; default 1. */
  readonly weight?: number;
  /**
   * Style strength s in 0..1 (default 1): the region's target becomes `(1 − s) · G_r(content) + s · A_r`, with
   * `G_r(content)` the content image's guided Gram under this region's content mask (see {@link blendStyleTargets}).
   */
  readonly strength?: number;
  /** The content image's feature maps at the style layers; required when `strength` < 1. */
  readonly content?: FeatureMap;
}


/**
 * Builds the guided style loss of Gatys et al. 2017 ("Controlling Perceptual Factors in Neural Style Transfer",
 * §4): each content region r is matched to its own style, `Σ_r λ_r Σ_l w_l E_l^r`, where `E_l^r` compares guided
 * Gram matrices: the generated image's features weighted by the content mask, `G = (m ∘ F)ᵀ (m ∘ F)`, and the
 * style's weighted by the style mask, each normalised by its mask mass `M = Σ_p m(p)²` in place of `H·W`. Masks
 * follow the network's pooling down to each layer's size (see {@link layerMasks}); the content masks are brought
 * to the generated features' size at each call, so the loss works at every scale of a multi-scale run. With one
 * region, all-ones masks and weight 1 it equals {@link styleLoss} with the same options. A region's `strength`
 * moves its target towards the content's own region statistics, as {@link blendStyleTargets} does for styleLoss.
 *
 * @param regions - The regions, each with its content mask, style features, optional style mask and weight.
 *   The style targets are computed here; the caller may dispose the feature maps and masks afterwards.
 * @param options - Per-layer weights, the Gram normalisation and the reduction, as for {@link styleLoss}
 *   (`'gatys'` uses M = the content mask's mass at the layer).
 * @returns A {@link FeatureLoss}; call it with the generated image's features.
 * @throws {@link StylegradError} for no regions, a bad mask (not single-channel, values outside 0..1, all zero),
 *   content masks of different sizes, a style mask that vanishes at some layer, a region missing a layer,
 *   a negative weight, a strength outside 0..1 or below 1 without content features, and the errors of
 *   {@link styleLoss}.
 * @example
 * ```ts
 * const loss = guidedStyleLoss([
 *   { contentMask: sky, style: starry, styleMask: starrySky },
 *   { contentMask: ground, style: starry, styleMask: starryGround },
 * ], { layers: { conv1_1: 1, conv2_1: 1, conv3_1: 1 } });
 * const value = loss(extractor.extract(generated, loss.layers));
 * ```
 * @category Losses
 */
export function guidedStyleLoss(regions: readonly GuidedStyleRegion[], options: StyleLossOptions = {}): FeatureLoss {
  const fn = 'guidedStyleLoss';
  const { reduction, normalization } = gramConventions(fn, options);
  const checked = checkRegions(fn, regions);
  const weights = resolveLayerWeights(fn, options.layers, checked.layers);
  const owned: tf.Tensor[] = [];
  let targets: Map<string, tf.Tensor3D>[];
  try {
    targets = regions.map((region, r) => styleTargets(fn, region, r, weights, normalization, owned));
  } catch (error) {
    tf.dispose(owned);
    throw error;
  }
  const regionWeights = regions.map((region) => region.weight ?? 1);
  const contentMasks = regions.map((region) => tf.keep(tf.tidy('guidedStyleLoss.mask', () => maskAsBatch(region.contentMask).clone())));
  owned.push(...contentMasks);
  return featureLossHandle(fn, weights.map(([layer]) => layer), owned, (features) =>
    tf.tidy('guidedStyleLoss', () => {
      const terms = regionWeights.flatMap((regionWeight, r) => weights.map(([layer, weight]) => {
        const target = targets[r]?.get(layer) as tf.Tensor3D;
        const feature = featureFor(fn, features, layer, target, false);
        const [, height, width, channels] = feature.shape;
        const mask = maskAtSize(contentMasks[r] as tf.Tensor4D, height, width);
        const { gram, mass } = guidedGram(feature, mask, normalization);
        const squared = tf.squaredDifference(gram, target);
        const scale = weight * regionWeight;
        if (reduction === 'mean') return tf.mul(tf.mean(squared), scale);
        if (reduction === 'sum') return tf.mul(tf.sum(squared), scale);
        const gatys = tf.div(scale / (4 * channels ** 2), tf.maximum(tf.square(mass), 1e-30));
        return tf.mul(tf.sum(squared), gatys);
      }));
      return tf.addN(terms) as tf.Scalar;
    }),
  );
}

function checkRegions(fn: string, regions: unknown): { layers: string[] } {
  if (!Array.isArray(regions) || regions.length === 0) {
    throw new StylegradError(fn, 'regions', `must be a non-empty array of { contentMask, style, styleMask?, weight? }; got ${describe(regions)}.`);
  }
  let layers: string[] = [];
  let contentSize = { height: 0, width: 0 };
  (regions as readonly GuidedStyleRegion[]).forEach((region, r) => {
    if (typeof region !== 'object' || region === null) throw new StylegradError(fn, `regions[${r}]`, `must be { contentMask, style, styleMask?, weight? }; got ${describe(region)}.`);
    const size = assertSpatialMask(fn, `regions[${r}].contentMask`, region.contentMask);
    if (r === 0) contentSize = size;
    else assertMaskSize(fn, `regions[${r}].contentMask`, size, contentSize, "regions[0].contentMask's size (the content image)");
    const available = assertFeatureMap(fn, `regions[${r}].style`, region.style);
    if (r === 0) layers = available;
    if (region.styleMask !== undefined) assertSpatialMask(fn, `regions[${r}].styleMask`, region.styleMask);
    if (region.weight !== undefined) assertNonNegativeFinite(fn, `regions[${r}].weight`, region.weight);
    if (region.strength !== undefined) {
      assertNonNegativeFinite(fn, `regions[${r}].strength`, region.strength);
      if (region.strength > 1) throw new StylegradError(fn, `regions[${r}].strength`, `must be a number in 0..1; got ${region.strength}.`);
      if (region.strength < 1) assertFeatureMap(fn, `regions[${r}].content`, region.content);
    }
  });
  return { layers };
}

/** Region r's target guided Gram per layer, batch-averaged like styleLoss's; kept and pushed to `owned`. */
function styleTargets(
  fn: string,
  region: GuidedStyleRegion,
  r: number,
  weights: readonly (readonly [string, number])[],
  normalization: NonNullable<StyleLossOptions['normalization']>,
  owned: tf.Tensor[],
): Map<string, tf.Tensor3D> {
  const targets = new Map<string, tf.Tensor3D>();
  for (const [layer] of weights) {
    const feature = region.style[layer];
    if (feature === undefined) throw new StylegradError(fn, `regions[${r}].style.${layer}`, 'is missing; every region\'s style must provide every style layer.');
    assertFiniteValues(fn, `regions[${r}].style.${layer}`, feature);
    const [, height, width] = feature.shape;
    const { target, mass } = tf.tidy('guidedStyleLoss.target', () => {
      const mask = region.styleMask === undefined ? tf.ones<tf.Rank.R4>([1, height, width, 1]) : maskAtSize(maskAsBatch(region.styleMask), height, width);
      const guided = guidedGram(feature, mask, normalization);
      return { target: tf.mean<tf.Tensor3D>(guided.gram, 0, true), mass: guided.mass };
    });
    const massValue = mass.dataSync()[0] as number;
    mass.dispose();
    owned.push(target);
    if (massValue <= 0) {
      throw new StylegradError(fn, `regions[${r}].styleMask`, `vanishes at layer ${layer} (${height}×${width}); the region must cover at least one of its pooling windows.`);
    }
    const strength = region.strength ?? 1;
    if (strength < 1) {
      const blended = tf.keep(tf.tidy('guidedStyleLoss.strength', () =>
        tf.add<tf.Tensor3D>(tf.mul(contentRegionGram(fn, region, r, layer, normalization), 1 - strength), tf.mul(target, strength))));
      owned.splice(owned.indexOf(target), 1, blended);
      target.dispose();
      targets.set(layer, blended);
    } else {
      targets.set(layer, target);
    }
  }
  return targets;
}

/** The content image's batch-mean guided Gram under region r's content mask at `layer` (inside a tidy). */
function contentRegionGram(
  fn: string,
  region: GuidedStyleRegion,
  r: number,
  layer: string,
  normalization: NonNullable<StyleLossOptions['normalization']>,
): tf.Tensor3D {
  const feature = region.content?.[layer];
  if (feature === undefined) throw new StylegradError(fn, `regions[${r}].content.${layer}`, 'is missing; with strength < 1 the content must provide every style layer.');
  assertFiniteValues(fn, `regions[${r}].content.${layer}`, feature);
  const mask = maskAtSize(maskAsBatch(region.contentMask), feature.shape[1], feature.shape[2]);
  return tf.mean<tf.Tensor3D>(guidedGram(feature, mask, normalization).gram, 0, true);
}
