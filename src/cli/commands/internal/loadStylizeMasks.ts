// `stylegrad stylize`: read the checked mask files (readMask, at the size the images were read at) and turn them
// into stylize's `styleStrength`, `mask` or `regions`.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../../errors';
import { restateError } from '../../../internal/restateError';
import { readImage } from '../../../node/readImage';
import { readMask } from '../../../node/readMask';
import type { StylizeOptions, StylizeRegion } from '../../../transfer/types';
import type { StylizeMaskPlan } from './planStylizeMasks';

const FN = 'stylegrad';
/** Largest difference between a pixel's R, G and B (0..255) still counted as grey (JPEG chroma noise). */
const GREY_TOLERANCE = 8;

/**
 * Reads the masks of a checked {@link StylizeMaskPlan} with {@link readMask}, each at the size its image was read at
 * (masks: the content's; style masks: their style's), pushing every tensor onto `owned` (the caller disposes them).
 *
 * @param plan - The checked mask plan.
 * @param images - The content and style images as read (their sizes), and the styles' blend weights (region weights).
 * @param owned - Receives every tensor made, also when a later read fails.
 * @returns stylize's `styleStrength` and `mask` or `regions` (region i: mask i, or all of the content without
 *   masks, with style i, style mask i and blend weight i).
 * @throws {@link StylegradError} naming `--mask` or `--style-mask` for a file that cannot be decoded, is not grey
 *   (R, G and B differ by more than 8 levels somewhere) or is all black.
 * @example
 * ```ts
 * const spatial = await loadStylizeMasks(plan.spatial, { content, styles, blend: [1] }, owned);
 * ```
 * @category CLI
 */
export async function loadStylizeMasks(
  plan: StylizeMaskPlan,
  images: { readonly content: tf.Tensor3D | undefined; readonly styles: readonly tf.Tensor3D[]; readonly blend: readonly number[] },
  owned: tf.Tensor[],
): Promise<Partial<StylizeOptions>> {
  const strength = plan.styleStrength === undefined ? {} : { styleStrength: plan.styleStrength };
  const content = images.content;
  if (plan.kind === 'none' || content === undefined) return strength;
  const contentSize = { height: content.shape[0], width: content.shape[1] };
  const masks: tf.Tensor2D[] = [];
  for (const path of plan.masks) masks.push(await readFlagMask('--mask', path, contentSize, owned));
  if (plan.kind === 'mask') return { ...strength, mask: masks[0] as tf.Tensor2D };
  const regions: StylizeRegion[] = [];
  for (const [i, style] of images.styles.entries()) {
    let mask = masks[i] ?? masks[0];
    if (mask === undefined) {
      mask = tf.ones<tf.Rank.R2>([contentSize.height, contentSize.width]);
      owned.push(mask);
    }
    const path = plan.styleMasks[i];
    const styleMask = path === undefined ? undefined : await readFlagMask('--style-mask', path, { height: style.shape[0], width: style.shape[1] }, owned);
    regions.push({ mask, style: i, ...(styleMask === undefined ? {} : { styleMask }), weight: images.blend[i] ?? 1 });
  }
  return { ...strength, regions };
}

/** One mask file read at `size`, checked grey and not all black first. */
async function readFlagMask(flag: string, path: string, size: { height: number; width: number }, owned: tf.Tensor[]): Promise<tf.Tensor2D> {
  let rgb: tf.Tensor3D;
  try {
    rgb = await readImage(path, { background: [0, 0, 0] });
  } catch (error) {
    throw restateError(error, FN, flag);
  }
  const [spread, max] = tf.tidy('loadStylizeMasks.check', () => {
    const channels = tf.unstack(rgb, 2);
    const spread = tf.max(tf.maximum(tf.abs(tf.sub(channels[0] as tf.Tensor, channels[1] as tf.Tensor)), tf.abs(tf.sub(channels[1] as tf.Tensor, channels[2] as tf.Tensor))));
    return [spread.dataSync()[0] as number, tf.max(rgb).dataSync()[0] as number];
  });
  rgb.dispose();
  if (spread > GREY_TOLERANCE) throw new StylegradError(FN, flag, `'${path}' is not grey: its R, G and B differ by up to ${spread} levels; give a grey (black and white) mask image.`);
  if (max === 0) throw new StylegradError(FN, flag, `'${path}' is all black; a mask must be white (1) where the style goes.`);
  const mask = await readMask(path, { size });
  owned.push(mask);
  return mask;
}
