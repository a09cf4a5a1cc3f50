// The tensor-free half of loadKerasH5Weights: opens a Keras .h5 with h5wasm and returns each weight as a
// name, a shape and a fresh Float32Array. Shared by the in-thread loader (src/io/loadKerasH5Weights.ts, also
// used in browsers) and the Node worker that parses .h5 files off the main thread (src/node/internal).
import { StylegradError } from '../errors';
import { assertFiniteArray } from '../internal/assertFiniteWeights';
import { withH5File } from './internal/h5';

/** One decoded weight: its stylegrad name (`<layer>/kernel`), shape and values (a buffer of its own). */
export interface H5WeightArray {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32';
  readonly values: Float32Array;
}

/**
 * Reads every weight a Keras 2 HDF5 file lists (see loadKerasH5Weights for the naming), checking that each
 * listed group and dataset exists, that each dataset's value count matches its shape and that every value is
 * finite. Tensor-free, so the Node worker that parses .h5 files off the main thread can use it too.
 *
 * @param fn - The public function loading (for errors).
 * @param argument - The argument that named the file (for errors).
 * @param data - The file's bytes.
 * @param source - The file's path or URL (for errors).
 * @returns Each weight's name, shape and values (a buffer of its own).
 * @throws {@link StylegradError} of `fn` about `argument`, naming `source`, for a file that is not HDF5, not a
 *   Keras weights file, damaged, or holds a non-finite value.
 * @example
 * ```ts
 * const arrays = await readKerasH5Arrays('loadKerasH5Weights', 'source', bytes, 'vgg19.h5');
 * ```
 */
export async function readKerasH5Arrays(fn: string, argument: string, data: Uint8Array, source: string): Promise<H5WeightArray[]> {
  return withH5File(fn, argument, data, source, (file, h5) => {
    const modelWeights = file.get('model_weights');
    const root = modelWeights instanceof h5.Group ? modelWeights : file;
    const layerNames = stringList(root.attrs.layer_names?.value);
    if (layerNames === undefined) {
      throw new StylegradError(fn, argument, `${source} is HDF5 but not a Keras weights file: it has no 'layer_names' attribute.`);
    }
    const found: H5WeightArray[] = [];
    for (const layer of layerNames) {
      const group = root.get(layer);
      if (!(group instanceof h5.Group)) {
        throw new StylegradError(fn, argument, `${source} lists layer '${layer}' in 'layer_names' but holds no group '${layer}'; the file is damaged or not a Keras weights file.`);
      }
      const weightNames = (stringList(group.attrs.weight_names?.value) ?? []).filter((n) => n !== '');
      weightNames.forEach((weightName, index) => {
        const dataset = group.get(weightName);
        if (!(dataset instanceof h5.Dataset)) {
          throw new StylegradError(fn, argument, `${source} lists weight '${layer}/${weightName}' but holds no such dataset.`);
        }
        const name = `${layer}/${weightRole(weightName, index, weightNames.length)}`;
        const shape = (dataset.shape ?? []).map(Number);
        const raw = dataset.value;
        const values = raw instanceof Float32Array ? raw : Float32Array.from(raw as ArrayLike<number>);
        if (values.length !== shape.reduce((a, b) => a * b, 1)) {
          throw new StylegradError(fn, argument, `${source} holds dataset '${layer}/${weightName}' of shape [${shape.join(', ')}] with ${values.length} values; the file is damaged.`);
        }
        assertFiniteArray(fn, argument, name, values, source);
        found.push({ name, shape, dtype: 'float32', values });
      });
    }
    return found;
  });
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
