import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { momentStyleLoss, type FeatureLoss, type FeatureMap, type StyleSource } from '../../src/index';
import { blendMoments, moments, positionRows } from '../helpers/distributionReference';
import { finiteDifferenceGradient, randomNhwc, type Nhwc } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

/** α‖μ − μ_s‖² + β‖Σ − Σ_s‖²_F per image, averaged over the batch, in float64. */
function referenceMomentLayer(x: Nhwc, target: ReturnType<typeof moments>, alpha: number, beta: number): number {
  let total = 0;
  for (let b = 0; b < x.shape[0]; b++) {
    const { mean, cov } = moments(positionRows(x, b));
    let m = 0, c = 0;
    mean.forEach((v, i) => { m += (v - target.mean[i]!) ** 2; });
    cov.forEach((row, i) => row.forEach((v, j) => { c += (v - target.cov[i]![j]!) ** 2; }));
    total += alpha * m + beta * c;
  }
  return total / x.shape[0];
}

describe('momentStyleLoss', () => {
  // Generated rows (1, 2), (3, 4): μ = (2, 3); centred (−1, −1), (1, 1): Σ = [[1, 1], [1, 1]].
  // Style rows (1, 0), (0, 1): μ_s = (0.5, 0.5); centred ±(0.5, −0.5): Σ_s = [[0.25, −0.25], [−0.25, 0.25]].
  // ‖μ − μ_s‖² = 1.5² + 2.5² = 8.5; Σ − Σ_s = [[0.75, 1.25], [1.25, 0.75]]: ‖·‖²_F = 2·0.5625 + 2·1.5625 = 4.25.
  const style = () => ({ conv1_1: tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]) });
  const generated = () => ({ conv1_1: tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]) });

  test('hand-worked values: default weights, α and β, per-layer weight', () => {
    expect(scalarValue(momentStyleLoss(style())(generated()))).toBeCloseTo(12.75, 5); // 8.5 + 4.25
    expect(scalarValue(momentStyleLoss(style(), { meanWeight: 2, covarianceWeight: 0.5 })(generated()))).toBeCloseTo(19.125, 5); // 17 + 2.125
    expect(scalarValue(momentStyleLoss(style(), { layers: { conv1_1: 3 }, covarianceWeight: 0 })(generated()))).toBeCloseTo(25.5, 5);
  });

  test('several styles blend means and covariances by weight; a batch is averaged', () => {
    // Second style rows (2, 2), (2, 2): μ = (2, 2), Σ = 0. Weights 1 : 1 → μ_s = (1.25, 1.25), Σ_s = [[0.125, −0.125], [−0.125, 0.125]].
    // Generated: ‖(0.75, 1.75)‖² = 0.5625 + 3.0625 = 3.625; Σ − Σ_s = [[0.875, 1.125], [1.125, 0.875]]: 2·0.765625 + 2·1.265625 = 4.0625.
    const sources: StyleSource[] = [{ features: style(), weight: 1 }, { features: { conv1_1: tf.tensor4d([2, 2, 2, 2], [1, 1, 2, 2]) }, weight: 1 }];
    expect(scalarValue(momentStyleLoss(sources)(generated()))).toBeCloseTo(7.6875, 5);
    // A batch of the generated image and the first style itself: (12.75 + 0) / 2.
    const batch = { conv1_1: tf.tensor4d([1, 2, 3, 4, 1, 0, 0, 1], [2, 1, 2, 2]) };
    expect(scalarValue(momentStyleLoss(style())(batch))).toBeCloseTo(6.375, 5);
  });

  test('matches the float64 reference with two layers, two styles of other sizes', () => {
    const s1 = randomNhwc([1, 4, 5, 3], 31), s2 = randomNhwc([2, 3, 3, 3], 32), f = randomNhwc([2, 3, 4, 3], 33);
    const t = randomNhwc([1, 2, 3, 2], 34), g = randomNhwc([1, 4, 2, 2], 35);
    const loss = momentStyleLoss(
      [{ features: { a: toTensor(s1), b: toTensor(t) }, weight: 3 }, { features: { a: toTensor(s2), b: toTensor(t) }, weight: 1 }],
      { layers: { a: 0.5, b: 2 }, meanWeight: 0.7, covarianceWeight: 1.3 },
    );
    const aTarget = blendMoments([{ m: moments(positionRows(s1)), weight: 3 }, { m: moments(positionRows(s2)), weight: 1 }]);
    const expected = 0.5 * referenceMomentLayer(f, aTarget, 0.7, 1.3) + 2 * referenceMomentLayer(g, moments(positionRows(t)), 0.7, 1.3);
    expect(relativeError([scalarValue(loss({ a: toTensor(f), b: toTensor(g) }))], [expected])).toBeLessThan(1e-5);
  });

  test('gradient equals finite differences of the float64 reference', () => {
    const s = randomNhwc([1, 3, 3, 3], 41), f = randomNhwc([1, 3, 2, 3], 42, -1, 2);
    const loss = momentStyleLoss({ l: toTensor(s) }, { meanWeight: 0.6, covarianceWeight: 2 });
    const grad = tf.grad((x) => loss({ l: x as tf.Tensor4D }))(toTensor(f));
    const expected = finiteDifferenceGradient(f, (x) => referenceMomentLayer(x, moments(positionRows(s)), 0.6, 2));
    expect(relativeError(grad.dataSync(), expected)).toBeLessThan(1e-4);
  });

  test('keeps only its targets; dispose frees them; nothing leaks', () => {
    expectNoLeak(() => {
      const s = style();
      const loss = momentStyleLoss([{ features: s, weight: 1 }, { features: s, weight: 2 }]);
      tf.dispose(s);
      const g = generated();
      tf.grad((x) => loss({ conv1_1: x as tf.Tensor4D }))(g.conv1_1).dispose();
      loss(g).dispose();
      tf.dispose(g);
      loss.dispose();
    });
  });

  test('rejects bad input with clear errors', () => {
    expect(() => momentStyleLoss([])).toThrow('momentStyleLoss: styles must hold at least one style.');
    expect(() => momentStyleLoss([{ features: style(), weight: -1 }])).toThrow('momentStyleLoss: styles[0].weight must be a finite number >= 0; got -1.');
    expect(() => momentStyleLoss(style(), { layers: { conv9_9: 1 } })).toThrow('momentStyleLoss: options.layers.conv9_9 has no target; layers with targets: conv1_1.');
    expect(() => momentStyleLoss(style(), { meanWeight: -1 })).toThrow('momentStyleLoss: options.meanWeight must be a finite number >= 0; got -1.');
    expect(() => momentStyleLoss(style(), { covarianceWeight: Number.NaN })).toThrow('momentStyleLoss: options.covarianceWeight must be a finite number >= 0; got NaN.');
    expect(() => momentStyleLoss([{ features: style(), weight: 1 }, { features: { other: style().conv1_1 }, weight: 1 }])).toThrow(
      'momentStyleLoss: styles[1].features.conv1_1 is missing; every style must provide every style layer.',
    );
    expect(() => momentStyleLoss([{ features: style(), weight: 1 }, { features: { conv1_1: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D }, weight: 1 }])).toThrow(
      'momentStyleLoss: styles[1].features.conv1_1 has 3 channels; styles[0] has 2 at this layer.',
    );
    const loss = momentStyleLoss(style());
    expect(() => loss({ conv1_1: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D })).toThrow(
      'momentStyleLoss: features.conv1_1 has shape [1, 2, 2, 3]; the target needs [any, any, any, 2].',
    );
    expect(() => loss({} as FeatureMap)).toThrow(/momentStyleLoss: features\.conv1_1 is missing/);
    loss.dispose();
    expect(() => loss(generated())).toThrow('momentStyleLoss: this loss has been disposed; build a new one.');
  });

  test('types', () => {
    expectTypeOf(momentStyleLoss).returns.toEqualTypeOf<FeatureLoss>();
  });
});
