import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../errors';
import { decodeManifestWeights, parseModelJson } from '../io/internal/decodeManifestWeights';
import { isHdf5 } from '../io/internal/h5';
import { loadKerasH5Weights } from '../io/loadKerasH5Weights';
import type { WeightMap } from '../io/types';

/**
 * Loads named weights from the filesystem: a tfjs layers-model folder (or its model.json) or a Keras HDF5
 * file, recognised by content. For a folder, each weight group loads if its shard files exist; groups whose
 * files are missing are listed in {@link WeightMap.missing} with the missing file's path, so a partial
 * folder still loads what it has (an extractor then names the file if a layer needs it).
 *
 * @param weightsPath - A folder holding model.json, a model.json, or a `.h5` file.
 * @returns The weights by name; the caller owns the tensors.
 * @throws StylegradError when the path does not exist or the file is neither a tfjs model.json nor HDF5.
 * @example
 * ```ts
 * import { loadWeightsFromPath } from 'stylegrad/node';
 * const weights = await loadWeightsFromPath('weights/vgg19-notop-uint8');
 * console.log(Object.keys(weights.tensors).length, Object.keys(weights.missing));
 * ```
 * @category Node
 */
export async function loadWeightsFromPath(weightsPath: string): Promise<WeightMap> {
  const fn = 'loadWeightsFromPath';
  if (typeof weightsPath !== 'string' || weightsPath === '') throw new StylegradError(fn, 'weightsPath', 'must be a non-empty path.');
  let file = weightsPath;
  try {
    if ((await stat(weightsPath)).isDirectory()) file = path.join(weightsPath, 'model.json');
  } catch (error) {
    throw new StylegradError(fn, 'weightsPath', `'${weightsPath}' could not be read (${(error as Error).message}).`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new StylegradError(fn, 'weightsPath', `'${file}' could not be read (${(error as Error).message}).`);
  }
  if (isHdf5(bytes)) return loadKerasH5Weights(bytes, file);
  const json = parseModelJson(fn, new TextDecoder().decode(bytes), file);
  const folder = path.dirname(file);
  return decodeManifestWeights(
    fn,
    json.weightsManifest,
    async (p) => {
      const data = await readFile(path.join(folder, p));
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    },
    file,
  );
}
