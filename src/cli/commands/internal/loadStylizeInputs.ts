// `stylegrad stylize`: read a checked plan's images and assemble the options of stylize.
import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../../../extractors/types';
import { restateError } from '../../../internal/restateError';
import { readImage, type ReadImageOptions } from '../../../node/readImage';
import type { StylizeOptions } from '../../../transfer/types';
import { loadStylizeMasks } from './loadStylizeMasks';
import type { StylizePlan } from './planStylizeRun';

const FN = 'stylegrad';

/**
 * Reads the content, style and init images of a plan (pushing each tensor onto `owned`, which the caller disposes)
 * and assembles stylize's options from them, the plan's settings and the extractor.
 *
 * @param plan - The checked plan.
 * @param extractor - The loaded extractor.
 * @param owned - Receives every image tensor read, also when a later read fails.
 * @returns stylize's options (without tiling and signal).
 * @throws {@link StylegradError} naming `--content`, `--style` or `--init` for an image that cannot be decoded, and
 *   `--mask` or `--style-mask` for a mask that cannot be decoded, is not grey or is all black.
 * @example
 * ```ts
 * const owned: tf.Tensor[] = [];
 * const options = await loadStylizeInputs(plan, extractor, owned);
 * ```
 * @category CLI
 */
export async function loadStylizeInputs(plan: StylizePlan, extractor: FeatureExtractor, owned: tf.Tensor[]): Promise<StylizeOptions> {
  const content = plan.content === undefined ? undefined : await readFlagImage('--content', plan.content, plan.size === undefined ? {} : { size: plan.size });
  if (content !== undefined) owned.push(content);
  const styleImages: tf.Tensor3D[] = [];
  for (const path of plan.styles) {
    const image = await readFlagImage('--style', path, plan.styleReadSize === undefined ? {} : { size: plan.styleReadSize });
    owned.push(image);
    styleImages.push(image);
  }
  let init: StylizeOptions['init'] | undefined;
  if (plan.initIsImage && plan.init !== undefined) {
    const image = await readFlagImage('--init', plan.init);
    owned.push(image);
    init = image;
  } else if (plan.init !== undefined) {
    init = plan.init as 'content' | 'noise';
  }
  const spatial = await loadStylizeMasks(plan.spatial, { content, styles: styleImages, blend: plan.blend }, owned);
  return {
    ...plan.settings,
    ...spatial,
    preset: plan.presetName,
    extractor,
    ...(content === undefined ? {} : { content }),
    ...(styleImages.length === 0 ? {} : { style: styleImages.map((image, i) => ({ image, weight: plan.blend[i] ?? 1 })) }),
    ...(init === undefined ? {} : { init }),
    ...(plan.size === undefined ? {} : { size: plan.size }),
    imageEvery: plan.saveEvery,
  };
}

/** readImage, with a decoding error (a truncated file passes the header check) named by the flag. */
async function readFlagImage(flag: string, path: string, options: ReadImageOptions = {}): Promise<tf.Tensor3D> {
  try {
    return await readImage(path, options);
  } catch (error) {
    throw restateError(error, FN, flag);
  }
}
