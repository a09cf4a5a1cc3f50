// The 8-bit image stylize delivers and its loss: what a user gets back (colour recombined, rounded, clamped to
// 0..255) and the loss evaluated on exactly those pixels, next to the optimiser's float loss.
import * as tf from '@tensorflow/tfjs-core';
import { compositeMasked } from '../../image/compositeMasked';
import { layerMasks } from '../../image/layerMasks';
import { resizeImage } from '../../image/resizeImage';
import type { LossTerms } from '../types';
import { optimisedChannels, recombineColour, type ColourPrepared } from './colourControl';
import type { StylizePlan } from './resolveOptions';

/** With a stylisation mask: the mask and the (RGB) content image kept where the mask is 0, both at the content's size. */
export interface KeptContent {
  readonly mask: tf.Tensor;
  readonly content: tf.Tensor3D;
}

/**
 * The RGB image a user would get from `x` at this scale: colour recombined, composited over the content by
 * `kept`'s mask ({@link compositeMasked}, mask and content brought to this scale), rounded and clamped to 0..255.
 */
export function deliveredImage(prepared: ColourPrepared, x: tf.Tensor, height: number, width: number, kept: KeptContent | null = null): tf.Tensor3D {
  return tf.tidy('deliveredLoss.deliveredImage', () => {
    const rgb = recombineColour(prepared, x, height, width);
    if (kept === null) return tf.round(tf.clipByValue(rgb, 0, 255));
    const mask = layerMasks(kept.mask, { image: { height, width } }).image as tf.Tensor4D;
    return tf.round(tf.clipByValue(compositeMasked(rgb, resizeImage(kept.content, { height, width }), mask), 0, 255));
  });
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

/** What the delivered image keeps of the content: the plan's stylisation mask and RGB content, or `null`. */
export function keptContent(plan: StylizePlan): KeptContent | null {
  const { mask } = plan.spatial;
  return mask === null || plan.content === null ? null : { mask, content: plan.content };
}
