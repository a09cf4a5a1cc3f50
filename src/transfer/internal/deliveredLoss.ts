// The 8-bit image stylize delivers and its loss: what a user gets back (colour recombined, rounded, clamped to
// 0..255) and the loss evaluated on exactly those pixels, next to the optimiser's float loss.
import * as tf from '@tensorflow/tfjs-core';
import type { LossTerms } from '../types';
import { optimisedChannels, recombineColour, type ColourPrepared } from './colourControl';

/** The RGB image a user would get from `x` at this scale: colour recombined, rounded and clamped to 0..255. */
export function deliveredImage(prepared: ColourPrepared, x: tf.Tensor, height: number, width: number): tf.Tensor3D {
  return tf.tidy('deliveredLoss.deliveredImage', () => tf.round(tf.clipByValue(recombineColour(prepared, x, height, width), 0, 255)));
}

/**
 * The loss terms of the delivered image `image` (from {@link deliveredImage}): it is turned back into the
 * optimised channels (its luminance in luminance mode) and evaluated forward only with `evaluate`.
 */
export function deliveredLoss(image: tf.Tensor3D, channels: 1 | 3, evaluate: (x: tf.Tensor4D) => LossTerms): LossTerms {
  const input = tf.tidy('stylize.deliveredInput', () => optimisedChannels(tf.expandDims<tf.Tensor4D>(image, 0), channels));
  try {
    return evaluate(input);
  } finally {
    input.dispose();
  }
}
