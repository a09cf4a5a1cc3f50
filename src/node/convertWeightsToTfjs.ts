import * as tf from '@tensorflow/tfjs-core';
import { weightsToModelArtifacts, type WeightsToModelArtifactsOptions } from '../io/weightsToModelArtifacts';
import { fileSystemIOHandler } from './fileSystemIOHandler';
import { loadWeightsFromPath } from './loadWeightsFromPath';

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
 * @param outputFolder - The folder to write (created if needed; existing files of the same names are replaced).
 * @param options - `quantize`: `'float32'` (default), `'float16'` or `'uint8'`.
 * @returns The model.json path, tensor count and shard bytes.
 * @throws StylegradError when the input cannot be read or is not a weights file.
 * @example
 * ```ts
 * import { convertWeightsToTfjs } from 'stylegrad/node';
 * await convertWeightsToTfjs('vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5', 'public/vgg16', { quantize: 'uint8' });
 * ```
 * @category Node
 */
export async function convertWeightsToTfjs(
  inputPath: string,
  outputFolder: string,
  options: Pick<WeightsToModelArtifactsOptions, 'quantize'> = {},
): Promise<ConvertWeightsResult> {
  const weights = await loadWeightsFromPath(inputPath);
  try {
    const artifacts = await weightsToModelArtifacts(weights, options);
    const handler = fileSystemIOHandler(outputFolder);
    await (handler.save as NonNullable<tf.io.IOHandler['save']>)(artifacts);
    return {
      modelJsonPath: `${outputFolder.replace(/\/+$/, '')}/model.json`,
      tensors: artifacts.weightSpecs?.length ?? 0,
      bytes: (artifacts.weightData as ArrayBuffer).byteLength,
    };
  } finally {
    tf.dispose(Object.values(weights.tensors));
  }
}
