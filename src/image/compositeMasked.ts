import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertMaskSize, assertSpatialMask, maskAsBatch } from '../internal/spatialMask';
import { shapeOf } from '../internal/validate';
import { asBatch, assertImageTensor, likeInput } from './internal/imageArgs';

/**
 * Puts the stylised image only where the mask says: `out = m · stylised + (1 − m) · content` per pixel, so the
 * delivered image keeps the content exactly where the mask is 0 and blends smoothly across a soft edge
 * (the final step of masked style transfer, as in cysmith/neural-style-tf's `--style_mask`). Differentiable.
 *
 * @param stylised - The stylised image, `[H, W, C]` or `[B, H, W, C]`.
 * @param content - The content image, the same shape.
 * @param mask - Values 0..1 (1 = stylised), `[H, W]`, `[H, W, 1]` or `[1, H, W, 1]`, the images' height and width.
 * @returns A new float32 tensor shaped like `stylised`, owned by the caller.
 * @throws {@link StylegradError} for images that are not image tensors or differ in shape, and for a mask that is
 *   not single-channel, has values outside 0..1, is all zero, or is not the images' size.
 * @example
 * ```ts
 * const delivered = compositeMasked(result, contentImage, skyMask); // content kept outside the sky
 * ```
 * @category Image
 */
export function compositeMasked<T extends tf.Tensor3D | tf.Tensor4D>(stylised: T, content: T, mask: tf.Tensor): T {
  const fn = 'compositeMasked';
  assertImageTensor(fn, 'stylised', stylised);
  assertImageTensor(fn, 'content', content);
  if (stylised.shape.join() !== content.shape.join()) {
    throw new StylegradError(fn, 'content', `has shape [${content.shape.join(', ')}]; it must match stylised, [${stylised.shape.join(', ')}].`);
  }
  const size = assertSpatialMask(fn, 'mask', mask);
  const offset = stylised.rank === 4 ? 1 : 0;
  assertMaskSize(fn, 'mask', size, { height: shapeOf(stylised)[offset] as number, width: shapeOf(stylised)[offset + 1] as number }, 'the images');
  return tf.tidy('compositeMasked', () => {
    const m = maskAsBatch(mask);
    const a = asBatch(stylised);
    const b = asBatch(content);
    return likeInput(tf.add<tf.Tensor4D>(tf.mul(a, m), tf.mul(b, tf.sub(1, m))), stylised);
  });
}
