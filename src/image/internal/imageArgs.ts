// Shared checks and shape helpers for the image ops: every op takes `[H, W, 3]` or `[B, H, W, 3]` RGB 0..255
// (or `[H, W, C]` / `[B, H, W, C]` where stated) and returns the same rank it was given.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';

/** Throws unless `image` is a live rank-3 or rank-4 tensor, with `channels` channels when given. */
export function assertImageTensor(fn: string, argument: string, image: unknown, channels?: number): asserts image is tf.Tensor3D | tf.Tensor4D {
  if (!(image instanceof tf.Tensor)) throw new StylegradError(fn, argument, `must be a tf.Tensor [H, W, C] or [B, H, W, C]; got ${describe(image)}.`);
  const tensor = image as tf.Tensor;
  if (tensor.isDisposed) throw new StylegradError(fn, argument, 'is a tensor that has already been disposed.');
  if (tensor.rank !== 3 && tensor.rank !== 4) {
    throw new StylegradError(fn, argument, `must have shape [H, W, C] or [B, H, W, C]; got [${tensor.shape.join(', ')}].`);
  }
  const c = tensor.shape[tensor.rank - 1];
  if (channels !== undefined && c !== channels) {
    throw new StylegradError(fn, argument, `must have ${channels} channels (last axis); got shape [${tensor.shape.join(', ')}].`);
  }
}

/** The image as a float32 `[B, H, W, C]` batch (inside a tidy). */
export function asBatch(image: tf.Tensor3D | tf.Tensor4D): tf.Tensor4D {
  const batch = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
  return batch.dtype === 'float32' ? batch : tf.cast(batch, 'float32');
}

/** Undoes {@link asBatch}: back to rank 3 if the input was rank 3 (inside a tidy). */
export function likeInput<T extends tf.Tensor3D | tf.Tensor4D>(batch: tf.Tensor4D, input: T): T {
  return (input.rank === 3 ? tf.squeeze(batch, [0]) : batch) as T;
}
