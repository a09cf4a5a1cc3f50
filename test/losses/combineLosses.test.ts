import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { combineLosses, contentLoss, styleLoss, totalVariationLoss, type CombinedLoss, type LossTerm } from '../../src/index';
import { expectNoLeak, scalarValue } from '../helpers/tensors';

describe('combineLosses', () => {
  // Reusing the hand-worked cases of the single-loss tests:
  // content (halfSum) of F = [1, 2, 3, 4] vs P = [0, 1, 1, 2] = 5; style (none, sum) vs rows (1,0),(0,1) = 834;
  // TV l1 of [[0, 1], [3, 6]] = 12.
  const build = () => {
    const p = tf.tensor4d([0, 1, 1, 2], [1, 1, 2, 2]);
    const a = tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]);
    const loss = combineLosses({
      content: { loss: contentLoss({ c: p }), weight: 2 },
      style: { loss: styleLoss({ s: a }, { normalization: 'none' }), weight: 0.01 },
      tv: { loss: totalVariationLoss({ kind: 'l1' }), weight: 0.5 },
    });
    tf.dispose([p, a]); // the losses keep their own copies
    return loss;
  };
  const input = () => ({
    image: tf.tensor4d([0, 1, 3, 6], [1, 2, 2, 1]),
    features: { c: tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]), s: tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]) },
  });

  test('total = Σ weight · term, and each weighted term is reported', () => {
    const loss = build();
    expect(loss.layers).toEqual(['c', 's']);
    const { total, terms } = loss(input());
    expect(scalarValue(terms.content!)).toBeCloseTo(10, 5); // 2 · 5
    expect(scalarValue(terms.style!)).toBeCloseTo(8.34, 4); // 0.01 · 834
    expect(scalarValue(terms.tv!)).toBeCloseTo(6, 5); // 0.5 · 12
    expect(scalarValue(total)).toBeCloseTo(24.34, 4);
  });

  test('gradient of the total is the weighted sum of the terms’ gradients', () => {
    const loss = build();
    const { image, features } = input();
    const grads = tf.grads((x, c, s) => loss({ image: x as tf.Tensor4D, features: { c: c as tf.Tensor4D, s: s as tf.Tensor4D } }).total)([
      image, features.c, features.s,
    ]);
    // d(2 · ½ Σ (F − P)²)/dF = 2 (F − P) = [2, 2, 4, 4].
    expect(Array.from(grads[1]!.dataSync())).toEqual([2, 2, 4, 4]);
    // d(0.5 · TV_l1)/dx: x00 in dx (−1) and dy (−1) → −1; x01: +1 (dx), −1 (dy) → 0; x10: −1 + 1 → 0; x11: +1 + 1 → 1; × 0.5.
    expect(Array.from(grads[0]!.dataSync())).toEqual([-1, 0, 0, 1]);
  });

  test('dispose frees every term; nothing leaks', () => {
    expectNoLeak(() => {
      const loss = build();
      const i = input();
      const { total, terms } = loss(i);
      tf.dispose([total, ...Object.values(terms), i.image, ...Object.values(i.features)]);
      loss.dispose();
    });
  });

  test('rejects bad input with clear errors', () => {
    expect(() => combineLosses({})).toThrow('combineLosses: terms must hold at least one term.');
    expect(() => combineLosses({ x: { loss: (() => tf.scalar(1)) as unknown as LossTerm, weight: 1 } })).toThrow(
      'combineLosses: terms.x.loss must be a loss built by contentLoss, styleLoss or totalVariationLoss.',
    );
    expect(() => combineLosses({ tv: { loss: totalVariationLoss(), weight: -1 } })).toThrow(
      'combineLosses: terms.tv.weight must be a finite number >= 0; got -1.',
    );
  });

  test('types', () => {
    expectTypeOf(combineLosses).returns.toEqualTypeOf<CombinedLoss>();
  });
});
