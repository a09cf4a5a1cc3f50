// Validates a tfjs `weightsManifest` field by field before any shard is read, so a malformed model.json is
// a StylegradError naming the field and the weight, never a tfjs internal error or an unbounded read.
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';

/** Bytes per stored value for each dtype tfjs can decode from a manifest. */
const BYTES_PER_VALUE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };
/** One group of a manifest: shard paths and the weights stored in them, in order. */
export type ManifestGroup = tf.io.WeightsManifestConfig[number];

const QUANTIZED_BYTES: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/** Checks `manifest` and returns it typed; `source` names the model.json in messages. */
export function checkManifest(fn: string, manifest: unknown, source: string): tf.io.WeightsManifestConfig {
  if (!Array.isArray(manifest)) throw new StylegradError(fn, 'weightsManifest', `of ${source} must be an array of weight groups; got ${describe(manifest)}.`);
  const seen = new Set<string>();
  manifest.forEach((group: unknown, g) => {
    checkGroup(fn, group, `weightsManifest[${g}]`, source);
    (group as ManifestGroup).weights.forEach((entry: unknown, w) => {
      const field = `weightsManifest[${g}].weights[${w}]`;
      const name = checkEntry(fn, entry, field, source);
      if (seen.has(name)) throw new StylegradError(fn, `${field}.name`, `of ${source} repeats weight '${name}'; weight names must be unique.`);
      seen.add(name);
    });
  });
  return manifest as tf.io.WeightsManifestConfig;
}

/** The number of bytes a (checked) manifest entry occupies in its shard data. */
export function entryByteLength(entry: tf.io.WeightsManifestEntry): number {
  const bytes = entry.quantization === undefined ? BYTES_PER_VALUE[entry.dtype] : QUANTIZED_BYTES[entry.quantization.dtype];
  return entry.shape.reduce((a, b) => a * b, 1) * (bytes ?? 0);
}

function checkGroup(fn: string, group: unknown, field: string, source: string): void {
  if (typeof group !== 'object' || group === null) throw new StylegradError(fn, field, `of ${source} must be an object { paths, weights }; got ${describe(group)}.`);
  const { paths, weights } = group as { paths?: unknown; weights?: unknown };
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string' && p !== '')) {
    throw new StylegradError(fn, `${field}.paths`, `of ${source} must be a non-empty array of file names; got ${describe(paths)}.`);
  }
  for (const p of paths as string[]) {
    if (p.startsWith('/') || p.startsWith('\\') || /^[a-z][a-z0-9+.-]*:/i.test(p) || p.split(/[\\/]/).includes('..')) {
      throw new StylegradError(fn, `${field}.paths`, `of ${source} holds '${p}'; shard paths must be relative and stay inside the model's folder (no absolute paths, URLs or '..').`);
    }
  }
  if (!Array.isArray(weights)) throw new StylegradError(fn, `${field}.weights`, `of ${source} must be an array of { name, shape, dtype }; got ${describe(weights)}.`);
}

/** Checks one weight entry and returns its name. */
function checkEntry(fn: string, entry: unknown, field: string, source: string): string {
  if (typeof entry !== 'object' || entry === null) throw new StylegradError(fn, field, `of ${source} must be an object { name, shape, dtype }; got ${describe(entry)}.`);
  const { name, shape, dtype, quantization } = entry as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: unknown };
  if (typeof name !== 'string' || name === '') throw new StylegradError(fn, `${field}.name`, `of ${source} must be a non-empty string; got ${describe(name)}.`);
  const which = `(weight '${name}' in ${source})`;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new StylegradError(fn, `${field}.shape`, `${which} must be an array of non-negative integers; got ${describe(shape)}.`);
  }
  if (typeof dtype !== 'string' || BYTES_PER_VALUE[dtype] === undefined) {
    throw new StylegradError(fn, `${field}.dtype`, `${which} must be one of 'float32', 'int32', 'bool'; got ${describe(dtype)}.`);
  }
  if (quantization !== undefined) checkQuantization(fn, quantization, `${field}.quantization`, which);
  return name;
}

function checkQuantization(fn: string, quantization: unknown, field: string, which: string): void {
  if (typeof quantization !== 'object' || quantization === null) throw new StylegradError(fn, field, `${which} must be an object { dtype, scale, min }; got ${describe(quantization)}.`);
  const { dtype, scale, min } = quantization as { dtype?: unknown; scale?: unknown; min?: unknown };
  if (typeof dtype !== 'string' || QUANTIZED_BYTES[dtype] === undefined) {
    throw new StylegradError(fn, `${field}.dtype`, `${which} must be one of 'uint8', 'uint16', 'float16'; got ${describe(dtype)}.`);
  }
  if (dtype !== 'float16' && !(Number.isFinite(scale) && Number.isFinite(min))) {
    throw new StylegradError(fn, field, `${which} must give finite numbers 'scale' and 'min' for ${dtype}; got scale ${describe(scale)}, min ${describe(min)}.`);
  }
}
