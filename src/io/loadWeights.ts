import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { loadKerasH5Weights } from './loadKerasH5Weights';
import { loadTfjsWeights, type LoadTfjsWeightsOptions } from './loadTfjsWeights';
import type { WeightMap } from './types';

/** Where weights can come from in any environment: a URL (model.json or .h5), or the bytes of a .h5 file. */
export type WeightFileSource = string | ArrayBuffer | Uint8Array;

/**
 * Loads named weights from whichever format the source holds: a tfjs layers-model (URL of model.json, or an
 * IOHandler) via {@link loadTfjsWeights}, or a Keras HDF5 file (bytes, or a URL ending in `.h5`/`.hdf5`)
 * via {@link loadKerasH5Weights}.
 *
 * @param source - URL of model.json or of a .h5 file, a `tf.io.IOHandler`, or .h5 bytes.
 * @param options - `fetch` / `requestInit` for URLs.
 * @returns The weights by name; the caller owns the tensors.
 * @throws StylegradError when the source cannot be read or is not what it claims.
 * @example
 * ```ts
 * const weights = await loadWeights('https://example.com/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
 * ```
 * @category Weights
 */
export async function loadWeights(source: WeightFileSource | tf.io.IOHandler, options: LoadTfjsWeightsOptions = {}): Promise<WeightMap> {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return loadKerasH5Weights(source);
  if (typeof source === 'string' && /\.(h5|hdf5|keras)$/i.test(source.split(/[?#]/)[0] ?? '')) {
    const response = await (options.fetch ?? globalThis.fetch)(source, options.requestInit ?? {}).catch((error: unknown) => {
      throw new StylegradError('loadWeights', 'source', `'${source}' could not be fetched: ${error instanceof Error ? error.message : String(error)}.`);
    });
    if (!response.ok) throw new StylegradError('loadWeights', 'source', `'${source}' could not be fetched: HTTP ${response.status}.`);
    return loadKerasH5Weights(new Uint8Array(await response.arrayBuffer()), source);
  }
  return loadTfjsWeights(source, options);
}
