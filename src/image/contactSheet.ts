import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { assertImageTensor } from './internal/imageArgs';
import { resizeImage } from './resizeImage';

/**
 * Options for {@link contactSheet}.
 *
 * @example
 * ```ts
 * const options: ContactSheetOptions = { columns: 4, cellSize: 128, padding: 4, background: 255 };
 * ```
 * @category Image
 */
export interface ContactSheetOptions {
  /** Images per row. Default: all in one row. */
  readonly columns?: number;
  /** Each image is resized (aspect ratio kept) to fit a square cell of this many pixels. Default: the largest image side. */
  readonly cellSize?: number;
  /** Pixels between and around cells. Default 4. */
  readonly padding?: number;
  /** Background grey level 0..255. Default 255 (white). */
  readonly background?: number;
}

/**
 * Tiles images into one grid image (row-major), each resized to fit its cell and centred on the background:
 * for side-by-side comparisons such as style-weight sweeps.
 *
 * @param images - RGB images `[H, W, 3]` (any sizes); at least one.
 * @param options - Grid layout; see {@link ContactSheetOptions}.
 * @returns A new float32 `[height, width, 3]` tensor, owned by the caller.
 * @throws {@link StylegradError} for an empty list, a non-image entry or invalid options.
 * @example
 * ```ts
 * const sheet = contactSheet([content, style, result], { cellSize: 256 });
 * ```
 * @category Image
 */
export function contactSheet(images: readonly tf.Tensor3D[], options: ContactSheetOptions = {}): tf.Tensor3D {
  const fn = 'contactSheet';
  if (!(images instanceof Array) || images.length === 0) throw new StylegradError(fn, 'images', `must be a non-empty array of [H, W, 3] tensors; got ${describe(images)}.`);
  images.forEach((image, i) => {
    assertImageTensor(fn, `images[${i}]`, image, 3);
    if (image.rank !== 3) throw new StylegradError(fn, `images[${i}]`, `must be [H, W, 3]; got shape [${image.shape.join(', ')}].`);
  });
  const columns = options.columns ?? images.length;
  const cell = options.cellSize ?? Math.max(...images.flatMap((im) => [im.shape[0], im.shape[1]]));
  const padding = options.padding ?? 4;
  const background = options.background ?? 255;
  checkInteger(fn, 'options.columns', columns, 1);
  checkInteger(fn, 'options.cellSize', cell, 1);
  checkInteger(fn, 'options.padding', padding, 0);
  if (typeof background !== 'number' || !(background >= 0 && background <= 255)) {
    throw new StylegradError(fn, 'options.background', `must be a number 0..255; got ${describe(background)}.`);
  }
  return tf.tidy(fn, () => {
    const cells = images.map((image) => {
      const [h, w] = image.shape;
      const scale = cell / Math.max(h, w);
      const height = Math.max(1, Math.round(h * scale));
      const width = Math.max(1, Math.round(w * scale));
      const fitted = resizeImage(image, { height, width });
      const top = Math.floor((cell - height) / 2) + padding;
      const left = Math.floor((cell - width) / 2) + padding;
      // Pad with (value − background), then add the background, so the border gets the background colour.
      const padded = tf.pad(tf.sub(fitted, background), [[top, cell + 2 * padding - height - top], [left, cell + 2 * padding - width - left], [0, 0]]);
      return tf.add<tf.Tensor3D>(padded, background);
    });
    const blank = tf.fill<tf.Rank.R3>([cell + 2 * padding, cell + 2 * padding, 3], background);
    const rows: tf.Tensor3D[] = [];
    for (let start = 0; start < cells.length; start += columns) {
      const row = cells.slice(start, start + columns);
      while (row.length < columns) row.push(blank);
      rows.push(tf.concat(row, 1));
    }
    return tf.concat(rows, 0);
  });
}

function checkInteger(fn: string, argument: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new StylegradError(fn, argument, `must be an integer >= ${min}; got ${describe(value)}.`);
  }
}
