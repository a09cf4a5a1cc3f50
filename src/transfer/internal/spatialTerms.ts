// The loss terms of stylize's spatial control and style strength (Gatys et al. 2017, "Controlling Perceptual
// Factors in Neural Style Transfer", §4): the style term for a mask or regions (guided Grams), the style sources
// blended towards the content (style strength), the content term kept outside a mask.
import * as tf from '@tensorflow/tfjs-core';
import { resizeImage } from '../../image/resizeImage';
import { blendStyleTargets } from '../../losses/blendStyleTargets';
import { guidedStyleLoss, type GuidedStyleRegion } from '../../losses/guidedStyleLoss';
import { maskedContentLoss } from '../../losses/maskedContentLoss';
import type { StyleSource } from '../../losses/styleLoss';
import type { FeatureLoss } from '../../losses/types';
import type { FeatureMap } from '../../types';
import type { ColourPrepared } from './colourControl';
import type { StylizePlan } from './resolveOptions';

/** Where stylisation happens outside the content's own statistics: a mask or regions. */
export function isGuided(plan: StylizePlan): boolean {
  return plan.spatial.mask !== null || plan.spatial.regions !== null;
}

/** The content image's features at the style layers at this scale, or `null` when style strength is 1. The caller disposes them. */
export function strengthFeatures(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number): FeatureMap | null {
  const content = prepared.content;
  if (plan.spatial.styleStrength >= 1 || content === null) return null;
  return tf.tidy('stylize.strengthTargets', () => plan.extractor.extract(resizeImage(content, { height, width }), Object.keys(plan.styleLayers)));
}

/** The plain style sources, blended towards the content's Grams by the style strength when `content` is given. */
export function strengthSources(plan: StylizePlan, sources: StyleSource[], content: FeatureMap | null): StyleSource[] {
  return content === null ? sources : blendStyleTargets(content, sources, plan.spatial.styleStrength);
}

/**
 * The guided style loss of a mask (one region per style, each with the style's share of the blend weights: the
 * gradient is that of the blended Gram, the value differs by a constant) or of `plan.spatial.regions`.
 */
export function guidedStyleTerm(plan: StylizePlan, sources: readonly StyleSource[], content: FeatureMap | null): FeatureLoss {
  const strength = content === null ? {} : { strength: plan.spatial.styleStrength, content };
  const { mask, regions } = plan.spatial;
  let guided: GuidedStyleRegion[];
  if (regions !== null) {
    guided = regions.map((region) => ({
      contentMask: region.mask,
      style: (sources[region.style] as StyleSource).features,
      ...(region.styleMask === null ? {} : { styleMask: region.styleMask }),
      weight: region.weight,
      ...strength,
    }));
  } else {
    const total = sources.reduce((sum, source) => sum + source.weight, 0);
    guided = sources.map((source) => ({ contentMask: mask as tf.Tensor, style: source.features, weight: source.weight / total, ...strength }));
  }
  return guidedStyleLoss(guided, { layers: plan.styleLayers, normalization: plan.gramNormalization, reduction: plan.styleReduction });
}

/** The content term with a mask: {@link maskedContentLoss}, 10× stronger where the mask is 0 (the content is kept there). */
export function maskedContentTerm(plan: StylizePlan, features: FeatureMap, mask: tf.Tensor): FeatureLoss {
  return maskedContentLoss(features, mask, { layers: plan.contentLayers, reduction: plan.contentReduction, inside: 1, outside: 10 });
}
