import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { guidedStyleLoss, styleLoss, type FeatureLoss, type GuidedStyleRegion } from '../../src/index';
import { mulberry32 } from '../../src/internal/mulberry32';
import { finiteDifferenceGradient, randomNhwc } from '../helpers/reference';
import { referenceBlockMean, referenceGuidedGram, referenceGuidedStyleLayer, referenceGuidedTarget, type Plane } from '../helpers/referenceMasks';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

const planeTensor = (p: Plane): tf.Tensor2D => tf.tensor2d(p.flat(), [p.length, p[0]!.length]);
const ones = (h: number, w: number): number[][] => Array.from({ length: h }, () => new Array<number>(w).fill(1));
const randomPlane = (h: number, w: number, seed: number): number[][] => {
  const next = mulberry32(seed);
  return Array.from({ length: h }, () => Array.from({ length: w }, () => 0.05 + 0.95 * next()));
};

describe('guidedStyleLoss', () => {
  // Generated F rows (1, 2), (3, 4) (one row, two positions, two channels); content mask (1, 0) keeps (1, 2):
  // G = [[1, 2], [2, 4]], M = 1. Style S rows (1, 0), (0, 1), style mask (0, 1) keeps (0, 1): A = [[0, 0], [0, 1]], M = 1.
  // G − A = [[1, 2], [2, 3]]: Σ² = 18 unnormalised; ÷ C·M = 2 each → Σ² = 18 / 4 = 4.5.
  const generated = () => ({ l: tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]) });
  const region = (): GuidedStyleRegion => ({
    contentMask: tf.tensor2d([1, 0], [1, 2]),
    style: { l: tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]) },
    styleMask: tf.tensor2d([0, 1], [1, 2]),
  });

  test.each([
    ['chw', 'sum', 4.5],
    ['chw', 'mean', 4.5 / 4],
    ['hw', 'sum', 18],
    ['none', 'gatys', 18 / (4 * 2 ** 2 * 1 ** 2)], // M = the content mask's mass, 1
  ] as const)('hand-worked value, normalization %s, reduction %s', (normalization, reduction, expected) => {
    expect(scalarValue(guidedStyleLoss([region()], { normalization, reduction })(generated()))).toBeCloseTo(expected, 5);
  });

  test('region weights scale their terms; regions add', () => {
    // Second region: content mask (0, 1) keeps (3, 4): G = [[9, 12], [12, 16]] / 2; whole style A = I / 4.
    // G − A = [[4.25, 6], [6, 7.75]]: Σ² = 18.0625 + 72 + 60.0625 = 150.125.
    const second: GuidedStyleRegion = { contentMask: tf.tensor2d([0, 1], [1, 2]), style: region().style, weight: 0.5 };
    const loss = guidedStyleLoss([{ ...region(), weight: 2 }, second]);
    expect(scalarValue(loss(generated()))).toBeCloseTo(2 * 4.5 + 0.5 * 150.125, 3);
  });

  test.each([['chw', 'sum'], ['nm', 'mean'], ['hw', 'sum'], ['none', 'gatys'], ['none', 'sum']] as const)(
    'all-ones masks equal styleLoss (%s, %s), several layers, weights, batches',
    (normalization, reduction) => {
      const style = { a: toTensor(randomNhwc([1, 6, 5, 3], 1)), b: toTensor(randomNhwc([2, 3, 2, 4], 2)) };
      const gen = { a: toTensor(randomNhwc([2, 4, 4, 3], 3)), b: toTensor(randomNhwc([2, 2, 2, 4], 4)) };
      const options = { layers: { a: 0.7, b: 3 }, normalization, reduction };
      const plain = scalarValue(styleLoss(style, options)(gen));
      const guided = guidedStyleLoss([{ contentMask: tf.ones([4, 4]), style, styleMask: tf.ones([6, 5]) }], options);
      const noStyleMask = guidedStyleLoss([{ contentMask: tf.ones([1, 8, 8, 1]), style }], options);
      expect(relativeError([scalarValue(guided(gen))], [plain])).toBeLessThan(1e-6);
      expect(relativeError([scalarValue(noStyleMask(gen))], [plain])).toBeLessThan(1e-6);
      const gradPlain = tf.grad((x) => styleLoss(style, options)({ ...gen, a: x as tf.Tensor4D }))(gen.a);
      const gradGuided = tf.grad((x) => guided({ ...gen, a: x as tf.Tensor4D }))(gen.a);
      expect(relativeError(gradGuided.dataSync(), gradPlain.dataSync())).toBeLessThan(1e-6);
    },
  );

  test('matches the float64 reference with soft masks downsampled to each layer', () => {
    const contentMask = randomPlane(8, 6, 5);
    const styleMask = randomPlane(6, 4, 6);
    const s1 = randomNhwc([1, 6, 4, 2], 7);
    const s2 = randomNhwc([1, 3, 2, 3], 8);
    const f1 = randomNhwc([1, 8, 6, 2], 9);
    const f2 = randomNhwc([1, 4, 3, 3], 10);
    const loss = guidedStyleLoss([{ contentMask: planeTensor(contentMask), style: { a: toTensor(s1), b: toTensor(s2) }, styleMask: planeTensor(styleMask) }], {
      layers: { a: 1, b: 2 },
    });
    const expected =
      referenceGuidedStyleLayer(f1, contentMask, referenceGuidedTarget(s1, styleMask, 'chw'), 'chw', 'sum') +
      2 * referenceGuidedStyleLayer(f2, referenceBlockMean(contentMask, 2), referenceGuidedTarget(s2, referenceBlockMean(styleMask, 2), 'chw'), 'chw', 'sum');
    expect(relativeError([scalarValue(loss({ a: toTensor(f1), b: toTensor(f2) }))], [expected])).toBeLessThan(1e-5);
  });

  test.each([['chw', 'sum'], ['hw', 'mean'], ['none', 'gatys']] as const)(
    'gradient equals finite differences of the float64 reference (%s, %s)',
    (normalization, reduction) => {
      const contentMask = randomPlane(3, 2, 11);
      const styleMask = randomPlane(3, 3, 12);
      const s = randomNhwc([1, 3, 3, 2], 13);
      const f = randomNhwc([1, 3, 2, 2], 14);
      const loss = guidedStyleLoss([{ contentMask: planeTensor(contentMask), style: { l: toTensor(s) }, styleMask: planeTensor(styleMask), weight: 1.5 }], {
        normalization,
        reduction,
      });
      const grad = tf.grad((x) => loss({ l: x as tf.Tensor4D }))(toTensor(f));
      const target = referenceGuidedTarget(s, styleMask, normalization);
      const expected = finiteDifferenceGradient(f, (x) => 1.5 * referenceGuidedStyleLayer(x, contentMask, target, normalization, reduction));
      expect(relativeError(grad.dataSync(), expected)).toBeLessThan(1e-4);
    },
  );

  test('no style force outside the region: the gradient is exactly 0 where the layer mask is 0', () => {
    const mask = [[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0]];
    const loss = guidedStyleLoss([{ contentMask: planeTensor(mask), style: { a: toTensor(randomNhwc([1, 4, 4, 3], 15)), b: toTensor(randomNhwc([1, 2, 2, 3], 16)) } }]);
    const grads = tf.grads((a, b) => loss({ a: a as tf.Tensor4D, b: b as tf.Tensor4D }))([toTensor(randomNhwc([1, 4, 4, 3], 17)), toTensor(randomNhwc([1, 2, 2, 3], 18))]);
    const [ga, gb] = grads.map((g) => tf.abs(g).arraySync() as number[][][][]);
    for (let h = 0; h < 4; h++) for (let w = 0; w < 4; w++) expect(Math.max(...ga![0]![h]![w]!) === 0).toBe(w >= 2);
    for (let h = 0; h < 2; h++) expect([Math.max(...gb![0]![h]![0]!) > 0, Math.max(...gb![0]![h]![1]!)]).toEqual([true, 0]);
  });

  test('two regions, two styles: after descent each region\'s Gram is closer to its own target', () => {
    // Style A: channel 0 strong; style B: channel 1 strong. Left half ← A, right half ← B.
    const left = [0, 1, 2, 3, 4, 5].map(() => [1, 1, 1, 0, 0, 0]);
    const right = left.map((row) => row.map((v) => 1 - v));
    const styleA = tf.mul(toTensor(randomNhwc([1, 6, 6, 2], 19, 0, 1)), tf.tensor1d([3, 0.2])) as tf.Tensor4D;
    const styleB = tf.mul(toTensor(randomNhwc([1, 6, 6, 2], 20, 0, 1)), tf.tensor1d([0.2, 3])) as tf.Tensor4D;
    const loss = guidedStyleLoss([
      { contentMask: planeTensor(left), style: { l: styleA } },
      { contentMask: planeTensor(right), style: { l: styleB } },
    ], { normalization: 'hw' });
    const x = tf.variable(toTensor(randomNhwc([1, 6, 6, 2], 21, 0, 1)));
    for (let i = 0; i < 300; i++) {
      const g = tf.grad((v) => loss({ l: v as tf.Tensor4D }))(x);
      x.assign(tf.sub(x, tf.mul(g, 0.3)));
      g.dispose();
    }
    const values = { shape: [1, 6, 6, 2] as const, data: Float64Array.from(x.dataSync()) };
    const nhwc = (t: tf.Tensor4D) => ({ shape: t.shape, data: Float64Array.from(t.dataSync()) });
    const targetA = referenceGuidedTarget(nhwc(styleA), ones(6, 6), 'hw');
    const targetB = referenceGuidedTarget(nhwc(styleB), ones(6, 6), 'hw');
    const distance = (mask: Plane, target: number[][]) => {
      const g = referenceGuidedGram(values, mask, 'hw').grams[0]!;
      return g.flat().reduce((s, v, k) => s + (v - target.flat()[k]!) ** 2, 0);
    };
    expect(distance(left, targetA)).toBeLessThan(0.01 * distance(left, targetB));
    expect(distance(right, targetB)).toBeLessThan(0.01 * distance(right, targetA));
  });

  test('strength: 0 puts the content image at zero loss, 1 changes nothing, 0.4 blends the region Grams (float64 reference)', () => {
    const contentMask = randomPlane(4, 4, 31);
    const styleMask = randomPlane(5, 5, 32);
    const c = randomNhwc([1, 4, 4, 3], 33);
    const s = randomNhwc([1, 5, 5, 3], 34);
    const f = randomNhwc([1, 4, 4, 3], 35);
    const region = (strength?: number): GuidedStyleRegion => ({
      contentMask: planeTensor(contentMask), style: { l: toTensor(s) }, styleMask: planeTensor(styleMask), content: { l: toTensor(c) },
      ...(strength === undefined ? {} : { strength }),
    });
    expect(Math.abs(scalarValue(guidedStyleLoss([region(0)])({ l: toTensor(c) })))).toBeLessThan(1e-12);
    expect(scalarValue(guidedStyleLoss([region(0)])({ l: toTensor(f) }))).toBeGreaterThan(1e-3);
    expect(scalarValue(guidedStyleLoss([region(1)])({ l: toTensor(f) }))).toBe(scalarValue(guidedStyleLoss([region()])({ l: toTensor(f) })));
    const gc = referenceGuidedTarget(c, contentMask, 'chw');
    const as = referenceGuidedTarget(s, styleMask, 'chw');
    const target = gc.map((row, i) => row.map((v, j) => 0.6 * v + 0.4 * as[i]![j]!));
    const expected = referenceGuidedStyleLayer(f, contentMask, target, 'chw', 'sum');
    expect(relativeError([scalarValue(guidedStyleLoss([region(0.4)])({ l: toTensor(f) }))], [expected])).toBeLessThan(1e-5);
    const [kept, generated] = [region(0.4), { l: toTensor(f) }];
    expectNoLeak(() => {
      const loss = guidedStyleLoss([kept]);
      loss(generated).dispose();
      loss.dispose();
    });
  });

  test('keeps only its targets and masks; dispose frees them; nothing leaks, also on a refused style mask', () => {
    expectNoLeak(() => {
      const r = region();
      const loss = guidedStyleLoss([r, { ...r, styleMask: undefined } as unknown as GuidedStyleRegion]);
      tf.dispose([r.contentMask, r.style.l as tf.Tensor, r.styleMask as tf.Tensor]);
      const g = generated();
      loss(g).dispose();
      tf.grad((x) => loss({ l: x as tf.Tensor4D }))(g.l).dispose();
      tf.dispose(g.l);
      loss.dispose();
    });
    // A 5×5 style layer pooled to 2×2 drops the last row and column, where this style mask's only pixel is.
    const style = { a: tf.zeros([1, 5, 5, 2]) as tf.Tensor4D, b: tf.zeros([1, 2, 2, 2]) as tf.Tensor4D };
    const corner = tf.tensor2d(Array.from({ length: 25 }, (_, i) => (i === 24 ? 1 : 0)), [5, 5]);
    const contentMask = tf.ones([4, 4]);
    const topLeft = tf.tensor2d([1, 0, 0, 0], [2, 2]);
    expectNoLeak(() => {
      expect(() => guidedStyleLoss([{ contentMask, style, styleMask: topLeft }, { contentMask, style, styleMask: corner }])).toThrow(
        'guidedStyleLoss: regions[1].styleMask vanishes at layer b (2×2)',
      );
    });
  });

  test('rejects bad input with clear errors', () => {
    const r = region();
    expect(() => guidedStyleLoss([])).toThrow('guidedStyleLoss: regions must be a non-empty array of { contentMask, style, styleMask?, weight? }; got an array of length 0.');
    expect(() => guidedStyleLoss([r, { ...r, contentMask: tf.ones([2, 2]) }])).toThrow(
      "guidedStyleLoss: regions[1].contentMask is 2×2; it must match regions[0].contentMask's size (the content image), 1×2.",
    );
    expect(() => guidedStyleLoss([r, { ...r, contentMask: tf.zeros([1, 2]) }])).toThrow('guidedStyleLoss: regions[1].contentMask is all zero');
    expect(() => guidedStyleLoss([{ ...r, styleMask: tf.fill([1, 2], 2) }])).toThrow('guidedStyleLoss: regions[0].styleMask must hold values in 0..1; got values from 2 to 2.');
    expect(() => guidedStyleLoss([{ ...r, contentMask: tf.ones([1, 2, 3]) }])).toThrow(/regions\[0\]\.contentMask must be single-channel \(grey\)/);
    expect(() => guidedStyleLoss([{ ...r, weight: -1 }])).toThrow('guidedStyleLoss: regions[0].weight must be a finite number >= 0; got -1.');
    expect(() => guidedStyleLoss([r, { ...r, style: { other: r.style.l as tf.Tensor4D } }])).toThrow(
      "guidedStyleLoss: regions[1].style.l is missing; every region's style must provide every style layer.",
    );
    expect(() => guidedStyleLoss([r], { normalization: 'chw', reduction: 'gatys' })).toThrow("guidedStyleLoss: options.normalization must be 'none' with reduction 'gatys'");
    expect(() => guidedStyleLoss([r], { layers: { nope: 1 } })).toThrow('guidedStyleLoss: options.layers.nope has no target; layers with targets: l.');
    expect(() => guidedStyleLoss([{ ...r, strength: 1.5, content: r.style }])).toThrow('guidedStyleLoss: regions[0].strength must be a number in 0..1; got 1.5.');
    expect(() => guidedStyleLoss([{ ...r, strength: 0.5 }])).toThrow('guidedStyleLoss: regions[0].content must be an object mapping layer names to [B, H, W, C] tensors; got undefined.');
    expect(() => guidedStyleLoss([{ ...r, strength: 0.5, content: { other: r.style.l as tf.Tensor4D } }])).toThrow(
      'guidedStyleLoss: regions[0].content.l is missing; with strength < 1 the content must provide every style layer.',
    );
    const loss = guidedStyleLoss([r]);
    expect(() => loss({ l: tf.zeros([1, 1, 2, 3]) as tf.Tensor4D })).toThrow('guidedStyleLoss: features.l has shape [1, 1, 2, 3]; the target needs [any, any, any, 2].');
  });

  test('types', () => {
    expectTypeOf(guidedStyleLoss).returns.toEqualTypeOf<FeatureLoss>();
  });
});
