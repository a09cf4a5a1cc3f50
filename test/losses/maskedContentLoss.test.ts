import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { contentLoss, maskedContentLoss, type FeatureLoss } from '../../src/index';
import { mulberry32 } from '../../src/internal/mulberry32';
import { finiteDifferenceGradient, randomNhwc } from '../helpers/reference';
import { referenceBlockMean, referenceMaskedContent } from '../helpers/referenceMasks';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

describe('maskedContentLoss', () => {
  // Target P = 0 at two positions, one channel; F = (1, 2); mask (1, 0): k = (inside, outside) = (1, 10).
  // Σ k (F − P)² = 1·1 + 10·4 = 41.
  const target = () => ({ l: tf.zeros([1, 1, 2, 1]) as tf.Tensor4D });
  const generated = () => ({ l: tf.tensor4d([1, 2], [1, 1, 2, 1]) });
  const mask = () => tf.tensor2d([1, 0], [1, 2]);

  test.each([
    ['halfSum', 20.5],
    ['sum', 41],
    ['mean', 41 / 2], // ÷ B·H·W·C = 2, as contentLoss
  ] as const)('hand-worked value, reduction %s (default inside 1, outside 10)', (reduction, expected) => {
    expect(scalarValue(maskedContentLoss(target(), mask(), { reduction })(generated()))).toBeCloseTo(expected, 5);
  });

  test('inside and outside weights: k = inside · m + outside · (1 − m), soft mask', () => {
    // m = (0.25, 1): k = (2·0.25 + 4·0.75, 2) = (3.5, 2): Σ = 3.5·1 + 2·4 = 11.5.
    const loss = maskedContentLoss(target(), tf.tensor2d([0.25, 1], [1, 2]), { inside: 2, outside: 4, reduction: 'sum' });
    expect(scalarValue(loss(generated()))).toBeCloseTo(11.5, 5);
  });

  test.each(['halfSum', 'mean', 'sum'] as const)('inside = outside = 1 equals contentLoss (%s), per-layer weights, batch', (reduction) => {
    const p = { a: toTensor(randomNhwc([1, 4, 4, 3], 1)), b: toTensor(randomNhwc([1, 2, 2, 5], 2)) };
    const f = { a: toTensor(randomNhwc([2, 4, 4, 3], 3)), b: toTensor(randomNhwc([2, 2, 2, 5], 4)) };
    const options = { layers: { a: 0.5, b: 3 }, reduction };
    const plain = scalarValue(contentLoss(p, options)(f));
    const soft = tf.tensor2d(Array.from({ length: 16 }, (_, i) => (i + 1) / 16), [4, 4]);
    expect(relativeError([scalarValue(maskedContentLoss(p, soft, { ...options, inside: 1, outside: 1 })(f))], [plain])).toBeLessThan(1e-6);
    expect(relativeError([scalarValue(maskedContentLoss(p, tf.ones([4, 4]), { ...options, outside: 7 })(f))], [plain])).toBeLessThan(1e-6);
  });

  test('the mask follows the pooling to each layer; float64 reference and finite differences', () => {
    const next = mulberry32(5);
    const m = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => next()));
    const k = (plane: number[][]) => plane.map((row) => row.map((v) => 0.5 * v + 3 * (1 - v)));
    const p1 = randomNhwc([1, 4, 6, 2], 6);
    const p2 = randomNhwc([1, 2, 3, 2], 7);
    const f1 = randomNhwc([1, 4, 6, 2], 8);
    const f2 = randomNhwc([1, 2, 3, 2], 9);
    const loss = maskedContentLoss({ a: toTensor(p1), b: toTensor(p2) }, tf.tensor2d(m.flat(), [4, 6]), { inside: 0.5, outside: 3, layers: { a: 1, b: 2 } });
    const expected = referenceMaskedContent(f1, p1, k(m), 'halfSum') + 2 * referenceMaskedContent(f2, p2, k(referenceBlockMean(m, 2)), 'halfSum');
    expect(relativeError([scalarValue(loss({ a: toTensor(f1), b: toTensor(f2) }))], [expected])).toBeLessThan(1e-5);
    const grad = tf.grad((x) => loss({ a: toTensor(f1), b: x as tf.Tensor4D }))(toTensor(f2));
    const fd = finiteDifferenceGradient(f2, (x) => 2 * referenceMaskedContent(x, p2, k(referenceBlockMean(m, 2)), 'halfSum'));
    expect(relativeError(grad.dataSync(), fd)).toBeLessThan(1e-4);
  });

  test('keeps only its targets and weights; dispose frees them; nothing leaks', () => {
    const m = mask();
    expectNoLeak(() => {
      const t = target();
      const loss = maskedContentLoss(t, m);
      tf.dispose(t);
      const g = generated();
      loss(g).dispose();
      tf.grad((x) => loss({ l: x as tf.Tensor4D }))(g.l).dispose();
      tf.dispose(g);
      loss.dispose();
    });
  });

  test('rejects bad input with clear errors', () => {
    expect(() => maskedContentLoss(target(), tf.zeros([1, 2]))).toThrow('maskedContentLoss: mask is all zero');
    expect(() => maskedContentLoss(target(), tf.ones([1, 2, 3]))).toThrow('maskedContentLoss: mask must be single-channel (grey)');
    expect(() => maskedContentLoss(target(), tf.tensor2d([0.5, 1.01], [1, 2]))).toThrow('maskedContentLoss: mask must hold values in 0..1');
    expect(() => maskedContentLoss(target(), mask(), { outside: -1 })).toThrow('maskedContentLoss: options.outside must be a finite number >= 0; got -1.');
    expect(() => maskedContentLoss(target(), mask(), { inside: Number.NaN })).toThrow('maskedContentLoss: options.inside must be a finite number >= 0; got NaN.');
    expect(() => maskedContentLoss(target(), mask(), { reduction: 'max' as 'sum' })).toThrow("maskedContentLoss: options.reduction must be one of 'halfSum', 'mean', 'sum'; got 'max'.");
    expect(() => maskedContentLoss({}, mask())).toThrow('maskedContentLoss: targets must hold at least one layer.');
    const loss = maskedContentLoss(target(), mask());
    expect(() => loss({ l: tf.zeros([1, 2, 2, 1]) as tf.Tensor4D })).toThrow('maskedContentLoss: features.l has shape [1, 2, 2, 1]; the target needs [any, 1, 2, 1].');
  });

  test('types', () => {
    expectTypeOf(maskedContentLoss).returns.toEqualTypeOf<FeatureLoss>();
  });
});
