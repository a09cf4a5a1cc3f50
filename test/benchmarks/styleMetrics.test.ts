// The comparison scores of benchmarks/styleLosses.ts, checked against values worked out by hand.
import { describe, expect, it } from 'vitest';
import { colourHistogramDistance, meanSquaredDifference, slicedWasserstein } from '../../benchmarks/internal/styleMetrics';

const rows = (values: number[], channels: number) => ({ values: Float32Array.from(values), rows: values.length / channels, channels });

describe('slicedWasserstein (benchmark score)', () => {
  it('is 0 for the same features in another order, positive for different ones', () => {
    const a = rows([1, 2, 3, -1, 0.5, 4, 2, 2], 2);
    const permuted = rows([0.5, 4, 1, 2, 2, 2, 3, -1], 2);
    expect(slicedWasserstein(a, permuted, 16, 7)).toBeLessThan(1e-12);
    expect(slicedWasserstein(a, rows([1, 2, 3, -1, 0.5, 4, 2, 3], 2), 16, 7)).toBeGreaterThan(1e-4);
  });

  it('equals the squared shift for one channel shifted by d (every projection of a 1-D set is ±itself)', () => {
    // One channel: the direction is ±1, so the sorted projections differ by exactly d at every quantile.
    expect(slicedWasserstein(rows([0, 1, 5], 1), rows([2.5, 3.5, 7.5], 1), 4, 1)).toBeCloseTo(6.25, 12);
  });

  it('compares sets of different sizes by quantiles: {0, 2} vs {0, 1, 2} is 0, {0, 2} vs {0, 0, 2} is 1/3', () => {
    expect(slicedWasserstein(rows([0, 2], 1), rows([0, 1, 2], 1), 2, 3)).toBeLessThan(1e-12);
    // q = 0, 0.5, 1: quantiles of {0,2} are 0, 1, 2; of {0,0,2} are 0, 0, 2: squared gaps 0, 1, 0 → mean 1/3.
    expect(slicedWasserstein(rows([0, 2], 1), rows([0, 0, 2], 1), 2, 3)).toBeCloseTo(1 / 3, 12);
  });
});

describe('colourHistogramDistance (benchmark score)', () => {
  it('is the shift in grey levels for an image shifted in every channel, and 0 for a shuffled copy', () => {
    const image = Float32Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]);
    const shifted = image.map((v) => v + 7);
    expect(colourHistogramDistance(image, shifted)).toBeCloseTo(7, 10);
    const shuffled = Float32Array.from([100, 110, 120, 10, 20, 30, 70, 80, 90, 40, 50, 60]);
    expect(colourHistogramDistance(image, shuffled)).toBe(0);
  });

  it('weights only the channel that moved: red +30 on 2 pixels → 30 / 3 = 10', () => {
    const a = Float32Array.from([0, 0, 0, 100, 100, 100]);
    const b = Float32Array.from([30, 0, 0, 130, 100, 100]);
    expect(colourHistogramDistance(a, b)).toBeCloseTo(10, 10);
  });
});

describe('meanSquaredDifference (benchmark score)', () => {
  it('is (1 + 4 + 0) / 3', () => {
    expect(meanSquaredDifference(Float32Array.from([1, 2, 3]), Float32Array.from([0, 4, 3]))).toBeCloseTo(5 / 3, 6);
  });
});
