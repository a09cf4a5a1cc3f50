import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { parseModelJson } from '../io/internal/decodeManifestWeights';
import { writeFolderAtomic } from './internal/atomicWrite';
import { modelFileNames, writeModelFiles } from './internal/writeModelFiles';

/** Options for {@link fileSystemIOHandler}. */
export interface FileSystemIOHandlerOptions {
  /** When saving: the largest shard in bytes (default 4 MiB, as the tfjs converter writes). */
  readonly shardBytes?: number;
  /**
   * When saving: replace an existing folder (default `true`). With `false` an existing folder, or one another
   * process creates while saving, is an error and is left untouched.
   */
  readonly overwrite?: boolean;
}

/**
 * A `tf.io.IOHandler` over the filesystem, for Node without tfjs-node (where `file://` URLs do not work).
 *
 * `load()` reads a tfjs layers-model folder (model.json + shards) and returns its artifacts, so it works with
 * `tf.loadLayersModel(handler)` and with this library's loaders; a missing shard rejects with an error naming
 * the file. `save()` writes model.json and `group1-shardNofM.bin` shards, keeping any quantization the artifacts'
 * weight specs declare, into a temporary sibling folder that then replaces the folder as a whole (atomically:
 * no half-written model, no stale shard of an older one). An existing folder holding anything but model.json and
 * shards is refused, never replaced.
 *
 * @param modelJsonPath - The path of model.json, or of the folder holding it.
 * @param options - `shardBytes` and `overwrite` for saving.
 * @returns An IOHandler with `load` and `save`.
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { fileSystemIOHandler } from 'stylegrad/node';
 * const model = await tfl.loadLayersModel(fileSystemIOHandler('weights/vgg19-notop-uint8'));
 * ```
 * @category Node
 */
export function fileSystemIOHandler(modelJsonPath: string, options: FileSystemIOHandlerOptions = {}): tf.io.IOHandler {
  const fn = 'fileSystemIOHandler';
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') {
    throw new StylegradError(fn, 'modelJsonPath', 'must be a non-empty path to model.json or its folder.');
  }
  const jsonPath = modelJsonPath.endsWith('.json') ? modelJsonPath : path.join(modelJsonPath, 'model.json');
  const folder = path.dirname(jsonPath);
  const shardBytes = options.shardBytes ?? 4 * 1024 * 1024;

  const load = async (): Promise<tf.io.ModelArtifacts> => {
    let text: string;
    try {
      text = await readFile(jsonPath, 'utf8');
    } catch (error) {
      throw new StylegradError(fn, 'modelJsonPath', `'${jsonPath}' could not be read (${(error as Error).message}).`);
    }
    const json = parseModelJson(fn, text, jsonPath);
    return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of manifest) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const file = path.join(folder, p);
          try {
            const bytes = await readFile(file);
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          } catch (error) {
            throw new StylegradError(fn, 'modelJsonPath', `lists weight file '${p}' that could not be read (${(error as Error).message}).`);
          }
        }
      }
      return [specs, buffers];
    });
  };

  const save = (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> =>
    writeFolderAtomic(fn, 'modelJsonPath', folder, (temporary) => writeModelFiles(fn, temporary, path.basename(jsonPath), artifacts, shardBytes), {
      overwrite: options.overwrite ?? true,
      replaceable: modelFileNames(path.basename(jsonPath)),
    });

  return { load, save };
}
