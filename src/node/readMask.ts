import * as tf from '@tensorflow/tfjs-core';
import type { ImageSize } from '../image/resizeImage';
import { readImage } from './readImage';

/**
 * Options for {@link readMask}.
 *
 * @example
 * ```ts
 * const options: ReadMaskOptions = { size: { height: 384, width: 512 } };
 * ```
 * @category Node
 */
export interface ReadMaskOptions {
  /** Resize while decoding (as {@link ReadImageOptions.size}); pass the content image's size. Default: no resize. */
  readonly size?: number | ImageSize;
}

/**
 * Reads a mask image (white = 1, black = 0) as a grey `[H, W]` tensor with values 0..1, the form
 * {@link layerMasks}, {@link guidedStyleLoss}, {@link maskedContentLoss} and {@link compositeMasked} take: the mean
 * of the R, G and B channels divided by 255. Transparent pixels count as black (0), so a cut-out with a transparent
 * background masks its opaque part.
 *
 * @param source - A file path, or the encoded bytes of an image (any format {@link readImage} reads).
 * @param options - The size to resize to while decoding.
 * @returns A new float32 `[H, W]` tensor owned by the caller.
 * @throws {@link StylegradError} as {@link readImage} does (missing, unreadable or corrupt file, bad size).
 * @example
 * ```ts
 * import { readMask } from 'stylegrad/node';
 * const sky = await readMask('sky.png', { size: { height: content.shape[0], width: content.shape[1] } });
 * ```
 * @category Node
 */
export async function readMask(source: string | Uint8Array, options: ReadMaskOptions = {}): Promise<tf.Tensor2D> {
  const rgb = await readImage(source, { ...(options.size === undefined ? {} : { size: options.size }), background: [0, 0, 0] });
  try {
    return tf.tidy('readMask', () => tf.div<tf.Tensor2D>(tf.mean(rgb, 2), 255));
  } finally {
    rgb.dispose();
  }
}
