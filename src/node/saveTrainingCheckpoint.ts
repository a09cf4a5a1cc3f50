import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { TrainingState } from '../feedforward/trainTypes';
import { saveTransformNetToPath } from './saveTransformNetToPath';

/**
 * Writes a training checkpoint (a `checkpoint` event's state from `trainTransformNet`) into a folder:
 * the network as a tfjs layers model (`model.json` + shards — the folder is itself a loadable model),
 * plus `training.json` (step, seed, loss history) and `training.bin` (Adam's moments, float32).
 *
 * @param state - The training state.
 * @param folder - The destination folder (created; existing files overwritten).
 * @returns Resolves when every file is written.
 * @throws {@link StylegradError} when `folder` is not a non-empty string; rejects on filesystem errors.
 * @example
 * ```ts
 * for await (const e of trainTransformNet(options)) if (e.type === 'checkpoint') await saveTrainingCheckpoint(e.state, 'ckpt');
 * ```
 * @category Node
 */
export async function saveTrainingCheckpoint(state: TrainingState, folder: string): Promise<void> {
  if (typeof folder !== 'string' || folder.length === 0) throw new StylegradError('saveTrainingCheckpoint', 'folder', 'must be a non-empty path string.');
  await saveTransformNetToPath({ architecture: 'pytorch-examples', weights: state.weights }, folder);
  const moments: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(state.adamFirstMoments)) moments[`m/${name}`] = t;
  for (const [name, t] of Object.entries(state.adamSecondMoments)) moments[`v/${name}`] = t;
  const { data, specs } = await tf.io.encodeWeights(moments);
  await writeFile(path.join(folder, 'training.bin'), new Uint8Array(data));
  const json = { format: 'stylegrad-training-state', version: 1, step: state.step, seed: state.seed, history: state.history, weightSpecs: specs };
  await writeFile(path.join(folder, 'training.json'), JSON.stringify(json));
}
