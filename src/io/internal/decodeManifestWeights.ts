// Reads the weights a tfjs `model.json` lists, group by group, through any file reader (fetch, fs, memory).
// A group whose files cannot be read is recorded as missing (naming the file) instead of failing the load,
// so a partially present folder still loads what exists.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import type { WeightMap } from '../types';

/** Reads one file named relative to the folder holding model.json; rejects with a message naming it. */
export type ReadWeightFile = (relativePath: string) => Promise<ArrayBuffer>;

const BYTES_PER_VALUE: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Parses model.json text, with errors that say which file is not what it claims. */
export function parseModelJson(fn: string, text: string, source: string): tf.io.ModelJSON {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StylegradError(fn, 'source', `'${source}' is not a tfjs model.json: it is not valid JSON (starts with ${JSON.stringify(text.slice(0, 16))}).`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { weightsManifest?: unknown }).weightsManifest)) {
    throw new StylegradError(fn, 'source', `'${source}' is not a tfjs model.json: it has no 'weightsManifest' array.`);
  }
  return json as tf.io.ModelJSON;
}

/** The number of bytes a manifest entry occupies in its shard data. */
export function entryByteLength(entry: tf.io.WeightsManifestEntry): number {
  const storedDtype = entry.quantization?.dtype ?? entry.dtype;
  const bytes = BYTES_PER_VALUE[storedDtype];
  if (bytes === undefined) throw new Error(`weight '${entry.name}' has unsupported dtype '${storedDtype}'`);
  return entry.shape.reduce((a, b) => a * b, 1) * bytes;
}

/** Decodes every group of `manifest`, reading shards with `read`; unreadable groups land in `missing`. */
export async function decodeManifestWeights(
  fn: string,
  manifest: tf.io.WeightsManifestConfig,
  read: ReadWeightFile,
  source: string,
): Promise<WeightMap> {
  const groups = await Promise.all(
    manifest.map(async (group) => {
      const results = await Promise.allSettled(group.paths.map((p) => read(p)));
      const failed = results.findIndex((r) => r.status === 'rejected');
      if (failed >= 0) {
        const reason = (results[failed] as PromiseRejectedResult).reason as unknown;
        const why = reason instanceof Error ? reason.message : String(reason);
        return { group, missing: `weight file '${group.paths[failed] ?? '?'}' listed in ${source} could not be read (${why})` };
      }
      const buffers = results.map((r) => (r as PromiseFulfilledResult<ArrayBuffer>).value);
      return { group, buffers };
    }),
  );
  const tensors: Record<string, tf.Tensor> = {};
  const missing: Record<string, string> = {};
  try {
    for (const entry of groups) {
      if (entry.missing !== undefined) {
        for (const w of entry.group.weights) missing[w.name] = entry.missing;
        continue;
      }
      const actual = entry.buffers.reduce((a, b) => a + b.byteLength, 0);
      const expected = entry.group.weights.reduce((a, w) => a + entryByteLength(w), 0);
      // Shards may carry trailing bytes (a manifest trimmed to fewer weights); fewer bytes than needed is an error.
      if (actual < expected) {
        throw new StylegradError(
          fn,
          'source',
          `shards ${entry.group.paths.join(', ')} of ${source} hold ${actual} bytes but the manifest's weights (${entry.group.weights.map((w) => w.name).join(', ')}) need ${expected}; the files are truncated or do not belong to this model.json.`,
        );
      }
      Object.assign(tensors, tf.io.decodeWeights(entry.buffers, entry.group.weights));
    }
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  return { source, tensors, missing };
}
