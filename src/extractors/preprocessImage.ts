import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf } from '../internal/validate';
import { assertImage } from './internal/assertImage';

/**
 * How an extractor turns RGB 0..255 pixels into network input:
 * - `'caffe'`: RGB → BGR, minus the ImageNet means `[103.939, 116.779, 123.68]` (B, G, R), no scaling —
 *   what the Keras VGG and SqueezeNet weights expect;
 * - `'torch'`: `/255`, minus `[0.485, 0.456, 0.406]`, divided by `[0.229, 0.224, 0.225]` (RGB) — torchvision;
 * - `'tf'`: `/127.5 − 1` (Keras MobileNet/Inception);
 * - `'none'`: the pixels unchanged;
 * - a function of the `[B, H, W, 3]` float32 pixels (it must not dispose its input).
 *
 * @category Extractors
 */
export type Preprocessing = 'caffe' | 'torch' | 'tf' | 'none' | ((image: tf.Tensor4D) => tf.Tensor4D);

/** The named preprocessing modes, for validation messages. */
const MODES = ['caffe', 'torch', 'tf', 'none'] as const;

/**
 * Applies a {@link Preprocessing} to RGB 0..255 images and returns a `[B, H, W, C]` float32 batch.
 *
 * @param image - RGB values 0..255, `[H, W, 3]` or `[B, H, W, 3]` (int32 is cast to float32).
 * @param preprocessing - The mode or function.
 * @returns A new `[B, H, W, C]` tensor owned by the caller.
 * @throws StylegradError if `image` is not `[H, W, 3]` / `[B, H, W, 3]` or `preprocessing` is unknown.
 * @example
 * ```ts
 * const x = preprocessImage(tf.fill([2, 2, 3], 255), 'caffe');
 * // every pixel becomes [255 - 103.939, 255 - 116.779, 255 - 123.68] = [151.061, 138.221, 131.32] (B, G, R)
 * ```
 * @category Extractors
 */
export function preprocessImage(image: tf.Tensor3D | tf.Tensor4D, preprocessing: Preprocessing): tf.Tensor4D {
  assertImage('preprocessImage', 'image', image);
  if (typeof preprocessing !== 'function') assertOneOf('preprocessImage', 'preprocessing', preprocessing, MODES);
  return tf.tidy('preprocessImage', () => {
    const batch = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
    const x = batch.dtype === 'float32' ? batch : tf.cast(batch, 'float32');
    if (typeof preprocessing === 'function') return preprocessing(x);
    switch (preprocessing) {
      case 'caffe':
        return tf.sub(tf.reverse(x, -1), tf.tensor1d([103.939, 116.779, 123.68]));
      case 'torch':
        return tf.div(tf.sub(tf.div(x, 255), tf.tensor1d([0.485, 0.456, 0.406])), tf.tensor1d([0.229, 0.224, 0.225]));
      case 'tf':
        return tf.sub(tf.div(x, 127.5), 1);
      case 'none':
        return tf.clone(x);
    }
  });
}
