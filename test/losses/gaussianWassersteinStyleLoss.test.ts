import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { gaussianWassersteinStyleLoss, type FeatureLoss, type StyleSource } from '../../src/index';
import { blendMoments, gaussianW2, moments, positionRows } from '../helpers/distributionReference';
import { finiteDifferenceGradient, randomNhwc, type Nhwc } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

/** Gaussian W2 of each image against the target, averaged over the batch, in float64 (Jacobi square roots). */
function referenceLayer(x: Nhwc, target: ReturnType<typeof moments>): number {
  let total = 0;
  for (let b = 0; b < x.shape[0]; b++) total += gaussianW2(moments(positionRows(x, b)), target);
  return total / x.shape[0];
}

describe('gaussianWassersteinStyleLoss', () => {
  test('hand-worked values: one channel, and diagonal covariances', () => {
    // C = 1: W2² = (μ − μ_s)² + (σ − σ_s)². Generated [1, 3]: μ = 2, σ² = 1. Style [5, 9]: μ = 7, σ² = 4. 25 + 1 = 26.
    const one = gaussianWassersteinStyleLoss({ l: tf.tensor4d([5, 9], [1, 1, 2, 1]) });
    expect(scalarValue(one({ l: tf.tensor4d([1, 3], [1, 1, 2, 1]) }))).toBeCloseTo(26, 3);
    // Diagonal Σ: W2² = ‖μ − μ_s‖² + Σ_i (σ_i − σ_s,i)². Generated rows (0,0), (2,0), (0,2), (2,2): μ = (1, 1), Σ = I.
    // Style rows (1,1), (5,1), (1,3), (5,3): μ = (3, 2), Σ = diag(4, 1). 4 + 1 + (1 − 2)² + (1 − 1)² = 6.
    const two = gaussianWassersteinStyleLoss({ l: tf.tensor4d([1, 1, 5, 1, 1, 3, 5, 3], [1, 2, 2, 2]) }, { layers: { l: 0.5 } });
    expect(scalarValue(two({ l: tf.tensor4d([0, 0, 2, 0, 0, 2, 2, 2], [1, 2, 2, 2]) }))).toBeCloseTo(3, 3);
  });

  test('is 0 for the same features and matches the float64 reference (Jacobi eigen-decomposition) within 1e-3', () => {
    const s1 = randomNhwc([1, 5, 4, 4], 51), s2 = randomNhwc([1, 3, 4, 4], 52, 0, 2);
    const f = randomNhwc([2, 4, 4, 4], 53, -0.5, 1.5);
    const same = gaussianWassersteinStyleLoss({ a: toTensor(s1) });
    expect(Math.abs(scalarValue(same({ a: toTensor(s1) })))).toBeLessThan(1e-4);
    const loss = gaussianWassersteinStyleLoss([{ features: { a: toTensor(s1) }, weight: 1 }, { features: { a: toTensor(s2) }, weight: 2 }], { layers: { a: 1.5 } });
    const target = blendMoments([{ m: moments(positionRows(s1)), weight: 1 }, { m: moments(positionRows(s2)), weight: 2 }]);
    const expected = 1.5 * referenceLayer(f, target);
    expect(expected).toBeGreaterThan(0.1);
    expect(relativeError([scalarValue(loss({ a: toTensor(f) }))], [expected])).toBeLessThan(1e-3);
  });

  test('gradient equals finite differences of the float64 reference', () => {
    const s = randomNhwc([1, 3, 4, 3], 61, 0, 2), f = randomNhwc([1, 3, 3, 3], 62);
    const loss = gaussianWassersteinStyleLoss({ l: toTensor(s) });
    const grad = tf.grad((x) => loss({ l: x as tf.Tensor4D }))(toTensor(f));
    const expected = finiteDifferenceGradient(f, (x) => referenceLayer(x, moments(positionRows(s))));
    expect(relativeError(grad.dataSync(), expected)).toBeLessThan(2e-3);
  });

  test('keeps only its targets; dispose frees them; nothing leaks', () => {
    expectNoLeak(() => {
      const s = { l: tf.tensor4d([1, 1, 5, 1, 1, 3, 5, 3], [1, 2, 2, 2]) };
      const loss = gaussianWassersteinStyleLoss([{ features: s, weight: 1 }, { features: s, weight: 2 }], { iterations: 5 });
      tf.dispose(s);
      const g = tf.tensor4d([0, 0, 2, 0, 0, 2, 2, 2], [1, 2, 2, 2]);
      tf.grad((x) => loss({ l: x as tf.Tensor4D }))(g).dispose();
      loss({ l: g }).dispose();
      g.dispose();
      loss.dispose();
    });
  });

  test('rejects bad input with clear errors', () => {
    const style = () => ({ l: tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]) });
    expect(() => gaussianWassersteinStyleLoss([])).toThrow('gaussianWassersteinStyleLoss: styles must hold at least one style.');
    expect(() => gaussianWassersteinStyleLoss({})).toThrow('gaussianWassersteinStyleLoss: styles must hold at least one layer.');
    expect(() => gaussianWassersteinStyleLoss([{ features: style(), weight: -3 }])).toThrow(
      'gaussianWassersteinStyleLoss: styles[0].weight must be a finite number >= 0; got -3.',
    );
    expect(() => gaussianWassersteinStyleLoss(style(), { layers: { l: -1 } })).toThrow(
      'gaussianWassersteinStyleLoss: options.layers.l must be a finite number >= 0; got -1.',
    );
    expect(() => gaussianWassersteinStyleLoss(style(), { layers: { m: 1 } })).toThrow('gaussianWassersteinStyleLoss: options.layers.m has no target');
    for (const iterations of [0, 2.5, Number.NaN]) {
      expect(() => gaussianWassersteinStyleLoss(style(), { iterations })).toThrow(
        `gaussianWassersteinStyleLoss: options.iterations must be an integer >= 1; got ${iterations}.`,
      );
    }
    expect(() => gaussianWassersteinStyleLoss([{ features: style(), weight: 1 }, { features: { m: style().l }, weight: 1 }] as StyleSource[])).toThrow(
      'gaussianWassersteinStyleLoss: styles[1].features.l is missing',
    );
    const loss = gaussianWassersteinStyleLoss(style());
    expect(() => loss({ l: tf.zeros([1, 2, 2, 5]) as tf.Tensor4D })).toThrow(
      'gaussianWassersteinStyleLoss: features.l has shape [1, 2, 2, 5]; the target needs [any, any, any, 2].',
    );
    expect(() => loss({})).toThrow(/gaussianWassersteinStyleLoss: features\.l is missing/);
  });

  test('types', () => {
    expectTypeOf(gaussianWassersteinStyleLoss).returns.toEqualTypeOf<FeatureLoss>();
  });
});
