// Shared by the spatial-control functions (layerMasks, guidedStyleLoss, maskedContentLoss, compositeMasked):
// validates a grey mask up front and brings it to a feature map's spatial size.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { describe, shapeOf } from './validate';

/** A mask's spatial size. */
export interface MaskSize {
  readonly height: number;
  readonly width: number;
}

/**
 * Throws unless `mask` is a live single-channel tensor `[H, W]`, `[H, W, 1]` or `[1, H, W, 1]` with finite
 * values in 0..1, not all zero; returns its size. Reads the values back: call it when a loss is built.
 */
export function assertSpatialMask(fn: string, argument: string, mask: unknown): MaskSize {
  const shapes = '[H, W], [H, W, 1] or [1, H, W, 1]';
  if (!(mask instanceof tf.Tensor)) throw new StylegradError(fn, argument, `must be a single-channel (grey) tf.Tensor ${shapes}; got ${describe(mask)}.`);
  const tensor = mask as tf.Tensor;
  if (tensor.isDisposed) throw new StylegradError(fn, argument, 'is a tensor that has already been disposed.');
  const shape = shapeOf(tensor);
  const grey = shape.length === 2 || (shape.length === 3 && shape[2] === 1) || (shape.length === 4 && shape[0] === 1 && shape[3] === 1);
  if (!grey) throw new StylegradError(fn, argument, `must be single-channel (grey), ${shapes}; got shape [${shape.join(', ')}].`);
  const offset = shape.length === 4 ? 1 : 0;
  const size = { height: shape[offset] as number, width: shape[offset + 1] as number };
  if (size.height < 1 || size.width < 1) throw new StylegradError(fn, argument, `must be at least 1×1; got shape [${shape.join(', ')}].`);
  const [finite, low, high] = tf.tidy('spatialMask.check', () =>
    tf.stack([tf.cast(tf.all(tf.isFinite(tensor)), 'float32'), tf.min(tensor), tf.max(tensor)]).dataSync());
  if (finite !== 1) throw new StylegradError(fn, argument, 'contains NaN or Infinity; mask values must be in 0..1.');
  if ((low as number) < 0 || (high as number) > 1) {
    throw new StylegradError(fn, argument, `must hold values in 0..1; got values from ${low} to ${high}.`);
  }
  if (high === 0) throw new StylegradError(fn, argument, 'is all zero; a mask must select something (values in 0..1, some > 0).');
  return size;
}

/** Throws unless the mask's size equals `expected` (the image the mask belongs to). */
export function assertMaskSize(fn: string, argument: string, size: MaskSize, expected: MaskSize, what: string): void {
  if (size.height !== expected.height || size.width !== expected.width) {
    throw new StylegradError(fn, argument, `is ${size.height}×${size.width}; it must match ${what}, ${expected.height}×${expected.width}.`);
  }
}

/** The mask as a float32 `[1, H, W, 1]` (inside a tidy). */
export function maskAsBatch(mask: tf.Tensor): tf.Tensor4D {
  const shape = shapeOf(mask);
  const offset = shape.length === 4 ? 1 : 0;
  const batch = tf.reshape<tf.Rank.R4>(mask, [1, shape[offset] as number, shape[offset + 1] as number, 1]);
  return batch.dtype === 'float32' ? batch : tf.cast(batch, 'float32');
}

/**
 * The mask `[1, H, W, 1]` at `height × width` (inside a tidy): halved by 2×2 average pooling ('valid', so an odd
 * row or column is dropped exactly as VGG's 2×2 stride-2 max-pools drop it) while both sides still reach the
 * target, then an exact area-weighted (box) resample for what remains, the mask value of a cell being the
 * mean of the mask over the part of the image the cell covers (Gatys et al. 2017, §4).
 */
export function maskAtSize(mask: tf.Tensor4D, height: number, width: number): tf.Tensor4D {
  let x = mask;
  while (Math.floor(x.shape[1] / 2) >= height && Math.floor(x.shape[2] / 2) >= width) x = tf.avgPool(x, 2, 2, 'valid');
  if (x.shape[1] === height && x.shape[2] === width) return x;
  const rows = areaMatrix(x.shape[1], height);
  const columns = areaMatrix(x.shape[2], width);
  const plane = tf.reshape(x, [x.shape[1], x.shape[2]]);
  const resized = tf.matMul(tf.matMul(rows, plane), tf.transpose(columns));
  return tf.reshape(resized, [1, height, width, 1]);
}

/** `[to, from]` weights: row i averages the input cells [i·from/to, (i+1)·from/to) by overlap. */
function areaMatrix(from: number, to: number): tf.Tensor2D {
  const values = new Float32Array(to * from);
  const span = from / to;
  for (let i = 0; i < to; i++) {
    const start = i * span;
    const end = start + span;
    for (let j = Math.floor(start); j < Math.min(from, Math.ceil(end)); j++) {
      values[i * from + j] = (Math.min(end, j + 1) - Math.max(start, j)) / span;
    }
  }
  return tf.tensor2d(values, [to, from]);
}
