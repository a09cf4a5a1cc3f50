import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';

test('the project backend is active and computes', () => {
  expect(['cpu', 'wasm']).toContain(tf.getBackend());
  expect(tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]).toBe(6);
});
