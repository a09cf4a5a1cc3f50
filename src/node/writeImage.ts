import { extname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { StylegradError } from '../errors';
import { assertOneOf, describe } from '../internal/validate';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * Options for {@link writeImage}.
 *
 * @example
 * ```ts
 * const options: WriteImageOptions = { format: 'jpeg', quality: 95, progressive: true };
 * ```
 * @category Node
 */
export interface WriteImageOptions {
  /** Output format. Default: from the file extension (`.jpg`/`.jpeg`, `.png`, `.webp`). */
  readonly format?: 'jpeg' | 'png' | 'webp';
  /** JPEG / WebP quality 1..100. Default 92. Ignored for PNG (always lossless). */
  readonly quality?: number;
  /** Write a progressive JPEG (or interlaced PNG). Default `false`. */
  readonly progressive?: boolean;
  /**
   * Replace an existing file (default `true`). With `false`, an existing file is an error and is left
   * untouched, also when another process creates it while the image is being written (the new image is then
   * kept under a free name such as `out-1.png`, given in the error).
   */
  readonly overwrite?: boolean;
  /**
   * Bits per channel: 8 (default) or 16, for PNG only (JPEG and WebP are 8-bit formats). At 16 bits a value `v`
   * (0..255) is stored as `round(v · 257)` clamped to 0..65535, so 0 → 0, 255 → 65535 and the fractional part of
   * the float image is kept (1/257 of an 8-bit level), for print work and further editing.
   */
  readonly bitDepth?: 8 | 16;
}

const FN = 'writeImage';
const EXTENSIONS: Readonly<Record<string, 'jpeg' | 'png' | 'webp'>> = { '.jpg': 'jpeg', '.jpeg': 'jpeg', '.png': 'png', '.webp': 'webp' };

/**
 * Encodes an image tensor with values 0..255 as JPEG, PNG or WebP (sharp) and writes it to `path`
 * atomically (a temporary file in the same folder, then renamed), creating the parent folder if needed. A crash
 * or interrupt never leaves a truncated image; an existing file is replaced unless `options.overwrite` is false.
 *
 * Values are rounded to the nearest integer and clamped to 0..255 — this is the 8-bit image a user gets
 * (what `stylize`'s `done` event reports the loss of). With `bitDepth: 16` (PNG only) each value `v` is stored as
 * `round(v · 257)`, keeping the float image's fractional levels. A single-channel tensor is written as grayscale.
 * The tensor is not disposed.
 *
 * @param image - `[height, width, 3]`, `[height, width, 1]` or `[1, height, width, 3]`, any numeric dtype,
 *   RGB values 0..255.
 * @param path - Destination file; its extension picks the format unless `options.format` is given.
 * @param options - Format, quality, progressive encoding and overwrite; see {@link WriteImageOptions}.
 * @returns Resolves when the file has been written.
 * @throws {@link StylegradError} if the tensor's shape is not an image or it holds NaN or ±Infinity, the format
 *   is unknown, `bitDepth` is not 8 or 16 or is 16 for a format other than PNG, or the file cannot be written (or
 *   exists, with `overwrite: false`).
 * @example
 * ```ts
 * import { writeImage } from 'stylegrad/node';
 * await writeImage(tf.fill([64, 64, 3], 128), 'grey.png');
 * await writeImage(tf.fill([64, 64, 3], 127.6), 'print.png', { bitDepth: 16 }); // every channel 32793
 * ```
 * @category Node
 */
export async function writeImage(image: tf.Tensor3D | tf.Tensor4D, path: string, options: WriteImageOptions = {}): Promise<void> {
  if (!(image instanceof tf.Tensor) || image.isDisposed) {
    throw new StylegradError(FN, 'image', `must be a live tf.Tensor; got ${describe(image)}.`);
  }
  const shape = image.rank === 4 && image.shape[0] === 1 ? image.shape.slice(1) : image.shape;
  const [height, width, channels] = shape;
  if (shape.length !== 3 || (channels !== 1 && channels !== 3) || height === undefined || width === undefined) {
    throw new StylegradError(FN, 'image', `must be [height, width, 3], [height, width, 1] or [1, height, width, 3]; got shape [${image.shape.join(', ')}].`);
  }
  if (typeof path !== 'string' || path === '') throw new StylegradError(FN, 'path', `must be a non-empty file path; got ${describe(path)}.`);
  const format = options.format ?? EXTENSIONS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new StylegradError(FN, 'path', `has extension '${extname(path)}'; use .jpg, .jpeg, .png or .webp, or pass options.format.`);
  }
  assertOneOf(FN, 'options.format', format, ['jpeg', 'png', 'webp'] as const);
  const quality = options.quality ?? 92;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new StylegradError(FN, 'options.quality', `must be an integer 1..100; got ${describe(quality)}.`);
  }
  const progressive = options.progressive ?? false;
  const bitDepth = options.bitDepth ?? 8;
  if (bitDepth !== 8 && bitDepth !== 16) throw new StylegradError(FN, 'options.bitDepth', `must be 8 or 16; got ${describe(bitDepth)}.`);
  if (bitDepth === 16 && format !== 'png') {
    throw new StylegradError(FN, 'options.bitDepth', `16 needs PNG, but '${path}' is written as ${format.toUpperCase()} (an 8-bit format); write a .png, or use bitDepth 8.`);
  }
  const values = await image.data();
  let pipeline = bitDepth === 16
    ? sharp(toSamples(values, width, channels, 16), { raw: { width, height, channels } }).toColourspace(channels === 1 ? 'grey16' : 'rgb16')
    : sharp(toSamples(values, width, channels, 8), { raw: { width, height, channels } });
  if (format === 'jpeg') pipeline = pipeline.jpeg({ quality, progressive, chromaSubsampling: '4:4:4' });
  else if (format === 'png') pipeline = pipeline.png({ progressive });
  else pipeline = pipeline.webp({ quality });
  let encoded: Buffer;
  try {
    encoded = await pipeline.toBuffer();
  } catch (error) {
    throw new StylegradError(FN, 'path', `'${path}' could not be encoded: ${(error as Error).message}`);
  }
  await writeFileAtomic(FN, 'path', path, encoded, { overwrite: options.overwrite ?? true });
}

/**
 * 8 bits: rounds and clamps to 0..255. 16 bits: `round(v · 257)` clamped to 0..65535 (host byte order, as sharp's
 * raw input expects; sharp reads a Uint16Array as 16-bit samples). A NaN or ±Infinity is an error (it has no colour; silently writing 0 hides a bug).
 */
function toSamples(values: ArrayLike<number>, width: number, channels: number, bitDepth: 8 | 16): Uint8Array | Uint16Array {
  const [scale, top] = bitDepth === 16 ? [257, 65535] : [1, 255];
  const samples = bitDepth === 16 ? new Uint16Array(values.length) : new Uint8Array(values.length);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const v = Math.round((values[i] ?? 0) * scale);
    if (!Number.isFinite(v)) {
      bad++;
      if (first < 0) first = i;
    }
    samples[i] = v < 0 ? 0 : v > top ? top : v;
  }
  if (bad > 0) {
    const pixel = Math.floor(first / channels);
    const where = `first at x ${pixel % width}, y ${Math.floor(pixel / width)}`;
    throw new StylegradError(FN, 'image', `has ${bad} non-finite value${bad === 1 ? '' : 's'} (NaN or ±Infinity), ${where}; an image must hold finite numbers (0..255). Nothing was written.`);
  }
  return samples;
}
