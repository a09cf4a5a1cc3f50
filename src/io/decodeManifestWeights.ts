// Reads the weights a tfjs `model.json` lists, group by group, through any file reader (fetch, fs, memory).
// A group whose files cannot be read is recorded as missing (naming the file) instead of failing the load,
// so a partially present folder still loads what exists. Everything else that is wrong — a malformed
// manifest, a shard of the wrong size, a file outside the folder, a non-finite weight — is a StylegradError.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { WeightMap } from './types';
import { assertFiniteWeights } from '../internal/assertFiniteWeights';
import { checkShardSizes } from './checkShardSizes';
import { checkManifest, type ManifestGroup } from './internal/checkManifest';

/**
 * Reads the shard files named relative to the folder holding model.json. `size`, when given, reports a
 * file's size without reading it (so every size is checked before any byte is read); `read` then reads
 * exactly `bytes` bytes. Rejections that are not StylegradErrors mean "could not be read" (→ missing).
 */
export interface ShardReader {
  size?(relativePath: string): Promise<number>;
  read(relativePath: string, bytes: number): Promise<ArrayBuffer>;
}

/**
 * Decodes every group of a tfjs `weightsManifest`, reading its shards with `reader`; groups whose files cannot
 * be read land in `missing` (naming the file), so a partially present folder still loads what exists.
 *
 * @param fn - The public function loading (for errors).
 * @param manifest - The `weightsManifest` of a parsed model.json (checked here).
 * @param reader - Reads shard files relative to the folder of model.json.
 * @param source - The model.json's path or URL (for errors and the result's `source`).
 * @returns A WeightMap owning its tensors.
 * @throws {@link StylegradError} for a malformed manifest, a shard of the wrong size or a non-finite weight.
 * @example
 * ```ts
 * const json = parseModelJson(fn, text, 'vgg/model.json');
 * const weights = await decodeManifestWeights(fn, json.weightsManifest, reader, 'vgg/model.json');
 * ```
 */
export async function decodeManifestWeights(fn: string, manifest: unknown, reader: ShardReader, source: string): Promise<WeightMap> {
  const groups = checkManifest(fn, manifest, source);
  const loaded = await Promise.all(groups.map(async (group, g) => readGroup(fn, group, g, reader, source)));
  const tensors: Record<string, tf.Tensor> = {};
  const missing: Record<string, string> = {};
  try {
    loaded.forEach((entry, g) => {
      const group = groups[g] as ManifestGroup;
      if (typeof entry === 'string') {
        for (const w of group.weights) missing[w.name] = entry;
        return;
      }
      Object.assign(tensors, tf.io.decodeWeights(entry, group.weights));
    });
    assertFiniteWeights(fn, 'source', tensors, source);
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  return { source, tensors, missing };
}

/** A group's shard data (exactly the bytes its weights need), or why its files could not be read. */
async function readGroup(fn: string, group: ManifestGroup, g: number, reader: ShardReader, source: string): Promise<ArrayBuffer | string> {
  const attempt = async <T>(work: (p: string, i: number) => Promise<T>): Promise<T[] | string> => {
    const results = await Promise.allSettled(group.paths.map((p, i) => work(p, i)));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed < 0) return results.map((r) => (r as PromiseFulfilledResult<T>).value);
    const reason = (results[failed] as PromiseRejectedResult).reason as unknown;
    if (reason instanceof StylegradError) throw reason;
    const why = reason instanceof Error ? reason.message : String(reason);
    return `weight file '${group.paths[failed] ?? '?'}' listed in ${source} could not be read (${why})`;
  };
  const sizes = reader.size === undefined ? undefined : await attempt((p) => (reader.size as (p: string) => Promise<number>)(p));
  if (typeof sizes === 'string') return sizes;
  if (sizes !== undefined) checkShardSizes(fn, group, g, sizes, source);
  const buffers = await attempt((p, i) => reader.read(p, sizes?.[i] ?? -1));
  if (typeof buffers === 'string') return buffers;
  const needed = checkShardSizes(fn, group, g, buffers.map((b) => b.byteLength), source);
  return tf.io.CompositeArrayBuffer.join(buffers).slice(0, needed);
}
