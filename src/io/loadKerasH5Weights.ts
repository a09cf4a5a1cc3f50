import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { readKerasH5Arrays } from './readKerasH5Arrays';
import type { WeightMap } from './types';

/**
 * Reads the weights of a Keras 2 HDF5 file (a weights-only `*_notop.h5` as Keras downloads them, or a full
 * model file with a `model_weights` group) into named tensors, using h5wasm (works in browsers and Node).
 *
 * Keras stores each layer's weights as datasets listed by the layer's `weight_names` attribute (e.g.
 * `block1_conv1/kernel:0`, or `fire2/squeeze1x1_3/kernel:0` with a numeric suffix). They are returned as
 * `<layer>/kernel` and `<layer>/bias` (Keras 1's `_W`/`_b` names are recognised too); other weights keep
 * their own last name segment without `:0`, e.g. `<layer>/gamma`.
 *
 * @param bytes - The file's bytes.
 * @param source - A name for the file in error messages (default `'the .h5 file'`).
 * @returns The weights by name; the caller owns the tensors.
 * @throws StylegradError if the bytes are not HDF5, are a corrupt HDF5 file (one error naming `source`,
 *   with HDF5's innermost reason; nothing is printed), hold no Keras `layer_names` attribute, lack a listed
 *   layer group or weight dataset, or hold a NaN or ±Infinity weight.
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5')).arrayBuffer());
 * const weights = await loadKerasH5Weights(bytes);
 * weights.tensors['block1_conv1/kernel'].shape; // [3, 3, 3, 64]
 * ```
 * @category Weights
 */
export async function loadKerasH5Weights(bytes: ArrayBuffer | Uint8Array, source = 'the .h5 file'): Promise<WeightMap> {
  const fn = 'loadKerasH5Weights';
  if (!(bytes instanceof ArrayBuffer) && !(bytes instanceof Uint8Array)) {
    throw new StylegradError(fn, 'bytes', 'must be an ArrayBuffer or Uint8Array holding a Keras .h5 file.');
  }
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const arrays = await readKerasH5Arrays(fn, 'bytes', data, source);
  const tensors: Record<string, tf.Tensor> = {};
  for (const { name, shape, values } of arrays) tensors[name] = tf.tensor(values, shape, 'float32');
  return { source, tensors, missing: {} };
}
