import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { TrainingLossRecord, TrainingState } from '../feedforward/trainTypes';
import { loadTransformNetFromPath } from './loadTransformNetFromPath';

const FN = 'loadTrainingCheckpoint';

/**
 * A training state read from disk; its tensors belong to the caller.
 *
 * @example
 * ```ts
 * const resume: LoadedTrainingState = await loadTrainingCheckpoint('ckpt');
 * resume.dispose();
 * ```
 * @category Node
 */
export interface LoadedTrainingState extends TrainingState {
  /** Frees the state's tensors (the network weights and Adam's moments). */
  dispose(): void;
}

/**
 * Reads a training checkpoint written by {@link saveTrainingCheckpoint}, to pass as
 * `trainTransformNet({ …, resume })`. The returned tensors are the caller's: call `dispose()` once
 * training has started (the trainer copies them).
 *
 * @param folder - The checkpoint folder.
 * @returns The training state plus `dispose()`.
 * @throws {@link StylegradError} when `training.json` / `training.bin` are missing or malformed, or the
 * model in the folder does not load (see {@link loadTransformNetFromPath}).
 * @example
 * ```ts
 * const resume = await loadTrainingCheckpoint('ckpt');
 * for await (const e of trainTransformNet({ ...options, resume })) { … }
 * resume.dispose();
 * ```
 * @category Node
 */
export async function loadTrainingCheckpoint(folder: string): Promise<LoadedTrainingState> {
  if (typeof folder !== 'string' || folder.length === 0) throw new StylegradError(FN, 'folder', 'must be a non-empty path string.');
  const jsonPath = path.join(folder, 'training.json');
  let json: { format?: unknown; step?: unknown; seed?: unknown; history?: unknown; weightSpecs?: unknown };
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as typeof json;
  } catch (error) {
    throw new StylegradError(FN, 'folder', `has no readable training.json (${(error as Error).message}); is it a checkpoint written by saveTrainingCheckpoint?`);
  }
  if (json.format !== 'stylegrad-training-state' || typeof json.step !== 'number' || typeof json.seed !== 'number' || !Array.isArray(json.history) || !Array.isArray(json.weightSpecs)) {
    throw new StylegradError(FN, 'folder', `holds a training.json that is not a stylegrad training state (${jsonPath}).`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(folder, 'training.bin'));
  } catch (error) {
    throw new StylegradError(FN, 'folder', `lacks training.bin (${(error as Error).message}).`);
  }
  const net = await loadTransformNetFromPath(folder);
  let moments: tf.NamedTensorMap;
  try {
    moments = tf.io.decodeWeights(Uint8Array.from(bytes).buffer, json.weightSpecs as tf.io.WeightsManifestEntry[]);
  } catch (error) {
    net.dispose();
    throw new StylegradError(FN, 'folder', `holds a training.bin that does not match training.json (${(error as Error).message}).`);
  }
  const pick = (prefix: string): Record<string, tf.Tensor> =>
    Object.fromEntries(Object.entries(moments).filter(([n]) => n.startsWith(prefix)).map(([n, t]) => [n.slice(prefix.length), t]));
  return {
    step: json.step,
    seed: json.seed,
    history: json.history as TrainingLossRecord[],
    weights: net.weights,
    adamFirstMoments: pick('m/'),
    adamSecondMoments: pick('v/'),
    dispose() {
      net.dispose();
      tf.dispose(Object.values(moments));
    },
  };
}
