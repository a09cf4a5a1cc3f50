import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';

// test/setup/fastest.ts picks the backend: tfjs-node when scripts/install-tfjs-node.sh has built it
// (CI does, when the local TensorFlow wheel exists), else wasm.
test('the e2e suites run on the fastest backend installed', () => {
  const tfjsNodeInstalled = existsSync(resolve('node_modules/@tensorflow/tfjs-node/lib'));
  expect(tf.getBackend()).toBe(tfjsNodeInstalled ? 'tensorflow' : 'wasm');
  // Σ conv2d(ones 6×6×2, ones 3×3×2×1, 'same'): 2 channels × (4 corners·4 + 16 edge·6 + 16 inner·9) = 512.
  const total = tf.tidy(() => tf.sum(tf.conv2d(tf.ones<tf.Rank.R4>([1, 6, 6, 2]), tf.ones<tf.Rank.R4>([3, 3, 2, 1]), 1, 'same')).dataSync()[0]);
  expect(total).toBe(512);
});
