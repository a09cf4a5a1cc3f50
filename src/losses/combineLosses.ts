import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertNonNegativeFinite, describe } from '../internal/validate';
import type { FeatureMap } from '../types';
import type { LossTerm } from './types';

/**
 * What a {@link CombinedLoss} is evaluated on: the image being optimised and its feature maps.
 *
 * @example
 * ```ts
 * const input: LossInput = { image, features: extractor.extract(image, loss.layers) };
 * ```
 * @category Losses
 */
export interface LossInput {
  /** The image `[B, H, W, C]` (read by image losses such as total variation). */
  readonly image: tf.Tensor4D;
  /** Its feature maps (read by content and style losses). */
  readonly features: FeatureMap;
}

/**
 * The value of a {@link CombinedLoss}: the total and each term's weighted contribution (they sum to the total).
 * All scalars are new tensors owned by the caller. (A type alias, so it can be returned from `tf.tidy`.)
 *
 * @example
 * ```ts
 * const { total, terms } = loss({ image, features });
 * console.log(total.dataSync()[0], terms.style?.dataSync()[0]);
 * ```
 * @category Losses
 */
export type LossBreakdown = {
  /** Σ weight · term. */
  readonly total: tf.Scalar;
  /** weight · term, by the names given to {@link combineLosses}. */
  readonly terms: Readonly<Record<string, tf.Scalar>>;
};

/**
 * A weighted sum of named loss terms, built by {@link combineLosses}.
 *
 * @example
 * ```ts
 * const loss: CombinedLoss = combineLosses({ tv: { loss: totalVariationLoss(), weight: 1e-3 } });
 * ```
 * @category Losses
 */
export interface CombinedLoss {
  /**
   * Evaluates every term and their weighted sum.
   *
   * @param input - The image and its feature maps (at least {@link CombinedLoss.layers}).
   * @returns The total and the per-term breakdown.
   */
  (input: LossInput): LossBreakdown;
  /** Every feature layer any term reads: extract these. */
  readonly layers: readonly string[];
  /** Disposes every term (the combined loss owns them). */
  dispose(): void;
}

/**
 * Combines named loss terms into one weighted sum that also reports each term's contribution, for progress
 * and loss plots: `total = Σ_name weight_name · term_name`.
 *
 * @param terms - Name → `{ loss, weight }`; weights >= 0. The combined loss takes ownership of the losses.
 * @returns A {@link CombinedLoss}.
 * @throws {@link StylegradError} for no terms, a term that is not a stylegrad loss, or a negative or
 *   non-finite weight.
 * @example
 * ```ts
 * const loss = combineLosses({
 *   content: { loss: contentLoss(contentFeatures), weight: 1 },
 *   style: { loss: styleLoss(styleFeatures), weight: 1e6 },
 *   tv: { loss: totalVariationLoss(), weight: 1e-4 },
 * });
 * const { total, terms } = loss({ image, features: extractor.extract(image, loss.layers) });
 * ```
 * @category Losses
 */
export function combineLosses(terms: Readonly<Record<string, { readonly loss: LossTerm; readonly weight: number }>>): CombinedLoss {
  const fn = 'combineLosses';
  if (typeof terms !== 'object' || terms === null || Array.isArray(terms)) {
    throw new StylegradError(fn, 'terms', `must be an object mapping names to { loss, weight }; got ${describe(terms)}.`);
  }
  const entries = Object.entries(terms);
  if (entries.length === 0) throw new StylegradError(fn, 'terms', 'must hold at least one term.');
  for (const [name, term] of entries) {
    const loss = (term as { loss?: unknown } | null)?.loss;
    const input = typeof loss === 'function' ? (loss as { input?: unknown }).input : undefined;
    if (input !== 'features' && input !== 'image') {
      throw new StylegradError(fn, `terms.${name}.loss`, 'must be a loss built by contentLoss, styleLoss or totalVariationLoss.');
    }
    assertNonNegativeFinite(fn, `terms.${name}.weight`, term.weight);
  }
  const layers = [...new Set(entries.flatMap(([, { loss }]) => loss.layers))];
  const combined = (input: LossInput): LossBreakdown =>
    tf.tidy('combineLosses', () => {
      const contributions: Record<string, tf.Scalar> = {};
      for (const [name, { loss, weight }] of entries) {
        const value = loss.input === 'image' ? loss(input.image) : loss(input.features);
        contributions[name] = tf.mul(value, weight);
      }
      return { total: tf.addN<tf.Scalar>(Object.values(contributions)), terms: contributions };
    });
  return Object.assign(combined, {
    layers: Object.freeze(layers),
    dispose: () => {
      for (const [, { loss }] of entries) loss.dispose();
    },
  });
}
