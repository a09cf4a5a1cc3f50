import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { styleLoss, type FeatureLoss, type FeatureMap, type StyleSource } from '../../src/index';
import { finiteDifferenceGradient, randomNhwc, referenceBlendedGram, referenceStyleLayer } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

describe('styleLoss', () => {
  // Generated F rows (1, 2), (3, 4): G = [[10, 14], [14, 20]] (unnormalised).
  // Style S rows (1, 0), (0, 1): A = [[1, 0], [0, 1]]. G − A = [[9, 14], [14, 19]],
  // Σ (G − A)² = 81 + 196 + 196 + 361 = 834. N = C = 2, M = H·W = 2.
  const style = () => ({ conv1_1: tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]) });
  const generated = () => ({ conv1_1: tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]) });

  test.each([
    ['none', 'sum', 834],
    ['none', 'gatys', 834 / (4 * 2 ** 2 * 2 ** 2)], // 13.03125, Gatys 2015: 1/(4N²M²) Σ (G − A)²
    ['none', 'mean', 834 / 4], // mean over the C² = 4 entries
    ['chw', 'sum', 834 / 16], // both Grams ÷ C·H·W = 4, so the squares ÷ 16
    ['nm', 'sum', 834 / 16], // seed 002 eq. 2-3
    ['chw', 'mean', 834 / 64], // seed 004's code
    ['hw', 'sum', 834 / 4], // Grams ÷ H·W = 2
  ] as const)('hand-worked value, normalization %s, reduction %s', (normalization, reduction, expected) => {
    const loss = styleLoss(style(), { normalization, reduction });
    expect(scalarValue(loss(generated()))).toBeCloseTo(expected, 4);
  });

  test('gatys defaults to unnormalised Grams; the default is chw + sum', () => {
    expect(scalarValue(styleLoss(style(), { reduction: 'gatys' })(generated()))).toBeCloseTo(13.03125, 4);
    expect(scalarValue(styleLoss(style())(generated()))).toBeCloseTo(52.125, 4);
  });

  test('several styles are blended by weight in Gram space', () => {
    // Second style rows (0, 0), (0, 2): A₂ = [[0, 0], [0, 4]]. Weights 3 : 1 → A = (3·A₁ + A₂)/4 = [[0.75, 0], [0, 1.75]].
    // G − A = [[9.25, 14], [14, 18.25]]: Σ² = 85.5625 + 196 + 196 + 333.0625 = 810.625.
    const sources: StyleSource[] = [
      { features: style(), weight: 3 },
      { features: { conv1_1: tf.tensor4d([0, 0, 0, 2], [1, 1, 2, 2]) }, weight: 1 },
    ];
    expect(scalarValue(styleLoss(sources, { normalization: 'none' })(generated()))).toBeCloseTo(810.625, 3);
  });

  test('per-layer weights and a style image of another size; matches the float64 reference', () => {
    const s1 = randomNhwc([1, 5, 4, 3], 11);
    const s2 = randomNhwc([1, 3, 3, 3], 12);
    const t1 = randomNhwc([1, 2, 2, 2], 13);
    const f1 = randomNhwc([2, 4, 3, 3], 14);
    const f2 = randomNhwc([2, 2, 3, 2], 15);
    for (const [normalization, reduction] of [['chw', 'sum'], ['hw', 'mean'], ['none', 'gatys']] as const) {
      const loss = styleLoss(
        [
          { features: { a: toTensor(s1), b: toTensor(t1) }, weight: 2 },
          { features: { a: toTensor(s2), b: toTensor(t1) }, weight: 1 },
        ],
        { layers: { a: 0.3, b: 2 }, normalization, reduction },
      );
      const aTarget = referenceBlendedGram([{ f: s1, weight: 2 }, { f: s2, weight: 1 }], normalization);
      const bTarget = referenceBlendedGram([{ f: t1, weight: 3 }], normalization);
      const expected = 0.3 * referenceStyleLayer(f1, aTarget, normalization, reduction) + 2 * referenceStyleLayer(f2, bTarget, normalization, reduction);
      const value = scalarValue(loss({ a: toTensor(f1), b: toTensor(f2) }));
      expect(relativeError([value], [expected])).toBeLessThan(1e-5);
    }
  });

  test.each([['chw', 'sum'], ['nm', 'mean'], ['none', 'gatys'], ['hw', 'sum']] as const)(
    'gradient equals finite differences of the float64 reference (%s, %s)',
    (normalization, reduction) => {
      const s = randomNhwc([1, 3, 3, 2], 21);
      const f = randomNhwc([1, 3, 2, 2], 22);
      const loss = styleLoss({ l: toTensor(s) }, { normalization, reduction });
      const grad = tf.grad((x) => loss({ l: x as tf.Tensor4D }))(toTensor(f));
      const target = referenceBlendedGram([{ f: s, weight: 1 }], normalization);
      const expected = finiteDifferenceGradient(f, (x) => referenceStyleLayer(x, target, normalization, reduction));
      expect(relativeError(grad.dataSync(), expected)).toBeLessThan(1e-4);
    },
  );

  test('keeps only its target Grams; dispose frees them; nothing leaks', () => {
    expectNoLeak(() => {
      const s = style();
      const loss = styleLoss([{ features: s, weight: 1 }, { features: s, weight: 2 }]);
      tf.dispose(s);
      const g = generated();
      loss(g).dispose();
      tf.dispose(g);
      loss.dispose();
    });
  });

  test('rejects bad input with clear errors', () => {
    expect(() => styleLoss([])).toThrow('styleLoss: styles must hold at least one style.');
    expect(() => styleLoss({})).toThrow('styleLoss: styles must hold at least one layer.');
    expect(() => styleLoss([{ features: style() }] as unknown as StyleSource[])).toThrow(
      'styleLoss: styles[0] must be { features, weight }; got an object.',
    );
    expect(() => styleLoss([{ features: style(), weight: -2 }])).toThrow(
      'styleLoss: styles[0].weight must be a finite number >= 0; got -2.',
    );
    expect(() => styleLoss([{ features: style(), weight: 0 }])).toThrow('styleLoss: styles blend weights must not all be 0.');
    expect(() => styleLoss([{ features: style(), weight: 1 }, { features: { other: style().conv1_1 }, weight: 1 }])).toThrow(
      'styleLoss: styles[1].features.conv1_1 is missing; every style must provide every style layer.',
    );
    expect(() => styleLoss(style(), { normalization: 'chw', reduction: 'gatys' })).toThrow(
      "styleLoss: options.normalization must be 'none' with reduction 'gatys'",
    );
    expect(() => styleLoss(style(), { normalization: 'cw' as 'chw' })).toThrow(
      "styleLoss: options.normalization must be one of 'none', 'chw', 'nm', 'hw'; got 'cw'.",
    );
    expect(() => styleLoss(style(), { reduction: 'max' as 'sum' })).toThrow(
      "styleLoss: options.reduction must be one of 'sum', 'mean', 'gatys'; got 'max'.",
    );
    expect(() => styleLoss(style(), { layers: { conv1_1: Number.NaN } })).toThrow(/options\.layers\.conv1_1 must be a finite number >= 0/);
    expect(() => styleLoss({ conv1_1: tf.tensor4d([Infinity], [1, 1, 1, 1]) })).toThrow(/styles\[0\]\.features\.conv1_1 contains NaN/);
    const loss = styleLoss(style());
    expect(() => loss({ conv1_1: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D })).toThrow(
      'styleLoss: features.conv1_1 has shape [1, 2, 2, 3]; the target needs [any, any, any, 2].',
    );
    expect(() => loss({ conv1_1: tf.zeros([2, 2]) } as unknown as FeatureMap)).toThrow(/features\.conv1_1 must have rank 4/);
  });

  test('types', () => {
    expectTypeOf(styleLoss).returns.toEqualTypeOf<FeatureLoss>();
  });
});
