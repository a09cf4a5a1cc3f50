import { StylegradError } from '../errors';
import { assertFeatureMap } from '../internal/layerWeights';
import { assertNonNegativeFinite, describe } from '../internal/validate';
import type { FeatureMap } from '../types';
import type { StyleSource } from './styleLoss';

/**
 * Style strength: the style sources that make {@link styleLoss}'s target Grams the interpolation
 * `A_l(s) = (1 − s) · G_l(content) + s · A_l(style)` at every layer, `s` in 0..1. {@link styleLoss} blends its
 * sources by weight in Gram space, so the content image enters as one more source of weight `(1 − s) · W` and the
 * styles keep their mutual proportions with weights `s · w_i` (W = Σ w_i). At `s = 0` the content image itself has
 * zero style loss; at `s = 1` the loss is the plain one. The Grams blend after normalisation, so with `'chw'` or
 * `'hw'` images of different sizes mix on equal terms (with `'none'` a larger image weighs more).
 *
 * @param content - The content image's feature maps at the style layers (`[1, H, W, C]`).
 * @param styles - One style's feature maps, or several {@link StyleSource}s.
 * @param strength - `s`, a number in 0..1.
 * @returns The sources to pass to {@link styleLoss}: the content first, then the styles. No tensors are created;
 *   the returned sources refer to the caller's feature maps.
 * @throws {@link StylegradError} for a strength outside 0..1, an empty or non-rank-4 feature map, negative or
 *   all-zero style weights.
 * @example
 * ```ts
 * const loss = styleLoss(blendStyleTargets(contentFeatures, styleFeatures, 0.5), { normalization: 'chw' });
 * ```
 * @category Losses
 */
export function blendStyleTargets(content: FeatureMap, styles: FeatureMap | readonly StyleSource[], strength: number): StyleSource[] {
  const fn = 'blendStyleTargets';
  assertFeatureMap(fn, 'content', content);
  assertNonNegativeFinite(fn, 'strength', strength);
  if (strength > 1) throw new StylegradError(fn, 'strength', `must be a number in 0..1; got ${describe(strength)}.`);
  const sources: readonly StyleSource[] = Array.isArray(styles) ? styles : [{ features: styles as FeatureMap, weight: 1 }];
  if (sources.length === 0) throw new StylegradError(fn, 'styles', 'must hold at least one style.');
  sources.forEach((source, index) => {
    assertFeatureMap(fn, Array.isArray(styles) ? `styles[${index}].features` : 'styles', source.features);
    assertNonNegativeFinite(fn, `styles[${index}].weight`, source.weight);
  });
  const total = sources.reduce((sum, source) => sum + source.weight, 0);
  if (total === 0) throw new StylegradError(fn, 'styles', 'blend weights must not all be 0.');
  return [{ features: content, weight: (1 - strength) * total }, ...sources.map(({ features, weight }) => ({ features, weight: strength * weight }))];
}
