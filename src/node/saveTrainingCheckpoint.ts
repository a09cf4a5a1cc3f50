import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { TrainingState } from '../feedforward/trainTypes';
import { saveTransformNet } from '../feedforward/saveTransformNet';
import { writeFileAtomic } from './writeFileAtomic';
import { writeFolderAtomic } from './writeFolderAtomic';
import { modelFileNames } from './modelFileNames';
import { modelFilesHandler } from './modelFilesHandler';

/**
 * Writes a training checkpoint (a `checkpoint` event's state from `trainTransformNet`) into a folder:
 * the network as a tfjs layers model (`model.json` + shards — the folder is itself a loadable model),
 * plus `training.json` (step, seed, loss history) and `training.bin` (Adam's moments, float32).
 *
 * @param state - The training state.
 * @param folder - The destination folder; written into a temporary sibling folder that then replaces it whole,
 *   so an interrupted save leaves the previous checkpoint intact.
 * @returns Resolves when every file is written.
 * @throws {@link StylegradError} when `folder` is not a non-empty string or cannot be written.
 * @example
 * ```ts
 * for await (const e of trainTransformNet(options)) if (e.type === 'checkpoint') await saveTrainingCheckpoint(e.state, 'ckpt');
 * ```
 * @category Node
 */
export async function saveTrainingCheckpoint(state: TrainingState, folder: string): Promise<void> {
  const fn = 'saveTrainingCheckpoint';
  if (typeof folder !== 'string' || folder.length === 0) throw new StylegradError(fn, 'folder', 'must be a non-empty path string.');
  const moments: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(state.adamFirstMoments)) moments[`m/${name}`] = t;
  for (const [name, t] of Object.entries(state.adamSecondMoments)) moments[`v/${name}`] = t;
  const { data, specs } = await tf.io.encodeWeights(moments);
  const json = { format: 'stylegrad-training-state', version: 1, step: state.step, seed: state.seed, history: state.history, weightSpecs: specs };
  await writeFolderAtomic(fn, 'folder', folder, async (temporary) => {
    await saveTransformNet({ architecture: 'pytorch-examples', weights: state.weights }, modelFilesHandler(fn, temporary));
    await writeFileAtomic(fn, 'folder', path.join(temporary, 'training.bin'), new Uint8Array(data));
    await writeFileAtomic(fn, 'folder', path.join(temporary, 'training.json'), JSON.stringify(json));
  }, { replaceable: modelFileNames('model.json', ['training.json', 'training.bin']) });
}
