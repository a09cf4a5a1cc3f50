// One pass over loaded weights at load time: a NaN or ±Infinity weight would silently turn every output
// into NaN (a black image with exit status 0), so it is refused naming the tensor and the first bad index.
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';

/** Throws naming the first weight of `tensors` (and the first index) that is NaN or ±Infinity. */
export function assertFiniteWeights(fn: string, argument: string, tensors: Readonly<Record<string, tf.Tensor>>, source: string): void {
  for (const [name, tensor] of Object.entries(tensors)) {
    if (tensor.dtype !== 'float32') continue;
    assertFiniteArray(fn, argument, name, tensor.dataSync(), source);
  }
}

/** Throws naming `name` when `values` holds a NaN or ±Infinity. */
export function assertFiniteArray(fn: string, argument: string, name: string, values: ArrayLike<number>, source: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v - v !== 0) {
      throw new StylegradError(fn, argument, `${source} holds weight '${name}' with a non-finite value (${String(v)} at flat index ${i}); every weight must be finite (the file is corrupt).`);
    }
  }
}
