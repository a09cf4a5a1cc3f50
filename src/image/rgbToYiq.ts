import * as tf from '@tensorflow/tfjs-core';
import { asBatch, assertImageTensor, likeInput } from './internal/imageArgs';
import { mixChannels } from './internal/mixChannels';
import { RGB_TO_YIQ } from './internal/yiqMatrices';

/**
 * Converts RGB to YIQ (NTSC): `Y = 0.299 R + 0.587 G + 0.114 B` is the luminance, I and Q the chroma. Values
 * keep the input's scale (RGB 0..255 gives Y 0..255). Linear and differentiable; {@link yiqToRgb} is its
 * exact inverse. Used for luminance-only style transfer (Gatys et al. 2017).
 *
 * @param image - RGB, `[H, W, 3]` or `[B, H, W, 3]`.
 * @returns A new float32 tensor of the same shape with channels Y, I, Q, owned by the caller.
 * @throws {@link StylegradError} if `image` is not a 3-channel image tensor.
 * @example
 * ```ts
 * const yiq = rgbToYiq(tf.tensor3d([[[255, 255, 255]]])); // [[[255, 0, 0]]]
 * ```
 * @category Image
 */
export function rgbToYiq<T extends tf.Tensor3D | tf.Tensor4D>(image: T): T {
  assertImageTensor('rgbToYiq', 'image', image, 3);
  return tf.tidy('rgbToYiq', () => {
    return likeInput(mixChannels(asBatch(image), RGB_TO_YIQ), image);
  });
}
