import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFiniteArray } from './internal/assertFiniteWeights';
import { withH5File } from './internal/h5';
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
  const arrays = await withH5File(fn, 'bytes', data, source, (file, h5) => {
    const modelWeights = file.get('model_weights');
    const root = modelWeights instanceof h5.Group ? modelWeights : file;
    const layerNames = stringList(root.attrs.layer_names?.value);
    if (layerNames === undefined) {
      throw new StylegradError(fn, 'bytes', `${source} is HDF5 but not a Keras weights file: it has no 'layer_names' attribute.`);
    }
    const found: { name: string; shape: number[]; values: Float32Array }[] = [];
    for (const layer of layerNames) {
      const group = root.get(layer);
      if (!(group instanceof h5.Group)) {
        throw new StylegradError(fn, 'bytes', `${source} lists layer '${layer}' in 'layer_names' but holds no group '${layer}'; the file is damaged or not a Keras weights file.`);
      }
      const weightNames = (stringList(group.attrs.weight_names?.value) ?? []).filter((n) => n !== '');
      weightNames.forEach((weightName, index) => {
        const dataset = group.get(weightName);
        if (!(dataset instanceof h5.Dataset)) {
          throw new StylegradError(fn, 'bytes', `${source} lists weight '${layer}/${weightName}' but holds no such dataset.`);
        }
        const name = `${layer}/${weightRole(weightName, index, weightNames.length)}`;
        const shape = (dataset.shape ?? []).map(Number);
        const raw = dataset.value;
        const values = raw instanceof Float32Array ? raw : Float32Array.from(raw as ArrayLike<number>);
        if (values.length !== shape.reduce((a, b) => a * b, 1)) {
          throw new StylegradError(fn, 'bytes', `${source} holds dataset '${layer}/${weightName}' of shape [${shape.join(', ')}] with ${values.length} values; the file is damaged.`);
        }
        assertFiniteArray(fn, 'bytes', name, values, source);
        found.push({ name, shape, values });
      });
    }
    return found;
  });
  const tensors: Record<string, tf.Tensor> = {};
  for (const { name, shape, values } of arrays) tensors[name] = tf.tensor(values, shape, 'float32');
  return { source, tensors, missing: {} };
}

/** `kernel`, `bias`, or the weight's own last name segment. */
function weightRole(weightName: string, index: number, count: number): string {
  const last = (weightName.split('/').pop() ?? weightName).replace(/:\d+$/, '');
  if (/kernel/.test(last) || /_W(_\d+)?$/.test(last)) return 'kernel';
  if (/bias/.test(last) || /_b(_\d+)?$/.test(last)) return 'bias';
  if (count === 2) return index === 0 ? 'kernel' : 'bias';
  return last;
}

/** An attribute value as a list of strings, or undefined when it is not one. */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return undefined;
}
