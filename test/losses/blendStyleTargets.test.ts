import { describe, expect, expectTypeOf, test } from 'vitest';
import { blendStyleTargets, styleLoss, type StyleSource } from '../../src/index';
import { randomNhwc, referenceBlendedGram, referenceGram, referenceStyleLayer } from '../helpers/reference';
import { expectNoLeak, relativeError, scalarValue, toTensor } from '../helpers/tensors';

describe('blendStyleTargets', () => {
  const content = randomNhwc([1, 5, 4, 3], 1);
  const style = randomNhwc([1, 6, 6, 3], 2);
  const generated = randomNhwc([1, 5, 4, 3], 3);
  const maps = () => ({ content: { l: toTensor(content) }, style: { l: toTensor(style) }, generated: { l: toTensor(generated) } });

  test.each([['chw', 'sum'], ['hw', 'mean'], ['none', 'gatys']] as const)('strength 0: the content image has zero style loss (%s, %s)', (normalization, reduction) => {
    const m = maps();
    const loss = styleLoss(blendStyleTargets(m.content, m.style, 0), { normalization, reduction });
    expect(Math.abs(scalarValue(loss(m.content)))).toBeLessThan(1e-12);
    expect(scalarValue(loss(m.generated))).toBeGreaterThan(1e-5); // another image is not at 0
  });

  test.each([['chw', 'sum'], ['hw', 'mean'], ['none', 'gatys']] as const)('strength 1: identical to the plain styleLoss (%s, %s)', (normalization, reduction) => {
    const m = maps();
    const blended = scalarValue(styleLoss(blendStyleTargets(m.content, m.style, 1), { normalization, reduction })(m.generated));
    expect(blended).toBe(scalarValue(styleLoss(m.style, { normalization, reduction })(m.generated)));
  });

  test('strength 0.3: the target is 0.7·G(content) + 0.3·G(style) (float64 reference)', () => {
    const m = maps();
    const gc = referenceGram(content, 'chw')[0]!;
    const gs = referenceGram(style, 'chw')[0]!;
    const target = gc.map((row, i) => row.map((v, j) => 0.7 * v + 0.3 * gs[i]![j]!));
    const expected = referenceStyleLayer(generated, target, 'chw', 'sum');
    const value = scalarValue(styleLoss(blendStyleTargets(m.content, m.style, 0.3))(m.generated));
    expect(relativeError([value], [expected])).toBeLessThan(1e-5);
  });

  test('several styles keep their proportions: sources and the resulting target', () => {
    const m = maps();
    const second = randomNhwc([1, 3, 3, 3], 4);
    const styles: StyleSource[] = [{ features: m.style, weight: 3 }, { features: { l: toTensor(second) }, weight: 1 }];
    const sources = blendStyleTargets(m.content, styles, 0.5);
    expect(sources.map((s) => s.weight)).toEqual([2, 1.5, 0.5]);
    expect(sources[0]?.features).toBe(m.content);
    // A = 0.5·G(content) + 0.5·(3·A₁ + A₂)/4.
    const stylesTarget = referenceBlendedGram([{ f: style, weight: 3 }, { f: second, weight: 1 }], 'chw');
    const gc = referenceGram(content, 'chw')[0]!;
    const target = gc.map((row, i) => row.map((v, j) => 0.5 * v + 0.5 * stylesTarget[i]![j]!));
    const value = scalarValue(styleLoss(sources)(m.generated));
    expect(relativeError([value], [referenceStyleLayer(generated, target, 'chw', 'sum')])).toBeLessThan(1e-5);
  });

  test('creates no tensors', () => {
    const m = maps();
    expectNoLeak(() => blendStyleTargets(m.content, m.style, 0.5));
  });

  test('rejects bad input with clear errors', () => {
    const m = maps();
    expect(() => blendStyleTargets(m.content, m.style, 1.5)).toThrow('blendStyleTargets: strength must be a number in 0..1; got 1.5.');
    expect(() => blendStyleTargets(m.content, m.style, -0.1)).toThrow('blendStyleTargets: strength must be a finite number >= 0; got -0.1.');
    expect(() => blendStyleTargets(m.content, m.style, Number.NaN)).toThrow('blendStyleTargets: strength must be a finite number >= 0; got NaN.');
    expect(() => blendStyleTargets({}, m.style, 0.5)).toThrow('blendStyleTargets: content must hold at least one layer.');
    expect(() => blendStyleTargets(m.content, [], 0.5)).toThrow('blendStyleTargets: styles must hold at least one style.');
    expect(() => blendStyleTargets(m.content, [{ features: m.style, weight: 0 }], 0.5)).toThrow('blendStyleTargets: styles blend weights must not all be 0.');
    expect(() => blendStyleTargets(m.content, [{ features: m.style, weight: -1 }], 0.5)).toThrow('blendStyleTargets: styles[0].weight must be a finite number >= 0; got -1.');
  });

  test('types', () => {
    expectTypeOf(blendStyleTargets).returns.toEqualTypeOf<StyleSource[]>();
  });
});
