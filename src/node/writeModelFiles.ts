// The files of a tfjs layers-model folder (model.json + group1-shardNofM.bin), written into a folder that is
// not yet published: callers wrap this in writeFolderAtomic so the folder appears (or is replaced) whole.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from './writeFileAtomic';

/**
 * Writes `artifacts` as model.json (named `jsonName`) plus shards of at most `shardBytes` into `folder`,
 * keeping any quantization the weight specs declare.
 *
 * @param fn - The public function writing (for errors).
 * @param folder - An unpublished folder (the temporary folder of writeFolderAtomic).
 * @param jsonName - The file name of model.json.
 * @param artifacts - What to write.
 * @param shardBytes - The largest shard in bytes.
 * @returns The SaveResult tfjs expects from an IOHandler.
 * @example
 * ```ts
 * await writeFolderAtomic(fn, 'folder', 'out/model', (dir) => writeModelFiles(fn, dir, 'model.json', artifacts, 4 << 20));
 * ```
 */
export async function writeModelFiles(fn: string, folder: string, jsonName: string, artifacts: tf.io.ModelArtifacts, shardBytes: number): Promise<tf.io.SaveResult> {
  const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  const count = Math.max(1, Math.ceil(data.byteLength / shardBytes));
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `group1-shard${i + 1}of${count}.bin`;
    paths.push(name);
    const shard = new Uint8Array(data, i * shardBytes, Math.min(shardBytes, data.byteLength - i * shardBytes));
    await writeFileAtomic(fn, 'folder', path.join(folder, name), shard);
  }
  const json: Record<string, unknown> = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'stylegrad',
    convertedBy: artifacts.convertedBy ?? 'stylegrad',
    modelTopology: artifacts.modelTopology ?? null,
    weightsManifest: [{ paths, weights: artifacts.weightSpecs ?? [] }],
  };
  await writeFileAtomic(fn, 'folder', path.join(folder, jsonName), JSON.stringify(json));
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: JSON.stringify(artifacts.modelTopology ?? null).length,
      weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
      weightDataBytes: data.byteLength,
    },
  };
}
