import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../errors';
import { decodeManifestWeights } from '../io/decodeManifestWeights';
import { parseModelJson } from '../io/parseModelJson';
import { isHdf5 } from '../io/isHdf5';
import type { WeightMap } from '../io/types';
import { folderShardReader, readManifestText } from './internal/folderFiles';
import { parseH5InWorker } from './internal/parseH5InWorker';

const FN = 'loadWeightsFromPath';

/**
 * Options for {@link loadWeightsFromPath}.
 *
 * @example
 * ```ts
 * const options: LoadWeightsFromPathOptions = { h5TimeoutSeconds: 30 };
 * ```
 * @category Node
 */
export interface LoadWeightsFromPathOptions {
  /**
   * Time limit, in seconds, for parsing a `.h5` file (which runs in a worker thread). Default:
   * `$STYLEGRAD_H5_TIMEOUT` when set, else 60 s plus 1 s per 10 MB of file. A parse that takes longer is
   * stopped and reported as a corrupt file: libhdf5 can loop forever on some damaged metadata.
   */
  readonly h5TimeoutSeconds?: number;
}

/**
 * Loads named weights from the filesystem: a tfjs layers-model folder (or its model.json) or a Keras HDF5
 * file, recognised by content. For a folder, each weight group loads if its shard files exist; groups whose
 * files are missing are listed in {@link WeightMap.missing} with the missing file's path, so a partial
 * folder still loads what it has (an extractor then names the file if a layer needs it).
 *
 * Everything else is checked before use: the manifest field by field; every shard must be a regular file
 * inside the folder (no absolute paths, `..` or symlinks out) whose size (checked before it is read) is what
 * the shapes and dtypes of its weights need; every weight must be finite.
 *
 * A `.h5` file is parsed (by h5wasm, as `loadKerasH5Weights` does) in a `worker_threads` Worker with a time
 * limit (`options.h5TimeoutSeconds`): libhdf5 can loop forever on some corrupt metadata, and only a worker
 * can be stopped. The worker is terminated when the parse ends or the limit passes; the tensors are built on
 * the calling thread.
 *
 * @param weightsPath - A folder holding model.json, a model.json, or a `.h5` file.
 * @param options - `h5TimeoutSeconds`; see {@link LoadWeightsFromPathOptions}.
 * @returns The weights by name; the caller owns the tensors.
 * @throws StylegradError when the path does not exist or the file is neither a tfjs model.json nor HDF5, the
 *   manifest is malformed, a shard is truncated, padded or outside the folder, or a weight is NaN or ±Infinity;
 *   when a `.h5` file is corrupt, including one whose parse does not finish within the time limit; when
 *   `options.h5TimeoutSeconds` or `$STYLEGRAD_H5_TIMEOUT` is not a positive number.
 * @example
 * ```ts
 * import { loadWeightsFromPath } from 'stylegrad/node';
 * const weights = await loadWeightsFromPath('weights/vgg19-notop-uint8');
 * console.log(Object.keys(weights.tensors).length, Object.keys(weights.missing));
 * ```
 * @category Node
 */
export async function loadWeightsFromPath(weightsPath: string, options: LoadWeightsFromPathOptions = {}): Promise<WeightMap> {
  if (typeof weightsPath !== 'string' || weightsPath === '') throw new StylegradError(FN, 'weightsPath', 'must be a non-empty path.');
  let file = weightsPath;
  try {
    if ((await stat(weightsPath)).isDirectory()) file = path.join(weightsPath, 'model.json');
  } catch (error) {
    throw new StylegradError(FN, 'weightsPath', `'${weightsPath}' could not be read (${(error as Error).message}).`);
  }
  if ((await stat(file).catch(() => undefined))?.size === 0) {
    throw new StylegradError(FN, 'weightsPath', `'${file}' is empty (0 bytes); expected a Keras .h5 weights file or a tfjs model.json.`);
  }
  if (await startsAsHdf5(file)) {
    return parseH5InWorker(file, { fn: FN, argument: 'weightsPath', timeoutSeconds: options.h5TimeoutSeconds, timeoutArgument: 'options.h5TimeoutSeconds' });
  }
  const json = parseModelJson(FN, await readManifestText(FN, 'weightsPath', file), file);
  return decodeManifestWeights(FN, json.weightsManifest, folderShardReader(FN, 'weightsPath', path.dirname(file)), file);
}

/** True when `file` is a regular file starting with the HDF5 signature. */
async function startsAsHdf5(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile() !== true) return false;
  const handle = await open(file, 'r');
  try {
    const head = new Uint8Array(8);
    await handle.read(head, 0, 8, 0);
    return isHdf5(head);
  } finally {
    await handle.close();
  }
}
