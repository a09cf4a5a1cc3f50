import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { checkShardSizes } from '../io/checkShardSizes';
import { parseModelJson } from '../io/parseModelJson';
import { writeFolderAtomic } from './writeFolderAtomic';
import { modelFileNames } from './modelFileNames';
import { writeModelFiles } from './writeModelFiles';
import { folderShardReader, readManifestText } from './internal/folderFiles';

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
 * the file. Before reading, `load()` checks the manifest field by field, that every shard is a regular file
 * inside the folder (no absolute paths, `..` or symlinks out) whose size is what its weights need, and that
 * model.json is at most 64 MiB. `save()` writes model.json and `group1-shardNofM.bin` shards, keeping any
 * quantization the artifacts' weight specs declare, into a temporary sibling folder that then replaces the folder
 * as a whole (atomically: no half-written model, no stale shard of an older one). An existing folder holding
 * anything but model.json and shards is refused, never replaced.
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
  if (!Number.isSafeInteger(shardBytes) || shardBytes < 1) {
    throw new StylegradError(fn, 'options.shardBytes', `must be an integer >= 1 (bytes per shard file); got ${describe(shardBytes)}.`);
  }

  const load = async (): Promise<tf.io.ModelArtifacts> => {
    const json = parseModelJson(fn, await readManifestText(fn, 'modelJsonPath', jsonPath), jsonPath);
    const reader = folderShardReader(fn, 'modelJsonPath', folder);
    return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
      const buffers: ArrayBuffer[] = [];
      for (const [g, group] of manifest.entries()) {
        const sizes = await Promise.all(group.paths.map(async (p) => reader.size?.(p).catch(unreadable(p)) ?? 0));
        const needed = checkShardSizes(fn, group, g, sizes, jsonPath);
        const data = await Promise.all(group.paths.map(async (p, i) => reader.read(p, sizes[i] ?? 0).catch(unreadable(p))));
        buffers.push(tf.io.CompositeArrayBuffer.join(data).slice(0, needed));
      }
      return [manifest.flatMap((group) => group.weights), buffers];
    });
  };

  const save = (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> =>
    writeFolderAtomic(fn, 'modelJsonPath', folder, (temporary) => writeModelFiles(fn, temporary, path.basename(jsonPath), artifacts, shardBytes), {
      overwrite: options.overwrite ?? true,
      replaceable: modelFileNames(path.basename(jsonPath)),
    });

  return { load, save };
}

/** Turns a read failure of shard `p` into the StylegradError that names it (StylegradErrors pass through). */
function unreadable(p: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof StylegradError) throw error;
    throw new StylegradError('fileSystemIOHandler', 'modelJsonPath', `lists weight file '${p}' that could not be read (${(error as Error).message}).`);
  };
}
