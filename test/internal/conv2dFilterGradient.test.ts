// The forward-conv weight and input gradients of src/internal/conv2dFilterGradient.ts (what lets wasm
// train, DESIGN.md §4) against tfjs-backend-cpu's stock Conv2DBackpropFilter / Conv2DBackpropInput kernels.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { expect, test } from 'vitest';
import '@tensorflow/tfjs-layers';
import { conv2dValidCustomGrad, conv2dValidTrainable } from '../../src/internal/conv2dFilterGradient';
import { relativeError } from '../helpers/tensors';

type Case = [string, [number, number, number, number], [number, number, number, number], number];
const cases: Case[] = [
  ['3×3 stride 1', [2, 9, 8, 3], [3, 3, 3, 4], 1],
  ['3×3 stride 2, odd size (last row unused)', [2, 10, 9, 3], [3, 3, 3, 5], 2],
  ['9×9 stride 1', [1, 12, 11, 3], [9, 9, 3, 2], 1],
  ['2×2 stride 2', [3, 8, 8, 2], [2, 2, 2, 3], 2],
];

function gradients(conv: (x: tf.Tensor4D, w: tf.Tensor4D, s: number) => tf.Tensor4D, x: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D, s: number) {
  // Loss Σ conv(x, w) · dy, so the gradients are exactly the backprop of dy.
  return tf.tidy(() => {
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D, s), dy)))([x, w]);
    return { dx: (dx as tf.Tensor).dataSync(), dw: (dw as tf.Tensor).dataSync() };
  });
}

test.each(cases)('%s: matches the cpu backend stock gradients', async (_name, xShape, wShape, stride) => {
  const backend = tf.getBackend();
  const x = tf.randomNormal<tf.Rank.R4>(xShape, 0, 1, 'float32', 1);
  const w = tf.randomNormal<tf.Rank.R4>(wShape, 0, 1, 'float32', 2);
  const outH = Math.floor((xShape[1] - wShape[0]) / stride) + 1;
  const outW = Math.floor((xShape[2] - wShape[1]) / stride) + 1;
  const dy = tf.randomNormal<tf.Rank.R4>([xShape[0], outH, outW, wShape[3]], 0, 1, 'float32', 3);
  const before = tf.memory().numTensors;
  const custom = gradients(conv2dValidCustomGrad, x, w, dy, stride);
  expect(tf.memory().numTensors).toBe(before);
  const data = [x, w, dy].map((t) => ({ values: t.dataSync().slice(), shape: t.shape }));
  tf.dispose([x, w, dy]);

  await tf.setBackend('cpu');
  const [cx, cw, cdy] = data.map((d) => tf.tensor4d(d.values, d.shape as [number, number, number, number]));
  const stock = gradients((a, b, s) => tf.conv2d(a, b, s, 'valid'), cx as tf.Tensor4D, cw as tf.Tensor4D, cdy as tf.Tensor4D, stride);
  tf.dispose([cx, cw, cdy]);
  await tf.setBackend(backend);

  expect(relativeError(custom.dw, stock.dw)).toBeLessThan(1e-5);
  expect(relativeError(custom.dx, stock.dx)).toBeLessThan(1e-5);
});

test('conv2dValidTrainable trains on this backend (wasm lacks Conv2DBackpropFilter) and leaks nothing', () => {
  const x = tf.randomNormal<tf.Rank.R4>([1, 7, 7, 2], 0, 1, 'float32', 4);
  const w = tf.variable(tf.randomNormal<tf.Rank.R4>([3, 3, 2, 2], 0, 1, 'float32', 5));
  const before = tf.memory().numTensors;
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(conv2dValidTrainable(x, w as tf.Tensor as tf.Tensor4D, 2))), [w]);
  expect(grads[w.name]?.shape).toEqual([3, 3, 2, 2]);
  tf.dispose([value, ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, w]);
});
