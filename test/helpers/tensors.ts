// Test helpers: tensors from reference arrays, closeness checks, and leak counting.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Nhwc } from './reference';

export const toTensor = (x: Nhwc): tf.Tensor4D => tf.tensor4d(Float32Array.from(x.data), [...x.shape]);

/** Relative error max|a−b| / max(max|b|, floor). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0, scale = floor;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs((actual[i] as number) - (expected[i] as number)));
    scale = Math.max(scale, Math.abs(expected[i] as number));
  }
  return diff / scale;
}

/** Runs `body` and asserts the number of live tensors is the same afterwards. */
export function expectNoLeak(body: () => void): void {
  const before = tf.memory().numTensors;
  body();
  expect(tf.memory().numTensors).toBe(before);
}

export const scalarValue = (t: tf.Tensor): number => t.dataSync()[0] as number;
