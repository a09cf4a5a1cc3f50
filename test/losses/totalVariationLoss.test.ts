import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { totalVariationLoss, type ImageLoss } from '../../src/index';
import { finiteDifferenceGradient, randomNhwc, referenceTotalVariation } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

describe('totalVariationLoss', () => {
  // Image [[0, 1], [3, 6]]: dx = 1 − 0 = 1 and 6 − 3 = 3; dy = 3 − 0 = 3 and 6 − 1 = 5.
  const image = () => tf.tensor4d([0, 1, 3, 6], [1, 2, 2, 1]);

  test.each([
    ['l1', 'sum', 12], // 1 + 3 + 3 + 5
    ['l2', 'sum', 44], // 1 + 9 + 9 + 25
    ['l1', 'mean', 6], // mean(1, 3) + mean(3, 5) = 2 + 4, seed 004's reduce_mean form
    ['l2', 'mean', 22], // mean(1, 9) + mean(9, 25) = 5 + 17
    ['isotropic', 'sum', Math.sqrt(10)], // only pixel (0, 0) has both neighbours: √(1² + 3²)
    ['isotropic', 'mean', Math.sqrt(10)],
  ] as const)('hand-worked value, kind %s, reduction %s', (kind, reduction, expected) => {
    expect(scalarValue(totalVariationLoss({ kind, reduction })(image()))).toBeCloseTo(expected, 5);
  });

  test('defaults to l2 summed', () => {
    expect(scalarValue(totalVariationLoss()(image()))).toBeCloseTo(44, 5);
  });

  test.each([
    ['l1', 'sum'], ['l1', 'mean'], ['l2', 'sum'], ['l2', 'mean'], ['isotropic', 'sum'], ['isotropic', 'mean'],
  ] as const)('matches the float64 reference and its finite-difference gradient on a batch of RGB images (%s, %s)', (kind, reduction) => {
    const x = randomNhwc([2, 4, 5, 3], 31, 0, 255);
    const tv = totalVariationLoss({ kind, reduction, epsilon: 1e-3 });
    const value = scalarValue(tv(toTensor(x)));
    expect(relativeError([value], [referenceTotalVariation(x, kind, reduction, 1e-3)])).toBeLessThan(1e-5);
    const grad = tf.grad((t) => tv(t as tf.Tensor4D))(toTensor(x));
    const expected = finiteDifferenceGradient(x, (t) => referenceTotalVariation(t, kind, reduction, 1e-3), 1e-4);
    expect(relativeError(grad.dataSync(), expected)).toBeLessThan(1e-3);
  });

  test('does not leak', () => {
    const x = image();
    expectNoLeak(() => {
      const tv = totalVariationLoss({ kind: 'isotropic' });
      tv(x).dispose();
      tv.dispose();
    });
    x.dispose();
  });

  test('rejects bad input with clear errors', () => {
    expect(() => totalVariationLoss({ kind: 'l3' as 'l1' })).toThrow(
      "totalVariationLoss: options.kind must be one of 'l1', 'l2', 'isotropic'; got 'l3'.",
    );
    expect(() => totalVariationLoss({ reduction: 'avg' as 'sum' })).toThrow(
      "totalVariationLoss: options.reduction must be one of 'sum', 'mean'; got 'avg'.",
    );
    expect(() => totalVariationLoss({ epsilon: 0 })).toThrow('totalVariationLoss: options.epsilon must be a finite number > 0; got 0.');
    const tv = totalVariationLoss();
    expect(() => tv(tf.zeros([2, 2, 3]) as unknown as tf.Tensor4D)).toThrow(/totalVariationLoss: image must have rank 4/);
    expect(() => tv(tf.zeros([1, 1, 5, 3]) as tf.Tensor4D)).toThrow(
      'totalVariationLoss: image must be at least 2×2 pixels; got shape [1, 1, 5, 3].',
    );
  });

  test('types', () => {
    expectTypeOf(totalVariationLoss).returns.toEqualTypeOf<ImageLoss>();
  });
});
