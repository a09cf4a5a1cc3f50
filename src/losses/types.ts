import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureMap } from '../types';

/**
 * A loss on feature maps, built by {@link contentLoss} or {@link styleLoss}: call it with an extractor's
 * output to get a scalar (differentiable, owned by the caller). It holds its own copies of its targets;
 * `dispose()` frees them.
 *
 * @example
 * ```ts
 * const loss: FeatureLoss = contentLoss({ conv4_2: target });
 * const value = loss({ conv4_2: generated }); // tf.Scalar
 * loss.dispose();
 * ```
 * @category Losses
 */
export interface FeatureLoss {
  /**
   * Evaluates the loss.
   *
   * @param features - Feature maps that include every layer in {@link FeatureLoss.layers}.
   * @returns The loss, a new scalar owned by the caller.
   */
  (features: FeatureMap): tf.Scalar;
  /** Tells {@link combineLosses} to pass feature maps. */
  readonly input: 'features';
  /** The layers the loss reads: extract at least these. */
  readonly layers: readonly string[];
  /** Frees the loss's copies of its targets; the loss must not be called afterwards. */
  dispose(): void;
}

/**
 * A loss on the image itself, built by {@link totalVariationLoss}.
 *
 * @example
 * ```ts
 * const tv: ImageLoss = totalVariationLoss({ kind: 'l2' });
 * const value = tv(image); // image: [B, H, W, C]
 * ```
 * @category Losses
 */
export interface ImageLoss {
  /**
   * Evaluates the loss.
   *
   * @param image - The image `[B, H, W, C]`.
   * @returns The loss, a new scalar owned by the caller.
   */
  (image: tf.Tensor4D): tf.Scalar;
  /** Tells {@link combineLosses} to pass the image. */
  readonly input: 'image';
  /** Always empty: an image loss reads no feature maps. */
  readonly layers: readonly string[];
  /** Frees nothing today; present so every loss can be disposed alike. */
  dispose(): void;
}

/**
 * Any loss {@link combineLosses} accepts.
 *
 * @example
 * ```ts
 * const terms: LossTerm[] = [contentLoss({ conv4_2: p }), totalVariationLoss()];
 * ```
 * @category Losses
 */
export type LossTerm = FeatureLoss | ImageLoss;
