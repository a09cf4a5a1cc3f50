import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { gramMatrix, StylegradError } from '../../src/index';
import { finiteDifferenceGradient, randomNhwc, referenceGram } from '../helpers/reference';
import { expectNoLeak, relativeError, toTensor } from '../helpers/tensors';

describe('gramMatrix', () => {
  // One image, two positions, two channels: rows (1, 2) and (3, 4).
  // Fᵀ F = [[1·1 + 3·3, 1·2 + 3·4], [2·1 + 4·3, 2·2 + 4·4]] = [[10, 14], [14, 20]]; C·H·W = 2·1·2 = 4; H·W = 2.
  const f = () => tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);

  test.each([
    ['none', [10, 14, 14, 20]],
    ['chw', [2.5, 3.5, 3.5, 5]],
    ['nm', [2.5, 3.5, 3.5, 5]],
    ['hw', [5, 7, 7, 10]],
  ] as const)('hand-worked 2×2 example, normalization %s', (normalization, expected) => {
    const g = gramMatrix(f(), { normalization });
    expect(g.shape).toEqual([1, 2, 2]);
    expect(Array.from(g.dataSync())).toEqual(expected);
  });

  test('defaults to chw', () => {
    expect(Array.from(gramMatrix(f()).dataSync())).toEqual([2.5, 3.5, 3.5, 5]);
  });

  test('respects the batch: each image gets its own Gram matrix', () => {
    // Second image: rows (0, 1), (2, 0): Fᵀ F = [[0 + 4, 0 + 0], [0 + 0, 1 + 0]] = [[4, 0], [0, 1]].
    const batch = tf.tensor4d([1, 2, 3, 4, 0, 1, 2, 0], [2, 1, 2, 2]);
    expect(Array.from(gramMatrix(batch, { normalization: 'none' }).dataSync())).toEqual([10, 14, 14, 20, 4, 0, 0, 1]);
  });

  test.each(['none', 'chw', 'nm', 'hw'] as const)('matches the float64 reference on random features (%s)', (normalization) => {
    const x = randomNhwc([2, 3, 5, 4], 7);
    const expected = referenceGram(x, normalization).flat(2);
    expect(relativeError(gramMatrix(toTensor(x), { normalization }).dataSync(), expected)).toBeLessThan(1e-5);
  });

  test.each(['none', 'chw', 'hw'] as const)('gradient equals finite differences of the float64 reference (%s)', (normalization) => {
    // A weighted sum Σ W ⊙ G with an asymmetric W, so a gradient that assumed a symmetric dG would fail.
    const x = randomNhwc([2, 2, 3, 3], 41);
    const weights = randomNhwc([2, 1, 3, 3], 42);
    const objective = (f: typeof x): number =>
      referenceGram(f, normalization).flat(2).reduce((sum, g, i) => sum + g * weights.data[i]!, 0);
    const w = tf.tensor3d(Float32Array.from(weights.data), [2, 3, 3]);
    const grad = tf.grad((f) => tf.sum(tf.mul(gramMatrix(f as tf.Tensor4D, { normalization }), w)))(toTensor(x));
    expect(relativeError(grad.dataSync(), finiteDifferenceGradient(x, objective))).toBeLessThan(1e-4);
  });

  test('does not leak', () => {
    const x = tf.ones([1, 4, 4, 3]) as tf.Tensor4D;
    expectNoLeak(() => gramMatrix(x, { normalization: 'hw' }).dispose());
    expectNoLeak(() => tf.grad((f) => tf.sum(gramMatrix(f as tf.Tensor4D)))(x).dispose());
    x.dispose();
  });

  test('rejects bad input with a clear error', () => {
    expect(() => gramMatrix(tf.zeros([4, 4]) as unknown as tf.Tensor4D)).toThrow(
      /gramMatrix: features must have rank 4; got shape \[4, 4\]/,
    );
    expect(() => gramMatrix([1, 2] as unknown as tf.Tensor4D)).toThrow(StylegradError);
    expect(() => gramMatrix(f(), { normalization: 'cwh' as 'chw' })).toThrow(
      "gramMatrix: options.normalization must be one of 'none', 'chw', 'nm', 'hw'; got 'cwh'.",
    );
    const disposed = f();
    disposed.dispose();
    expect(() => gramMatrix(disposed)).toThrow(/already been disposed/);
  });

  test('types', () => {
    expectTypeOf(gramMatrix).parameter(0).toEqualTypeOf<tf.Tensor4D>();
    expectTypeOf(gramMatrix).returns.toEqualTypeOf<tf.Tensor3D>();
  });
});
