// A 3×3 colour transform applied to every pixel: the shared step of rgbToYiq and yiqToRgb.
import * as tf from '@tensorflow/tfjs-core';

/** Each pixel of a `[B, H, W, 3]` batch as a row vector times `matrix` (9 numbers, row-major). Call inside a tidy. */
export function mixChannels(x: tf.Tensor4D, matrix: readonly number[]): tf.Tensor4D {
  const [b, h, w] = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), tf.tensor2d([...matrix], [3, 3])), [b, h, w, 3]);
}
