import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertMaskSize, assertSpatialMask, maskAsBatch, maskAtSize, type MaskSize } from '../internal/spatialMask';
import { describe, shapeOf } from '../internal/validate';
import type { ImageSize } from './resizeImage';

/**
 * Options of {@link layerMasks}.
 *
 * @example
 * ```ts
 * const options: LayerMasksOptions = { imageSize: { height: 384, width: 512 } };
 * ```
 * @category Image
 */
export interface LayerMasksOptions {
  /** The size of the image the mask belongs to; when given, a mask of another size is refused. */
  readonly imageSize?: ImageSize;
}

/**
 * A content-size mask brought to each extractor layer's spatial size, as guided style and masked content losses
 * use it. The mask follows the network's pooling (Gatys et al. 2017, "Controlling Perceptual Factors in Neural
 * Style Transfer", §4): it is halved by 2×2 average pooling while both sides reach the layer's size (with
 * 'valid' padding, so an odd row or column is dropped exactly as VGG's 2×2 stride-2 max-pools drop it), and the
 * rest of the way (other networks' strides, a mask larger than the image) is an exact area-weighted resample:
 * each cell holds the mean of the mask over the pixels it covers. A VGG layer's mask is thus the fraction of its
 * pooling window inside the region. Averaging keeps the values in 0..1 and a soft edge soft.
 *
 * @param mask - Values 0..1, single-channel: `[H, W]`, `[H, W, 1]` or `[1, H, W, 1]`, not all zero.
 * @param layers - Layer → its spatial size: an extractor's feature maps (`[B, h, w, C]`) or `{ height, width }`.
 * @param options - The image size the mask must match.
 * @returns Layer → `[1, h, w, 1]` float32 mask, new tensors owned by the caller.
 * @throws {@link StylegradError} for a mask that is not a single-channel tensor, has values outside 0..1 or
 *   non-finite ones, is all zero, or does not match `options.imageSize`; for an empty `layers` or an entry
 *   that is neither a rank-4 tensor nor two integers >= 1.
 * @example
 * ```ts
 * const features = extractor.extract(content, ['conv1_1', 'conv2_1', 'conv3_1']);
 * const masks = layerMasks(skyMask, features, { imageSize: { height: 384, width: 512 } });
 * masks.conv2_1.shape; // [1, 192, 256, 1]
 * ```
 * @category Image
 */
export function layerMasks(
  mask: tf.Tensor,
  layers: Readonly<Record<string, tf.Tensor4D | ImageSize>>,
  options: LayerMasksOptions = {},
): Record<string, tf.Tensor4D> {
  const fn = 'layerMasks';
  const size = assertSpatialMask(fn, 'mask', mask);
  if (options.imageSize !== undefined) {
    assertMaskSize(fn, 'mask', size, assertSize(fn, 'options.imageSize', options.imageSize), 'the image (options.imageSize)');
  }
  if (typeof layers !== 'object' || layers === null || Object.keys(layers).length === 0) {
    throw new StylegradError(fn, 'layers', `must map at least one layer name to its feature map or { height, width }; got ${describe(layers)}.`);
  }
  const sizes = Object.entries(layers).map(([layer, value]) => [layer, layerSize(fn, `layers.${layer}`, value)] as const);
  return tf.tidy('layerMasks', () => {
    const batch = maskAsBatch(mask);
    return Object.fromEntries(sizes.map(([layer, { height, width }]) => [layer, maskAtSize(batch, height, width).clone()]));
  });
}

function layerSize(fn: string, argument: string, value: unknown): MaskSize {
  if (value instanceof tf.Tensor) {
    const shape = shapeOf(value);
    if (shape.length !== 4) throw new StylegradError(fn, argument, `must be a [B, h, w, C] feature map or { height, width }; got ${describe(value)}.`);
    return { height: shape[1] as number, width: shape[2] as number };
  }
  return assertSize(fn, argument, value);
}

function assertSize(fn: string, argument: string, value: unknown): MaskSize {
  const { height, width } = (typeof value === 'object' && value !== null ? value : {}) as Partial<MaskSize>;
  if (!Number.isInteger(height) || !Number.isInteger(width) || (height as number) < 1 || (width as number) < 1) {
    throw new StylegradError(fn, argument, `must be { height, width } with integers >= 1; got ${describe(value)}.`);
  }
  return { height: height as number, width: width as number };
}
