// A pretrained fast-style network against the independent PyTorch float64 implementation, on the odd-sized
// case (27×33, which the network computes at 28×36 and crops). All styles and the batch case run in
// test/e2e/feedforward_pretrained.test.ts.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyTransform } from '../../src/feedforward/applyTransform';
import type { TransformNet } from '../../src/feedforward/types';
import { loadTransformNetFromPath } from '../../src/node/loadTransformNetFromPath';
import { type CaseRef, DATA, expectMatchesReference, reference } from './pretrainedReference';

let net: TransformNet;
beforeAll(async () => {
  net = await loadTransformNetFromPath(path.join(DATA, 'fast-style', 'udnie'));
});
afterAll(() => {
  net.dispose();
});

test('udnie matches PyTorch on a 27×33 image to 1e-4 relative error', () => {
  expectMatchesReference(net, reference.cases.odd as CaseRef, 'udnie');
});

test('each image of a batch is stylized as if alone (instance norm is per image)', () => {
  const ref = reference.cases.batch2 as CaseRef;
  const input = tf.slice(tf.tensor4d(ref.pixels, ref.shape, 'float32'), [0, 0, 0, 0], [2, 16, 20, 3]);
  const both = applyTransform(net, input);
  const second = applyTransform(net, tf.slice(input, [1, 0, 0, 0], [1, -1, -1, -1]));
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.slice(both, [1, 0, 0, 0], [1, -1, -1, -1]), second))).dataSync()[0] as number);
  expect(diff).toBeLessThan(1e-3);
  tf.dispose([input, both, second]);
});

test('applyTransform accepts [H, W, 3] and int32 images and leaks nothing', () => {
  const image = tf.fill<tf.Rank.R3>([13, 18, 3], 100, 'int32');
  const before = tf.memory().numTensors;
  const out = applyTransform(net, image);
  expect(out.shape).toEqual([13, 18, 3]);
  expect(out.dtype).toBe('float32');
  out.dispose();
  expect(tf.memory().numTensors).toBe(before);
  image.dispose();
});

test('applyTransform rejects bad images with a clear error', () => {
  expect(() => applyTransform(net, tf.zeros([8, 8]) as unknown as tf.Tensor3D)).toThrow(/applyTransform: image must be a tf.Tensor \[H, W, 3\]/);
  expect(() => applyTransform(net, tf.zeros<tf.Rank.R3>([8, 8, 4]))).toThrow(/3 \(RGB\) channels; got shape \[8, 8, 4\]/);
});
