import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import type { OutputInfo } from 'sharp';
import { StylegradError } from '../errors';
import type { ImageSize } from '../image/resizeImage';
import { assertOneOf, assertPositiveFinite, describe } from '../internal/validate';
import { readImageHeader, readImageSource } from './internal/imageSource';

/**
 * Options for {@link readImage}.
 *
 * @example
 * ```ts
 * const options: ReadImageOptions = { size: 256, background: [255, 255, 255], dtype: 'float32' };
 * ```
 * @category Node
 */
export interface ReadImageOptions {
  /**
   * Resize while decoding (sharp, Lanczos 3). A number is the length of the longer side, aspect ratio
   * kept; `{ width, height }` resizes to exactly that size (aspect ratio not kept). Default: no resize.
   */
  readonly size?: number | ImageSize;
  /** The colour an alpha channel is composited over, RGB 0..255. Default white `[255, 255, 255]`. */
  readonly background?: readonly [number, number, number];
  /** Element type of the returned tensor. Default `'float32'` (what the losses need). */
  readonly dtype?: 'float32' | 'int32';
}

const FN = 'readImage';

/**
 * Decodes a JPEG (baseline or progressive), PNG, WebP, GIF (first frame), TIFF or AVIF image into an RGB
 * tensor with values 0..255, using sharp (libvips).
 *
 * - The EXIF orientation is applied (`sharp().rotate()`), so the tensor is upright as a viewer shows it.
 * - Grayscale images are expanded to three equal RGB channels; CMYK and other colour spaces are converted
 *   to sRGB.
 * - An alpha channel is composited over `options.background` (white by default) and then dropped.
 * - 16-bit images are reduced to 8 bits per channel.
 *
 * @param source - A file path, or the encoded bytes of an image.
 * @param options - Resize, alpha background and dtype; see {@link ReadImageOptions}.
 * @returns A new `[height, width, 3]` tensor (float32 by default, or int32) with integer values 0..255,
 *   owned by the caller.
 * @throws {@link StylegradError} with one message per case: the file does not exist, is a folder, is not
 *   readable, is empty (0 bytes), is not an image, or is a truncated or corrupt image (decoding fails on a
 *   truncated file rather than returning a partly grey picture); or an option is invalid.
 * @example
 * ```ts
 * import { readImage } from 'stylegrad/node';
 * const content = await readImage('tubingen.jpg', { size: 256 });
 * console.log(content.shape); // [192, 256, 3]
 * content.dispose();
 * ```
 * @category Node
 */
export async function readImage(source: string | Uint8Array, options: ReadImageOptions = {}): Promise<tf.Tensor3D> {
  const { size, background = [255, 255, 255], dtype = 'float32' } = options;
  assertOneOf(FN, 'options.dtype', dtype, ['float32', 'int32'] as const);
  validateSize(size);
  if (background.length !== 3 || background.some((v) => typeof v !== 'number' || !(v >= 0 && v <= 255))) {
    throw new StylegradError(FN, 'options.background', `must be three numbers 0..255; got ${describe(background)}.`);
  }
  const input = await readImageSource(FN, source);
  const name = typeof source === 'string' ? `'${source}'` : 'the given bytes';
  const { format } = await readImageHeader(FN, input, name);
  let pipeline = sharp(input, { failOn: 'error' })
    .rotate()
    .flatten({ background: { r: background[0], g: background[1], b: background[2] } })
    .toColourspace('srgb');
  if (typeof size === 'number') {
    pipeline = pipeline.resize({ width: Math.round(size), height: Math.round(size), fit: 'inside', kernel: 'lanczos3' });
  } else if (size !== undefined) {
    pipeline = pipeline.resize({ width: Math.round(size.width), height: Math.round(size.height), fit: 'fill', kernel: 'lanczos3' });
  }
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new StylegradError(FN, 'source', `${name} is a truncated or corrupt ${format} image (${(error as Error).message.trim()}); re-export or re-download it.`);
  }
  const { data, info } = decoded;
  const { width, height, channels } = info;
  const pixels = width * height;
  const rgb = new Int32Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) {
      // A single-channel result (grey) is replicated; otherwise channels 0..2 are R, G, B.
      rgb[p * 3 + c] = data[p * channels + (channels >= 3 ? c : 0)] ?? 0;
    }
  }
  return dtype === 'int32' ? tf.tensor3d(rgb, [height, width, 3], 'int32') : tf.tensor3d(Float32Array.from(rgb), [height, width, 3], 'float32');
}

function validateSize(size: ReadImageOptions['size']): void {
  if (size === undefined) return;
  if (typeof size === 'number') {
    assertPositiveFinite(FN, 'options.size', size);
    return;
  }
  if (typeof size !== 'object') {
    throw new StylegradError(FN, 'options.size', `must be a number or { width, height }; got ${describe(size)}.`);
  }
  assertPositiveFinite(FN, 'options.size.width', size.width);
  assertPositiveFinite(FN, 'options.size.height', size.height);
}

