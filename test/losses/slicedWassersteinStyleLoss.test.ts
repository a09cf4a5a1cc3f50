import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { slicedWassersteinStyleLoss, type FeatureLoss, type StyleSource } from '../../src/index';
import { seededDirections } from '../../src/losses/internal/seededDirections';
import { positionRows, slicedW2 } from '../helpers/distributionReference';
import { finiteDifferenceGradient, randomNhwc } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

const row = (values: number[]) => ({ l: tf.tensor4d(values, [1, 1, values.length, 1]) });
const values = (loss: FeatureLoss, features: () => Record<string, tf.Tensor4D>, count: number): number[] =>
  Array.from({ length: count }, () => scalarValue(loss(features())));

describe('slicedWassersteinStyleLoss', () => {
  // With C = 1 the only unit directions are ±1; either sign pairs the i-th largest generated value with the
  // i-th largest style value, so the values below hold for any seed.
  test('hand-worked values: equal sizes, quantile resampling, blending, batches', () => {
    // Generated [1, 3], style [0, 4]: sorted pairs (3, 4), (1, 0): (1 + 1) / 2 = 1.
    expect(scalarValue(slicedWassersteinStyleLoss(row([0, 4]))(row([1, 3])))).toBeCloseTo(1, 6);
    // Style [0, 2, 4, 6] (M = 4), generated [1, 3] (N = 2): quantile positions 0, 3 → 6, 0 vs 3, 1: (9 + 1) / 2 = 5.
    expect(scalarValue(slicedWassersteinStyleLoss(row([0, 2, 4, 6]))(row([1, 3])))).toBeCloseTo(5, 5);
    // Generated [1, 2, 3] (N = 3): positions 0, 1.5, 3 → 6, 3, 0 vs 3, 2, 1: (9 + 1 + 1) / 3 = 11/3.
    expect(scalarValue(slicedWassersteinStyleLoss(row([6, 0, 4, 2]))(row([2, 1, 3])))).toBeCloseTo(11 / 3, 5);
    // Styles [0, 4] ×3 and [2, 2] ×1: quantiles (3·4 + 2)/4 = 3.5 and (3·0 + 2)/4 = 0.5 vs 3, 1: (0.25 + 0.25) / 2 = 0.25.
    const blend: StyleSource[] = [{ features: row([0, 4]), weight: 3 }, { features: row([2, 2]), weight: 1 }];
    expect(scalarValue(slicedWassersteinStyleLoss(blend)(row([1, 3])))).toBeCloseTo(0.25, 6);
    // A batch of [1, 3] (loss 1) and [4, 0] (loss 0) averages to 0.5; layer weight 4 → 2; projections: 3 → same.
    const batch = { l: tf.tensor4d([1, 3, 4, 0], [2, 1, 2, 1]) };
    expect(scalarValue(slicedWassersteinStyleLoss(row([0, 4]), { layers: { l: 4 }, projections: 3 })(batch))).toBeCloseTo(2, 6);
  });

  test('0 for a spatial permutation of the same features, positive otherwise', () => {
    const f = randomNhwc([1, 4, 4, 6], 71);
    const permuted = new Float64Array(f.data.length);
    const order = [5, 12, 0, 7, 3, 15, 9, 1, 14, 2, 11, 6, 13, 8, 4, 10];
    order.forEach((from, to) => permuted.set(f.data.subarray(from * 6, from * 6 + 6), to * 6));
    const loss = slicedWassersteinStyleLoss({ l: toTensor(f) }, { seed: 3 });
    for (const value of values(loss, () => ({ l: toTensor({ shape: f.shape, data: permuted }) }), 3)) expect(value).toBeLessThan(1e-6);
    const other = randomNhwc([1, 4, 4, 6], 72);
    for (const value of values(loss, () => ({ l: toTensor(other) }), 3)) expect(value).toBeGreaterThan(1e-2);
  });

  test('same seed → same sequence of values; another seed → another; fresh directions at every call', () => {
    const s = randomNhwc([1, 3, 5, 4], 81), f = randomNhwc([1, 4, 3, 4], 82);
    const run = (seed: number) => values(slicedWassersteinStyleLoss({ l: toTensor(s) }, { seed, projections: 5 }), () => ({ l: toTensor(f) }), 4);
    const a = run(9), b = run(9), c = run(10);
    expect(b).toEqual(a);
    expect(new Set(a).size).toBe(4);
    c.forEach((value, i) => expect(value).not.toBe(a[i]));
  });

  test('matches the float64 reference with the same directions: two layers, two styles of other sizes, a batch', () => {
    const s1 = randomNhwc([1, 5, 4, 3], 91), s2 = randomNhwc([2, 3, 3, 3], 92, 0, 2), f = randomNhwc([2, 3, 3, 3], 93);
    const t = randomNhwc([1, 2, 2, 2], 94), g = randomNhwc([1, 4, 2, 2], 95);
    const loss = slicedWassersteinStyleLoss(
      [{ features: { a: toTensor(s1), b: toTensor(t) }, weight: 1 }, { features: { a: toTensor(s2), b: toTensor(t) }, weight: 3 }],
      { layers: { a: 0.5, b: 2 }, projections: 7, seed: 5 },
    );
    const draw = seededDirections(5);
    const da = draw(3, 7), db = draw(2, 7); // the loss draws layer by layer, in the order of options.layers
    const styles = [{ rows: positionRows(s1), weight: 1 }, { rows: positionRows(s2), weight: 3 }];
    const aTerm = (slicedW2(positionRows(f, 0), styles, da, 7) + slicedW2(positionRows(f, 1), styles, da, 7)) / 2;
    const expected = 0.5 * aTerm + 2 * slicedW2(positionRows(g), [{ rows: positionRows(t), weight: 1 }], db, 7);
    expect(relativeError([scalarValue(loss({ a: toTensor(f), b: toTensor(g) }))], [expected])).toBeLessThan(1e-5);
  });

  test('default projections: K = C directions per layer (seed 0), two calls draw in sequence', () => {
    const s = randomNhwc([1, 3, 3, 5], 111), f = randomNhwc([1, 2, 4, 5], 112);
    const loss = slicedWassersteinStyleLoss({ l: toTensor(s) });
    const draw = seededDirections(0);
    for (let call = 0; call < 2; call++) {
      const expected = slicedW2(positionRows(f), [{ rows: positionRows(s), weight: 1 }], draw(5, 5), 5);
      expect(relativeError([scalarValue(loss({ l: toTensor(f) }))], [expected])).toBeLessThan(1e-5);
    }
  });

  test('gradient (through the sort) equals finite differences of the float64 reference', () => {
    const s = randomNhwc([1, 4, 4, 3], 101), f = randomNhwc([1, 3, 3, 3], 102, -1, 2);
    const loss = slicedWassersteinStyleLoss({ l: toTensor(s) }, { seed: 11, projections: 4 });
    const grad = tf.grad((x) => loss({ l: x as tf.Tensor4D }))(toTensor(f));
    const directions = seededDirections(11)(3, 4);
    const expected = finiteDifferenceGradient(f, (x) => slicedW2(positionRows(x), [{ rows: positionRows(s), weight: 1 }], directions, 4));
    expect(relativeError(grad.dataSync(), expected)).toBeLessThan(1e-4);
  });

  test('keeps only its targets; dispose frees them; nothing leaks', () => {
    expectNoLeak(() => {
      const s = row([0, 2, 4, 6]);
      const loss = slicedWassersteinStyleLoss([{ features: s, weight: 1 }, { features: s, weight: 2 }]);
      tf.dispose(s);
      const g = row([1, 3]);
      tf.grad((x) => loss({ l: x as tf.Tensor4D }))(g.l).dispose();
      loss(g).dispose();
      tf.dispose(g);
      loss.dispose();
    });
  });

  test('rejects bad input with clear errors', () => {
    const fn = 'slicedWassersteinStyleLoss';
    expect(() => slicedWassersteinStyleLoss([])).toThrow(`${fn}: styles must hold at least one style.`);
    expect(() => slicedWassersteinStyleLoss([{ features: row([1]), weight: -0.5 }])).toThrow(`${fn}: styles[0].weight must be a finite number >= 0; got -0.5.`);
    expect(() => slicedWassersteinStyleLoss(row([1]), { layers: { l: -2 } })).toThrow(`${fn}: options.layers.l must be a finite number >= 0; got -2.`);
    expect(() => slicedWassersteinStyleLoss(row([1]), { layers: { x: 1 } })).toThrow(`${fn}: options.layers.x has no target; layers with targets: l.`);
    for (const projections of [0, -4, 1.5]) {
      expect(() => slicedWassersteinStyleLoss(row([1]), { projections })).toThrow(`${fn}: options.projections must be an integer >= 1; got ${projections}.`);
    }
    for (const seed of [0.5, -1, 2 ** 32, Number.NaN]) {
      expect(() => slicedWassersteinStyleLoss(row([1]), { seed })).toThrow(`${fn}: options.seed must be an integer in [0, 2^32); got ${seed}.`);
    }
    expect(() => slicedWassersteinStyleLoss([{ features: row([1]), weight: 1 }, { features: { l: tf.zeros([1, 1, 1, 2]) as tf.Tensor4D }, weight: 1 }])).toThrow(
      `${fn}: styles[1].features.l has 2 channels; styles[0] has 1 at this layer.`,
    );
    expect(() => slicedWassersteinStyleLoss([{ features: row([1]), weight: 1 }, { features: { m: row([1]).l }, weight: 1 }])).toThrow(
      `${fn}: styles[1].features.l is missing; every style must provide every style layer.`,
    );
    const loss = slicedWassersteinStyleLoss(row([1, 2]));
    expect(() => loss({ l: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D })).toThrow(`${fn}: features.l has shape [1, 2, 2, 3]; the target needs [any, any, any, 1].`);
    expect(() => loss({ m: row([1]).l })).toThrow(`${fn}: features.l is missing; the loss reads layers (given: m) must include it.`);
  });

  test('types', () => {
    expectTypeOf(slicedWassersteinStyleLoss).returns.toEqualTypeOf<FeatureLoss>();
  });
});
