// Colour control for stylize (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style Transfer", §5):
// what the loss sees before optimising (prepareColour) and the RGB image after it (recombineColour).
import * as tf from '@tensorflow/tfjs-core';
import { matchColorStatistics } from '../../image/matchColorStatistics';
import { matchHistogram } from '../../image/matchHistogram';
import { resizeImage } from '../../image/resizeImage';
import { rgbToYiq } from '../../image/rgbToYiq';
import { yiqToRgb } from '../../image/yiqToRgb';
import type { StylizePlan } from './resolveOptions';

/** The images the loss is built from after colour control, at full size. */
export interface ColourPrepared {
  /** The image the content losses are computed on (RGB, or luminance replicated to RGB). */
  readonly content: tf.Tensor3D | null;
  /** Content chroma (I, Q) at full size, for luminance mode. */
  readonly chroma: tf.Tensor3D | null;
  /** Style images after colour control. */
  readonly styles: readonly { image: tf.Tensor3D; weight: number }[];
  /** Channels of the optimised image: 3, or 1 (luminance). */
  readonly channels: 1 | 3;
}

/**
 * Applies `plan.colour` once at full size: `'luminance'` optimises the Y channel against the content's
 * luminance and the styles' luminance matched to the content's mean and standard deviation; `'statistics'` and
 * `'histogram'` recolour the styles to the content's colours; `'none'` passes the images through.
 * Tensors made here are pushed to `owned` (the caller disposes them).
 */
export function prepareColour(plan: StylizePlan, owned: tf.Tensor[]): ColourPrepared {
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const content = plan.content;
  if (plan.colour === 'luminance' && content !== null) return prepareLuminance(plan, content, keep);
  const styles = plan.styles.map(({ image, weight }) => {
    if (content === null || plan.colour === 'none') return { image, weight };
    const matched = plan.colour === 'statistics' ? matchColorStatistics(image, content) : matchHistogram(image, content);
    return { image: keep(matched), weight };
  });
  return { content, chroma: null, styles, channels: 3 };
}

/** Luminance-only transfer: grey content, luminance-matched grey styles, the content's chroma kept aside. */
function prepareLuminance(plan: StylizePlan, content: tf.Tensor3D, keep: <T extends tf.Tensor>(t: T) => T): ColourPrepared {
  const yiq = keep(rgbToYiq(content));
  const [h, w] = [content.shape[0], content.shape[1]];
  const contentY = tf.tidy('stylize.contentLuminance', () => tf.slice(yiq, [0, 0, 0], [h, w, 1]));
  const chroma = keep(tf.slice(yiq, [0, 0, 1], [h, w, 2]));
  const moments = tf.tidy('stylize.luminanceMoments', () => tf.moments(contentY));
  const [mc, vc] = [moments.mean.dataSync()[0] ?? 0, moments.variance.dataSync()[0] ?? 0];
  tf.dispose([moments.mean, moments.variance]);
  const styles = plan.styles.map(({ image, weight }) => {
    const y = tf.tidy('stylize.matchedLuminance', () => {
      const sy = tf.slice(rgbToYiq(image), [0, 0, 0], [image.shape[0], image.shape[1], 1]);
      const m = tf.moments(sy);
      // Match the style's luminance mean and standard deviation to the content's (Gatys et al. 2017, §5).
      const scaled = tf.add(tf.mul(tf.sub(sy, m.mean), tf.div(Math.sqrt(vc), tf.sqrt(tf.add(m.variance, 1e-6)))), mc);
      return tf.tile(tf.clipByValue(scaled, 0, 255), [1, 1, 3]) as tf.Tensor3D;
    });
    return { image: keep(y), weight };
  });
  const grey = keep(tf.tidy('stylize.greyContent', () => tf.tile<tf.Tensor3D>(contentY, [1, 1, 3])));
  contentY.dispose();
  return { content: grey, chroma, styles, channels: 1 };
}

/**
 * The RGB image of the optimised channels `x` at `height`×`width` (float, not rounded): itself, or in
 * luminance mode its Y recombined with the content's chroma resized to this scale. Call inside a tidy.
 */
export function recombineColour(prepared: ColourPrepared, x: tf.Tensor, height: number, width: number): tf.Tensor3D {
  const image = tf.reshape<tf.Rank.R3>(x, [height, width, prepared.channels]);
  if (prepared.channels !== 1 || prepared.chroma === null) return image;
  const chroma = resizeImage(prepared.chroma, { height, width });
  return yiqToRgb(tf.concat([image, chroma], 2));
}

/** The optimised channels of an RGB batch `[1, H, W, 3]`: itself, or its luminance Y. Call inside a tidy. */
export function optimisedChannels(rgb: tf.Tensor4D, channels: 1 | 3): tf.Tensor4D {
  if (channels === 3) return rgb;
  return tf.slice(rgbToYiq(rgb), [0, 0, 0, 0], [1, rgb.shape[1], rgb.shape[2], 1]);
}

/** The network input for optimised channels: itself, or its luminance replicated to RGB. */
export function networkInput(x: tf.Tensor4D, channels: 1 | 3): tf.Tensor4D {
  return channels === 1 ? tf.tile(x, [1, 1, 1, 3]) : x;
}
