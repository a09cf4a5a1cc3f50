import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { checkShardSizes } from '../io/internal/checkShardSizes';
import { parseModelJson } from '../io/internal/decodeManifestWeights';
import { folderShardReader, readManifestText } from './internal/folderFiles';

/** Options for {@link fileSystemIOHandler}. */
export interface FileSystemIOHandlerOptions {
  /** When saving: the largest shard in bytes (default 4 MiB, as the tfjs converter writes). */
  readonly shardBytes?: number;
}

/**
 * A `tf.io.IOHandler` over the filesystem, for Node without tfjs-node (where `file://` URLs do not work).
 *
 * `load()` reads a tfjs layers-model folder (model.json + shards) and returns its artifacts, so it works with
 * `tf.loadLayersModel(handler)` and with this library's loaders; a missing shard rejects with an error naming
 * the file. Before reading, `load()` checks the manifest field by field, that every shard is a regular file
 * inside the folder (no absolute paths, `..` or symlinks out) whose size is what its weights need, and that
 * model.json is at most 64 MiB. `save()` writes model.json and `group1-shardNofM.bin` shards into the folder, keeping any
 * quantization the artifacts' weight specs declare.
 *
 * @param modelJsonPath - The path of model.json, or of the folder holding it.
 * @param options - `shardBytes` for saving.
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

  const save = async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
    const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const count = Math.max(1, Math.ceil(data.byteLength / shardBytes));
    const paths: string[] = [];
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < count; i++) {
      const name = `group1-shard${i + 1}of${count}.bin`;
      paths.push(name);
      await writeFile(path.join(folder, name), new Uint8Array(data, i * shardBytes, Math.min(shardBytes, data.byteLength - i * shardBytes)));
    }
    const json: Record<string, unknown> = {
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy ?? 'stylegrad',
      convertedBy: artifacts.convertedBy ?? 'stylegrad',
      modelTopology: artifacts.modelTopology ?? null,
      weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
    };
    const text = JSON.stringify(json);
    await writeFile(jsonPath, text);
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
        weightDataBytes: data.byteLength,
      },
    };
  };

  return { load, save };
}

/** Turns a read failure of shard `p` into the StylegradError that names it (StylegradErrors pass through). */
function unreadable(p: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof StylegradError) throw error;
    throw new StylegradError('fileSystemIOHandler', 'modelJsonPath', `lists weight file '${p}' that could not be read (${(error as Error).message}).`);
  };
}
