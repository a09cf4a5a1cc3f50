import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { compositeMasked } from '../../src/index';
import { expectNoLeak } from '../helpers/tensors';

describe('compositeMasked', () => {
  // One row of two RGB pixels. Stylised (10, 20, 30), (40, 50, 60); content (0, 0, 0), (100, 100, 100).
  // Mask (1, 0.25): pixel 0 stylised; pixel 1 = 0.25·(40, 50, 60) + 0.75·100 = (85, 87.5, 90).
  const stylised = () => tf.tensor3d([10, 20, 30, 40, 50, 60], [1, 2, 3]);
  const content = () => tf.tensor3d([0, 0, 0, 100, 100, 100], [1, 2, 3]);
  const mask = () => tf.tensor2d([1, 0.25], [1, 2]);

  test('hand-worked blend, rank 3 and rank 4 (batch of two)', () => {
    const out = compositeMasked(stylised(), content(), mask());
    expect(out.shape).toEqual([1, 2, 3]);
    expect(Array.from(out.dataSync())).toEqual([10, 20, 30, 85, 87.5, 90]);
    const batch = compositeMasked(tf.stack([stylised(), content()]) as tf.Tensor4D, tf.stack([content(), stylised()]) as tf.Tensor4D, tf.reshape(mask(), [1, 1, 2, 1]));
    expect(batch.shape).toEqual([2, 1, 2, 3]);
    // Second image: stylised = content above and content = stylised above: pixel 0 → (0, 0, 0); pixel 1 → 0.25·100 + 0.75·(40, 50, 60).
    expect(Array.from(batch.dataSync())).toEqual([10, 20, 30, 85, 87.5, 90, 0, 0, 0, 55, 62.5, 70]);
  });

  test('content is kept exactly where the mask is 0, and the gradient to stylised is the mask', () => {
    const out = compositeMasked(stylised(), content(), tf.tensor2d([0, 1], [1, 2]));
    expect(Array.from(out.dataSync())).toEqual([0, 0, 0, 40, 50, 60]);
    const grad = tf.grad((x) => tf.sum(compositeMasked(x as tf.Tensor3D, content(), mask())))(stylised());
    expect(Array.from(grad.dataSync())).toEqual([1, 1, 1, 0.25, 0.25, 0.25]);
  });

  test('nothing leaks', () => {
    const [s, c, m] = [stylised(), content(), mask()];
    expectNoLeak(() => compositeMasked(s, c, m).dispose());
  });

  test('rejects bad input with clear errors', () => {
    expect(() => compositeMasked(stylised(), tf.zeros([1, 3, 3]) as tf.Tensor3D, mask())).toThrow(
      'compositeMasked: content has shape [1, 3, 3]; it must match stylised, [1, 2, 3].',
    );
    expect(() => compositeMasked(stylised(), content(), tf.ones([2, 2]))).toThrow('compositeMasked: mask is 2×2; it must match the images, 1×2.');
    expect(() => compositeMasked(stylised(), content(), tf.ones([1, 2, 3]))).toThrow('compositeMasked: mask must be single-channel (grey)');
    expect(() => compositeMasked(stylised(), content(), tf.tensor2d([0, 255], [1, 2]))).toThrow('compositeMasked: mask must hold values in 0..1; got values from 0 to 255.');
    expect(() => compositeMasked(stylised(), content(), tf.zeros([1, 2]))).toThrow('compositeMasked: mask is all zero');
    expect(() => compositeMasked(tf.zeros([2]) as unknown as tf.Tensor3D, content(), mask())).toThrow('compositeMasked: stylised must have shape [H, W, C] or [B, H, W, C]');
  });
});
