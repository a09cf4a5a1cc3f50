// Resolves the weight sources extractors accept (a WeightMap from a loader, a plain name → tensor map, or a
// tfjs LayersModel) into copies of the tensors a network needs, with clear errors for missing or misshapen
// weights.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { StylegradError } from '../../errors';
import type { WeightMap, WeightSource } from '../../io/types';
import { conv2dSameFastGrad, flipKernelForInputGrad, hasOddKernel } from '../../internal/conv2dFastInputGrad';

/** The extractor's own copies of its weights, plus why some are absent. */
export interface WeightStore {
  /** A float32 copy of `name` checked against `shape`, or the reason it is missing. */
  take(name: string, shape: readonly number[]): tf.Tensor | string;
  /** Every tensor taken so far (for dispose). */
  readonly owned: tf.Tensor[];
}

/** Builds a WeightStore over `weights` for function `fn`. */
export function weightStore(fn: string, network: string, weights: WeightSource): WeightStore {
  let tensors: Readonly<Record<string, tf.Tensor>>;
  let missing: Readonly<Record<string, string>> = {};
  let source: string;
  if (weights instanceof tfl.LayersModel) {
    const map: Record<string, tf.Tensor> = {};
    for (const layer of weights.layers) {
      for (const v of layer.weights) map[v.originalName] = v.read();
    }
    tensors = map;
    source = `LayersModel '${weights.name}'`;
  } else if (isWeightMap(weights)) {
    tensors = weights.tensors;
    missing = weights.missing;
    source = weights.source;
  } else if (typeof weights === 'object' && weights !== null && Object.values(weights).every((t) => t instanceof tf.Tensor)) {
    tensors = weights;
    source = 'the weight map';
  } else {
    throw new StylegradError(fn, 'weights', 'must be a WeightMap (from a load* function), a record of named tensors, or a tfjs LayersModel.');
  }
  const owned: tf.Tensor[] = [];
  const take = (name: string, shape: readonly number[]): tf.Tensor | string => {
    const t = tensors[name];
    if (t === undefined) {
      return missing[name] ?? `weight '${name}' is not in ${source} (it has ${Object.keys(tensors).length} tensors, e.g. ${Object.keys(tensors).slice(0, 3).map((k) => `'${k}'`).join(', ')})`;
    }
    if (t.isDisposed) throw new StylegradError(fn, 'weights', `holds weight '${name}' that has already been disposed.`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new StylegradError(fn, 'weights', `has weight '${name}' of shape [${t.shape.join(', ')}], but ${network} needs [${shape.join(', ')}].`);
    }
    const copy = tf.tidy('weightStore.copyAsFloat32', () => (t.dtype === 'float32' ? tf.clone(t) : tf.cast(t, 'float32')));
    owned.push(copy);
    return copy;
  };
  return { take, owned };
}

function isWeightMap(value: unknown): value is WeightMap {
  return typeof value === 'object' && value !== null && 'tensors' in value && 'missing' in value && 'source' in value;
}

/** A stride-1 'same' conv + bias (+ ReLU), with the fast input gradient when the kernel is odd. */
export interface SameConv {
  /** Why it cannot run, or undefined. */
  readonly unavailable: string | undefined;
  /** Applies the conv; `relu` false gives the pre-activation. */
  apply(x: tf.Tensor4D, relu: boolean): tf.Tensor4D;
}

/** Takes `<layer>/kernel` and `<layer>/bias` from `store` and builds the conv. */
export function sameConv(store: WeightStore, layer: string, kh: number, kw: number, cin: number, cout: number, fastInputGradient: boolean): SameConv {
  const kernel = store.take(`${layer}/kernel`, [kh, kw, cin, cout]);
  const bias = store.take(`${layer}/bias`, [cout]);
  if (typeof kernel === 'string' || typeof bias === 'string') {
    return { unavailable: typeof kernel === 'string' ? kernel : (bias as string), apply: () => { throw new Error('unavailable'); } };
  }
  const k = kernel as tf.Tensor4D;
  const b = bias as tf.Tensor1D;
  if (fastInputGradient && hasOddKernel(k)) {
    const flipped = flipKernelForInputGrad(k);
    store.owned.push(flipped);
    return { unavailable: undefined, apply: (x, relu) => conv2dSameFastGrad(x, k, flipped, b, relu) };
  }
  return {
    unavailable: undefined,
    apply: (x, relu) => tf.fused.conv2d({ x, filter: k, strides: 1, pad: 'same', bias: b, activation: relu ? 'relu' : 'linear' }),
  };
}
