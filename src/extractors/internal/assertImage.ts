import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';

/** Throws unless `image` is a live `[H, W, 3]` or `[B, H, W, 3]` tensor. */
export function assertImage(fn: string, argument: string, image: unknown): asserts image is tf.Tensor3D | tf.Tensor4D {
  const shape: readonly number[] | undefined = image instanceof tf.Tensor ? (image as tf.Tensor).shape : undefined;
  if (shape === undefined || (shape.length !== 3 && shape.length !== 4) || shape[shape.length - 1] !== 3) {
    throw new StylegradError(fn, argument, `must be an RGB image tensor [H, W, 3] or [B, H, W, 3] with values 0..255; got ${describe(image)}.`);
  }
  if ((image as tf.Tensor).isDisposed) throw new StylegradError(fn, argument, 'is a tensor that has already been disposed.');
}
