import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { contentLoss, type FeatureLoss, type FeatureMap } from '../../src/index';
import { finiteDifferenceGradient, randomNhwc, referenceContent } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

describe('contentLoss', () => {
  // F = [1, 2, 3, 4], P = [0, 1, 1, 2] → F − P = [1, 1, 2, 2], Σ (F − P)² = 1 + 1 + 4 + 4 = 10.
  const target = () => ({ conv4_2: tf.tensor4d([0, 1, 1, 2], [1, 1, 2, 2]) });
  const generated = () => ({ conv4_2: tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]) });

  test.each([
    ['halfSum', 5], // ½ · 10
    ['mean', 2.5], // 10 / 4 entries
    ['sum', 10],
  ] as const)('hand-worked value, reduction %s', (reduction, expected) => {
    expect(scalarValue(contentLoss(target(), { reduction })(generated()))).toBeCloseTo(expected, 6);
  });

  test('defaults to halfSum and weight 1 on every target layer', () => {
    const loss = contentLoss(target());
    expect(loss.layers).toEqual(['conv4_2']);
    expect(scalarValue(loss(generated()))).toBeCloseTo(5, 6);
  });

  test('per-layer weights: Σ w_l E_l', () => {
    // Layer b: F = [3], P = [1] → ½ · 4 = 2. Total = 2 · 5 + 0.5 · 2 = 11.
    const loss = contentLoss(
      { ...target(), b: tf.tensor4d([1], [1, 1, 1, 1]) },
      { layers: { conv4_2: 2, b: 0.5 } },
    );
    expect(scalarValue(loss({ ...generated(), b: tf.tensor4d([3], [1, 1, 1, 1]) }))).toBeCloseTo(11, 6);
  });

  test('a target of batch 1 is compared with every image of a batch', () => {
    const f = randomNhwc([3, 2, 3, 4], 1);
    const p = randomNhwc([1, 2, 3, 4], 2);
    for (const reduction of ['halfSum', 'mean', 'sum'] as const) {
      const value = scalarValue(contentLoss({ l: toTensor(p) }, { reduction })({ l: toTensor(f) }));
      expect(relativeError([value], [referenceContent(f, p, reduction)])).toBeLessThan(1e-5);
    }
  });

  test.each(['halfSum', 'mean', 'sum'] as const)('gradient equals finite differences of the float64 reference (%s)', (reduction) => {
    const f = randomNhwc([1, 3, 3, 2], 3);
    const p = randomNhwc([1, 3, 3, 2], 4);
    const loss = contentLoss({ l: toTensor(p) }, { reduction });
    const grad = tf.grad((x) => loss({ l: x as tf.Tensor4D }))(toTensor(f));
    const expected = finiteDifferenceGradient(f, (x) => referenceContent(x, p, reduction));
    expect(relativeError(grad.dataSync(), expected)).toBeLessThan(1e-4);
  });

  test('keeps its own copy of the targets; dispose frees it; nothing leaks', () => {
    expectNoLeak(() => {
      const t = target();
      const loss = contentLoss(t);
      tf.dispose(t); // the loss still works: it owns a copy
      const g = generated();
      loss(g).dispose();
      tf.dispose(g);
      loss.dispose();
    });
  });

  test('a disposed loss says so', () => {
    const loss = contentLoss(target());
    loss.dispose();
    expect(() => loss(generated())).toThrow('contentLoss: this loss has been disposed; build a new one.');
  });

  test('rejects bad input with clear errors', () => {
    expect(() => contentLoss({})).toThrow('contentLoss: targets must hold at least one layer.');
    expect(() => contentLoss({ a: tf.zeros([2, 2]) } as unknown as FeatureMap)).toThrow(/contentLoss: targets\.a must have rank 4/);
    expect(() => contentLoss(target(), { reduction: 'avg' as 'mean' })).toThrow(
      "contentLoss: options.reduction must be one of 'halfSum', 'mean', 'sum'; got 'avg'.",
    );
    expect(() => contentLoss(target(), { layers: {} })).toThrow('contentLoss: options.layers must name at least one layer.');
    expect(() => contentLoss(target(), { layers: { conv5_2: 1 } })).toThrow(
      'contentLoss: options.layers.conv5_2 has no target; layers with targets: conv4_2.',
    );
    expect(() => contentLoss(target(), { layers: { conv4_2: -1 } })).toThrow(
      'contentLoss: options.layers.conv4_2 must be a finite number >= 0; got -1.',
    );
    expect(() => contentLoss({ a: tf.tensor4d([NaN], [1, 1, 1, 1]) })).toThrow(/contentLoss: targets\.a contains NaN or Infinity/);
    const loss = contentLoss(target());
    expect(() => loss({})).toThrow(/contentLoss: features\.conv4_2 is missing/);
    expect(() => loss({ conv4_2: tf.zeros([1, 2, 1, 2]) as tf.Tensor4D })).toThrow(
      'contentLoss: features.conv4_2 has shape [1, 2, 1, 2]; the target needs [any, 1, 2, 2].',
    );
  });

  test('types', () => {
    expectTypeOf(contentLoss).returns.toEqualTypeOf<FeatureLoss>();
    expectTypeOf<ReturnType<FeatureLoss>>().toEqualTypeOf<tf.Scalar>();
  });
});
