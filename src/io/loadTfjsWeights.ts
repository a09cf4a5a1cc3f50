import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFiniteWeights } from '../internal/assertFiniteWeights';
import { checkManifest, type ManifestGroup } from './internal/checkManifest';
import { checkShardSizes } from './checkShardSizes';
import { decodeManifestWeights } from './decodeManifestWeights';
import { parseModelJson } from './parseModelJson';
import type { WeightMap } from './types';

/** Options for {@link loadTfjsWeights}. */
export interface LoadTfjsWeightsOptions {
  /** The fetch to use for URLs (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Extra request options for every URL request (headers, credentials…). */
  readonly requestInit?: RequestInit;
}

/**
 * Loads the weights of a TensorFlow.js layers-model folder (model.json + binary shards, float32 or
 * uint8/uint16/float16-quantized; tfjs dequantizes as `q * scale + min`) into named tensors.
 *
 * From a URL, the shards are fetched next to model.json, group by group: a group whose shard cannot be
 * fetched is recorded in {@link WeightMap.missing} (naming the file) and everything else still loads. From
 * an `tf.io.IOHandler` (e.g. `fileSystemIOHandler` from `stylegrad/node`, `tf.io.browserFiles`), the
 * handler's `load()` must deliver every weight. The model topology is ignored: only weights are read.
 *
 * @param source - The URL of model.json, or an IOHandler that loads model artifacts.
 * @param options - Custom `fetch` and request options for URLs.
 * @returns The weights by name (`block1_conv1/kernel`, …); the caller owns the tensors.
 * @throws StylegradError when model.json cannot be fetched, is not JSON / not a tfjs manifest, a manifest
 *   field is malformed, a shard's size (or an IOHandler's weight data) is not exactly what the weights' shapes and
 *   dtypes need, or a weight is NaN or ±Infinity.
 * @example
 * ```ts
 * const weights = await loadTfjsWeights('https://example.com/vgg19/model.json');
 * const vgg = createVggExtractor(weights, { variant: 'vgg19' });
 * tf.dispose(Object.values(weights.tensors));
 * ```
 * @category Weights
 */
export async function loadTfjsWeights(source: string | tf.io.IOHandler, options: LoadTfjsWeightsOptions = {}): Promise<WeightMap> {
  const fn = 'loadTfjsWeights';
  if (typeof source === 'string') {
    const fetchFn = options.fetch ?? globalThis.fetch;
    const init = options.requestInit ?? {};
    const base = source.slice(0, source.lastIndexOf('/') + 1);
    const get = async (url: string): Promise<Response> => {
      const response = await fetchFn(url, init);
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return response;
    };
    let text: string;
    try {
      text = await (await get(source)).text();
    } catch (error) {
      throw new StylegradError(fn, 'source', `'${source}' could not be fetched: ${error instanceof Error ? error.message : String(error)}.`);
    }
    const json = parseModelJson(fn, text, source);
    return decodeManifestWeights(fn, json.weightsManifest, { read: async (p) => (await get(base + p)).arrayBuffer() }, source);
  }
  if (typeof source !== 'object' || typeof (source as { load?: unknown }).load !== 'function') {
    throw new StylegradError(fn, 'source', 'must be the URL of a model.json or a tf.io.IOHandler with a load() method.');
  }
  const artifacts = await (source as Required<Pick<tf.io.IOHandler, 'load'>>).load();
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new StylegradError(fn, 'source', 'is an IOHandler whose load() returned no weightSpecs/weightData.');
  }
  const specs = checkManifest(fn, [{ paths: ['weightData'], weights: artifacts.weightSpecs }], 'the IOHandler')[0] as ManifestGroup;
  const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  checkShardSizes(fn, specs, 0, [data.byteLength], 'the IOHandler');
  const tensors = tf.io.decodeWeights(data, specs.weights);
  try {
    assertFiniteWeights(fn, 'source', tensors, 'the IOHandler');
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  return { source: 'IOHandler', tensors, missing: {} };
}
