import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { saveTransformNet } from '../feedforward/saveTransformNet';
import type { TransformNetWeights } from '../feedforward/types';
import { writeFolderAtomic } from './writeFolderAtomic';
import { modelFileNames } from './modelFileNames';
import { modelFilesHandler } from './modelFilesHandler';

/**
 * Saves a transformation network into a folder as a tfjs layers model (`model.json` +
 * `group1-shard*.bin`), atomically: the files are written into a temporary sibling folder that then
 * replaces `folder` as a whole (no half-written model, no stale shard of an older one). Serve the folder over HTTP and a browser loads it with
 * `loadTransformNet('…/model.json')`; Node reloads it with {@link loadTransformNetFromPath}.
 *
 * @param net - The network (not modified).
 * @param folder - The destination folder. An existing one holding anything but a model's files is refused.
 * @param options - Saving options.
 * @param options.overwrite - Replace an existing folder whole (default `true`). With `false`, an existing
 *   folder, or one another process creates meanwhile, is an error and is left untouched.
 * @returns The save result.
 * @throws {@link StylegradError} when `folder` is not a non-empty string, exists without `overwrite`, or cannot be
 *   written.
 * @example
 * ```ts
 * await saveTransformNetToPath(net, 'models/my-style', { overwrite: false });
 * ```
 * @category Node
 */
export async function saveTransformNetToPath(net: TransformNetWeights, folder: string, options: { readonly overwrite?: boolean } = {}): Promise<tf.io.SaveResult> {
  const fn = 'saveTransformNetToPath';
  if (typeof folder !== 'string' || folder.length === 0) throw new StylegradError(fn, 'folder', 'must be a non-empty path string.');
  return writeFolderAtomic(fn, 'folder', folder, (temporary) => saveTransformNet(net, modelFilesHandler(fn, temporary)), {
    ...options,
    replaceable: modelFileNames('model.json'),
  });
}
