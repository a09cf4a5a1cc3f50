import * as tf from '@tensorflow/tfjs-core';
import { asBatch, assertImageTensor, likeInput } from './internal/imageArgs';
import { mixChannels } from './internal/mixChannels';
import { YIQ_TO_RGB } from './internal/yiqMatrices';

/**
 * Converts YIQ back to RGB: the exact inverse of {@link rgbToYiq} (the inverse matrix is computed from the
 * forward one, so a round trip is exact up to float32 rounding). Not clamped.
 *
 * @param image - Y, I, Q channels, `[H, W, 3]` or `[B, H, W, 3]`.
 * @returns A new float32 RGB tensor of the same shape, owned by the caller.
 * @throws {@link StylegradError} if `image` is not a 3-channel image tensor.
 * @example
 * ```ts
 * const rgb = yiqToRgb(rgbToYiq(image)); // equals image up to rounding
 * ```
 * @category Image
 */
export function yiqToRgb<T extends tf.Tensor3D | tf.Tensor4D>(image: T): T {
  assertImageTensor('yiqToRgb', 'image', image, 3);
  return tf.tidy('yiqToRgb', () => {
    return likeInput(mixChannels(asBatch(image), YIQ_TO_RGB), image);
  });
}
