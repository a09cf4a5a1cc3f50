import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { asBatch, assertImageTensor, likeInput } from './internal/imageArgs';

/**
 * Target size for {@link resizeImage}: the output's height and width in pixels.
 *
 * @example
 * ```ts
 * const size: ImageSize = { height: 96, width: 128 };
 * ```
 * @category Image
 */
export interface ImageSize {
  /** Output height in pixels, an integer >= 1. */
  readonly height: number;
  /** Output width in pixels, an integer >= 1. */
  readonly width: number;
}

/**
 * Resizes images with bilinear interpolation (half-pixel centres). When shrinking by 2× or more, the image is
 * first halved by 2×2 average pooling as many times as fit, so downscaling does not alias; the rest of the
 * way is bilinear. Differentiable. Works on any channel count.
 *
 * @param image - `[H, W, C]` or `[B, H, W, C]`, any numeric dtype (computed in float32).
 * @param size - The output height and width.
 * @returns A new float32 tensor of the same rank, `[height, width, C]` or `[B, height, width, C]`, owned by the caller.
 * @throws {@link StylegradError} if `image` is not an image tensor or `size` is not two integers >= 1.
 * @example
 * ```ts
 * const small = resizeImage(content, { height: 96, width: 128 });
 * ```
 * @category Image
 */
export function resizeImage<T extends tf.Tensor3D | tf.Tensor4D>(image: T, size: ImageSize): T {
  assertImageTensor('resizeImage', 'image', image);
  if (typeof size !== 'object' || size === null) throw new StylegradError('resizeImage', 'size', `must be { height, width }; got ${describe(size)}.`);
  for (const key of ['height', 'width'] as const) {
    const v = size[key];
    if (!Number.isInteger(v) || v < 1) throw new StylegradError('resizeImage', `size.${key}`, `must be an integer >= 1; got ${describe(v)}.`);
  }
  return tf.tidy('resizeImage', () => {
    let x = asBatch(image);
    while (x.shape[1] >= 2 * size.height && x.shape[2] >= 2 * size.width) {
      x = tf.avgPool(x, 2, 2, 'valid');
    }
    if (x.shape[1] !== size.height || x.shape[2] !== size.width) {
      x = tf.image.resizeBilinear(x, [size.height, size.width], false, true);
    } else if (x === image) {
      x = tf.clone(x);
    }
    return likeInput(x, image);
  });
}
