import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { saveTransformNet } from '../feedforward/saveTransformNet';
import type { TransformNetWeights } from '../feedforward/types';
import { fileSystemIOHandler } from './fileSystemIOHandler';

/**
 * Saves a transformation network into a folder as a tfjs layers model (`model.json` +
 * `group1-shard*.bin`), creating the folder. Serve the folder over HTTP and a browser loads it with
 * `loadTransformNet('…/model.json')`; Node reloads it with {@link loadTransformNetFromPath}.
 *
 * @param net - The network (not modified).
 * @param folder - The destination folder; an existing model.json there is overwritten.
 * @returns The save result.
 * @throws {@link StylegradError} when `folder` is not a non-empty string; rejects on filesystem errors.
 * @example
 * ```ts
 * await saveTransformNetToPath(net, 'models/my-style');
 * ```
 * @category Node
 */
export async function saveTransformNetToPath(net: TransformNetWeights, folder: string): Promise<tf.io.SaveResult> {
  if (typeof folder !== 'string' || folder.length === 0) throw new StylegradError('saveTransformNetToPath', 'folder', 'must be a non-empty path string.');
  return saveTransformNet(net, fileSystemIOHandler(folder));
}
