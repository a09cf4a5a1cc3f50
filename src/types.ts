import type * as tf from '@tensorflow/tfjs-core';

/**
 * Feature maps by layer name, as an extractor returns them: each `[batch, height, width, channels]`.
 *
 * @example
 * ```ts
 * const features: FeatureMap = { conv4_2: tf.zeros([1, 32, 32, 512]) };
 * ```
 * @category Types
 */
export type FeatureMap = Readonly<Record<string, tf.Tensor4D>>;
