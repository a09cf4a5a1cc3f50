import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertOneOf } from '../internal/validate';
import { toFloat16Bits } from './internal/float16';
import type { WeightMap } from './types';

/** Options for {@link weightsToModelArtifacts}. */
export interface WeightsToModelArtifactsOptions {
  /**
   * Store weights as `'float32'` (default, exact), `'float16'` (half the size, ~3 significant digits) or
   * `'uint8'` (a quarter, per-tensor affine: `value = q · scale + min`, error ≤ scale/2).
   */
  readonly quantize?: 'float32' | 'float16' | 'uint8';
  /** A Keras/tfjs model topology to embed (default none: a weights-only folder, which this library loads). */
  readonly modelTopology?: object;
}

/**
 * Encodes named float32 weights as tfjs model artifacts (weight specs + binary data, optionally quantized
 * the way the tfjs converter does), ready for any `tf.io.IOHandler`'s `save` — e.g. `fileSystemIOHandler`
 * from `stylegrad/node`, or `tf.io.browserDownloads`. The result loads with {@link loadTfjsWeights} and the
 * extractor loaders; without a `modelTopology` it is weights only (`tf.loadLayersModel` needs a topology).
 *
 * @param weights - A WeightMap or a record of named tensors (`block1_conv1/kernel`, …).
 * @param options - `quantize` and `modelTopology`.
 * @returns Artifacts with `weightSpecs` (in name order) and `weightData`.
 * @throws StylegradError for an unknown `quantize` or a non-float32 tensor.
 * @example
 * ```ts
 * const weights = await loadKerasH5Weights(bytes);
 * const artifacts = await weightsToModelArtifacts(weights, { quantize: 'uint8' });
 * await tf.io.browserDownloads('vgg16').save(artifacts);
 * ```
 * @category Weights
 */
export async function weightsToModelArtifacts(
  weights: WeightMap | tf.NamedTensorMap,
  options: WeightsToModelArtifactsOptions = {},
): Promise<tf.io.ModelArtifacts> {
  const fn = 'weightsToModelArtifacts';
  const quantize = options.quantize ?? 'float32';
  assertOneOf(fn, 'options.quantize', quantize, ['float32', 'float16', 'uint8']);
  const tensors = 'tensors' in weights && 'missing' in weights && 'source' in weights ? (weights as WeightMap).tensors : weights;
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name] as tf.Tensor;
    if (t.dtype !== 'float32') throw new StylegradError(fn, 'weights', `has weight '${name}' of dtype ${t.dtype}; only float32 weights can be encoded.`);
    const values = (await t.data()) as Float32Array;
    const spec: tf.io.WeightsManifestEntry = { name, shape: [...t.shape], dtype: 'float32' };
    if (quantize === 'float32') {
      chunks.push(new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)));
    } else if (quantize === 'float16') {
      const half = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) half[i] = toFloat16Bits(values[i] as number);
      chunks.push(new Uint8Array(half.buffer));
      spec.quantization = { dtype: 'float16' };
    } else {
      let min = Infinity;
      let max = -Infinity;
      for (const v of values) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
      if (values.length === 0) min = max = 0;
      const scale = max > min ? (max - min) / 255 : 1;
      const q = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) q[i] = Math.round(((values[i] as number) - min) / scale);
      chunks.push(q);
      spec.quantization = { dtype: 'uint8', scale, min };
    }
    specs.push(spec);
  }
  const data = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.length;
  }
  return {
    ...(options.modelTopology === undefined ? {} : { modelTopology: options.modelTopology }),
    format: 'layers-model',
    generatedBy: 'stylegrad',
    convertedBy: `stylegrad weightsToModelArtifacts (${quantize})`,
    weightSpecs: specs,
    weightData: data.buffer,
  };
}
