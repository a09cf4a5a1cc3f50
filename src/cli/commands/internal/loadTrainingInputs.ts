// `stylegrad train`: read what training starts from (the style image, the images, a checkpoint) and make the network.
import type * as tf from '@tensorflow/tfjs-core';
import { createTransformNet } from '../../../feedforward/createTransformNet';
import type { TransformNet } from '../../../feedforward/types';
import { loadTrainingCheckpoint, type LoadedTrainingState } from '../../../node/loadTrainingCheckpoint';
import { readImage } from '../../../node/readImage';
import { trainingImagesFromFolder, type FolderTrainingImages } from '../../../node/trainingImagesFromFolder';
import type { TrainCommandOptions } from '../train';

/**
 * What {@link loadTrainingInputs} loads; the caller owns (and disposes) the tensors.
 *
 * @example
 * ```ts
 * const inputs: TrainingInputs = await loadTrainingInputs(options, plan.styleSize, plan.settings.seed);
 * ```
 * @category CLI
 */
export interface TrainingInputs {
  readonly style: tf.Tensor3D;
  readonly images: FolderTrainingImages;
  readonly resume: LoadedTrainingState | undefined;
  readonly net: TransformNet;
}

/**
 * Reads the style image (at `--style-size`), lists the training images, loads the `--resume` checkpoint and creates
 * a new network with the seed; nothing is left owned on failure.
 *
 * @param options - The parsed flags (`style`, `images`, `resume`).
 * @param styleSize - `--style-size`, or `undefined` for the image's own size.
 * @param seed - The network's initialisation seed.
 * @returns The inputs; the caller disposes them.
 * @throws {@link StylegradError} for an unreadable image, folder or checkpoint.
 * @example
 * ```ts
 * const { style, images, resume, net } = await loadTrainingInputs(options, 512, 0);
 * ```
 * @category CLI
 */
export async function loadTrainingInputs(options: TrainCommandOptions, styleSize: number | undefined, seed: number | undefined): Promise<TrainingInputs> {
  const style = await readImage(options.style, styleSize === undefined ? {} : { size: styleSize });
  try {
    const images = await trainingImagesFromFolder(options.images);
    const resume = options.resume === undefined ? undefined : await loadTrainingCheckpoint(options.resume);
    return { style, images, resume, net: createTransformNet(seed === undefined ? {} : { seed }) };
  } catch (error) {
    style.dispose();
    throw error;
  }
}
