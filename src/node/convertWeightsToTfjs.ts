import * as tf from '@tensorflow/tfjs-core';
import { weightsToModelArtifacts, type WeightsToModelArtifactsOptions } from '../io/weightsToModelArtifacts';
import { writeFolderAtomic } from './writeFolderAtomic';
import { assertOutsideInput } from './internal/assertOutsideInput';
import { modelFileNames } from './modelFileNames';
import { writeModelFiles } from './writeModelFiles';
import { loadWeightsFromPath } from './loadWeightsFromPath';

/**
 * Options for {@link convertWeightsToTfjs}.
 *
 * @example
 * ```ts
 * const options: ConvertWeightsOptions = { quantize: 'uint8', overwrite: true };
 * ```
 * @category Node
 */
export interface ConvertWeightsOptions {
  /** How to store the weights: `'float32'` (default), `'float16'` or `'uint8'`. */
  readonly quantize?: WeightsToModelArtifactsOptions['quantize'];
  /**
   * Replace an existing output folder, as a whole (default `false`: an existing folder is an error, found
   * before the input is read, and is left untouched — converting is cheap, losing a folder is not). Even with
   * `true`, a folder holding anything but model.json and shards is refused.
   */
  readonly overwrite?: boolean;
}

/** What {@link convertWeightsToTfjs} wrote. */
export interface ConvertWeightsResult {
  /** The model.json written. */
  readonly modelJsonPath: string;
  /** Number of weight tensors. */
  readonly tensors: number;
  /** Total bytes of the shards. */
  readonly bytes: number;
}

/**
 * Converts a Keras `.h5` weights file (or another tfjs folder) into a tfjs layers-model folder —
 * `model.json` plus `group1-shardNofM.bin` shards of at most 4 MiB — that browsers can fetch and
 * `loadTfjsWeights` / `loadVgg19` / `loadSqueezeNet` load. Weights only (no topology). This is what
 * `stylegrad convert in.h5 out-folder [--quantize uint8|float16]` runs.
 *
 * @param inputPath - A `.h5` file, or a folder / model.json of tfjs weights (e.g. to re-quantize).
 * @param outputFolder - The folder to write. It is written into a temporary sibling folder that then appears,
 *   or with `overwrite` replaces the existing folder, as a whole (no stale shard of an older model remains).
 * @param options - `quantize` and `overwrite`; see {@link ConvertWeightsOptions}.
 * @returns The model.json path, tensor count and shard bytes.
 * @throws StylegradError when the input cannot be read or is not a weights file, when `outputFolder` exists
 *   without `overwrite` (or is a file), or cannot be written.
 * @example
 * ```ts
 * import { convertWeightsToTfjs } from 'stylegrad/node';
 * await convertWeightsToTfjs('vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5', 'public/vgg16', { quantize: 'uint8' });
 * ```
 * @category Node
 */
export async function convertWeightsToTfjs(inputPath: string, outputFolder: string, options: ConvertWeightsOptions = {}): Promise<ConvertWeightsResult> {
  const fn = 'convertWeightsToTfjs';
  await assertOutsideInput(fn, inputPath, outputFolder);
  // The destination is checked before the input is read (writeFolderAtomic refuses before calling fill).
  return writeFolderAtomic(fn, 'outputFolder', outputFolder, async (temporary) => {
    const weights = await loadWeightsFromPath(inputPath);
    try {
      const artifacts = await weightsToModelArtifacts(weights, options.quantize === undefined ? {} : { quantize: options.quantize });
      await writeModelFiles(fn, temporary, 'model.json', artifacts, 4 * 1024 * 1024);
      return {
        modelJsonPath: `${outputFolder.replace(/\/+$/, '')}/model.json`,
        tensors: artifacts.weightSpecs?.length ?? 0,
        bytes: (artifacts.weightData as ArrayBuffer).byteLength,
      };
    } finally {
      tf.dispose(Object.values(weights.tensors));
    }
  }, { overwrite: options.overwrite ?? false, replaceable: modelFileNames('model.json') });
}
