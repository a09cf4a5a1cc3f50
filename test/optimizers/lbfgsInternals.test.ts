// The two building blocks of createLbfgs, checked against hand-worked numbers.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { lbfgsDirection } from '../../src/optimizers/internal/lbfgsDirection';
import { cubicInterpolate, strongWolfe, type LineTrial } from '../../src/optimizers/internal/strongWolfe';

describe('cubicInterpolate', () => {
  test('recovers the minimiser of a quadratic exactly: f = (t − 2)² from (0, 4, −4) and (3, 1, 2)', () => {
    // d1 = −4 + 2 − 3·(4 − 1)/(0 − 3) = 1, d2 = √(1 + 8) = 3, t = 3 − 3·(2 + 3 − 1)/(2 + 4 + 6) = 2
    expect(cubicInterpolate(0, 4, -4, 3, 1, 2, 0, 3)).toBeCloseTo(2, 12);
    // Clamped to the bounds it is given.
    expect(cubicInterpolate(0, 4, -4, 3, 1, 2, 2.5, 10)).toBe(2.5);
  });

  test('recovers the local minimiser of a cubic: f = t³ − 3t from (0, 0, −3) and (2, 2, 9) is t = 1', () => {
    // d1 = −3 + 9 − 3·(0 − 2)/(0 − 2) = 3, d2 = √(9 + 27) = 6, t = 2 − 2·(9 + 6 − 3)/(9 + 3 + 12) = 1
    expect(cubicInterpolate(0, 0, -3, 2, 2, 9, 0, 2)).toBeCloseTo(1, 12);
    // Same points given in the other order.
    expect(cubicInterpolate(2, 2, 9, 0, 0, -3, 0, 2)).toBeCloseTo(1, 12);
  });

  test('bisects when the cubic has no minimiser or an input is not finite', () => {
    // (0, 0, 3), (1, 2, 3): d1 = 6 − 6 = 0, d2² = 0 − 9 < 0
    expect(cubicInterpolate(0, 0, 3, 1, 2, 3, 0, 1)).toBe(0.5);
    expect(cubicInterpolate(0, 4, -4, 10, Infinity, NaN, 0, 10)).toBe(5);
  });
});

describe('strongWolfe on φ(t) = (t − 2)² (x = 0, d = 1, f = (x − 2)²)', () => {
  // φ(0) = 4, φ'(0) = −4.
  function search(t0: number, c2: number, limit = Infinity) {
    const trials: number[] = [];
    const before = tf.memory().numTensors;
    const origin = { f: 4, g: tf.tensor1d([-4]), gtd: -4 };
    const evaluate = (t: number): LineTrial => {
      trials.push(t);
      if (t > limit) return { f: NaN, gtd: NaN, decrease: -4 * t, g: tf.tensor1d([NaN]) };
      return { f: (t - 2) ** 2, gtd: 2 * (t - 2), decrease: -4 * t, g: tf.tensor1d([2 * (t - 2)]) };
    };
    const result = strongWolfe(evaluate, origin, t0, 1, 25, 1e-4, c2);
    const g = result.g.dataSync()[0];
    if (result.g !== origin.g) result.g.dispose();
    origin.g.dispose();
    expect(tf.memory().numTensors).toBe(before); // every rejected trial's gradient was freed
    return { ...result, g, trials };
  }

  test('accepts the first trial when it satisfies both conditions', () => {
    // φ(1) = 1 <= 4 − 1e-4·4; |φ'(1)| = 2 <= 0.9·4
    expect(search(1, 0.9)).toMatchObject({ t: 1, f: 1, g: -2, evaluations: 1, nonFinite: 0 });
  });

  test('extrapolates by cubic interpolation when the slope is still steep', () => {
    // c2 = 0.1: |φ'(1)| = 2 > 0.4 and φ'(1) < 0, so it extrapolates in [1.01, 10]: the cubic through
    // (0, 4, −4), (1, 1, −2) is φ itself, minimiser t = 2, where φ' = 0.
    const r = search(1, 0.1);
    expect(r.trials).toEqual([1, 2]);
    expect(r).toMatchObject({ t: 2, f: 0, evaluations: 2 });
  });

  test('zooms into the bracket after overshooting', () => {
    // t = 10: φ = 64 > 4 − 4e-3, so [0, 10] brackets; the cubic through (0, 4, −4), (10, 64, 16) gives t = 2.
    const r = search(10, 0.9);
    expect(r.trials).toEqual([10, 2]);
    expect(r).toMatchObject({ t: 2, f: 0, evaluations: 2 });
  });

  test('a non-finite trial only shrinks the step and is counted', () => {
    // NaN beyond t = 3: t = 10 and then the bisection t = 5 are NaN; the next bisection t = 2.5 gives
    // φ = 0.25, φ' = 1: sufficient decrease and |φ'| <= 3.6, accepted.
    const r = search(10, 0.9, 3);
    expect(r.trials).toEqual([10, 5, 2.5]);
    expect(r).toMatchObject({ t: 2.5, f: 0.25, evaluations: 3, nonFinite: 2 });
  });
});

describe('lbfgsDirection', () => {
  const direction = (g: number[], pairs: [number[], number[]][], gamma: number, mask: number[] | null): number[] =>
    tf.tidy(() => {
      const built = pairs.map(([s, y]) => {
        const sy = s.reduce((acc, v, i) => acc + v * (y[i] ?? NaN), 0);
        return { s: tf.tensor1d(s), y: tf.tensor1d(y), rho: tf.scalar(1 / sy) };
      });
      // + 0 turns −0 (a masked-out negative) into 0 for toEqual
      return Array.from(lbfgsDirection(tf.tensor1d(g), built, tf.scalar(gamma), mask === null ? null : tf.tensor1d(mask)).dataSync(), (v) => v + 0);
    });

  test('without history it is −γ·g', () => {
    expect(direction([4, 6], [], 1, null)).toEqual([-4, -6]);
  });

  test('one pair: the two-loop recursion worked by hand', () => {
    // s = (1, 0), y = (2, 0): ρ = 1/2, γ = s·y / y·y = 1/2, g = (4, 6).
    // q = −g = (−4, −6); α = ρ s·q = −2; q ← q − α y = (0, −6); r = γ q = (0, −3);
    // β = ρ y·r = 0; r ← r + s (α − β) = (−2, −3). (Curvature 2 along e1: Newton step −4/2; γ elsewhere.)
    expect(direction([4, 6], [[[1, 0], [2, 0]]], 0.5, null)).toEqual([-2, -3]);
  });

  test('with a mask it works in the free subspace, dropping pairs whose curvature there is not positive', () => {
    // Mask (1, 0). Pair s = (1, 1), y = (−1, 3): s·y = 2 > 0 overall but −1 on the free variable, so it is
    // skipped, and γ falls back to the given 0.25: d = −0.25·g on the free variable, 0 on the held one.
    expect(direction([4, 6], [[[1, 1], [-1, 3]]], 0.25, [1, 0])).toEqual([-1, 0]);
    // Pair s = (1, 5), y = (2, −7): free curvature 2 > 0, free y·y = 4, so γ = 1/2 and ρ = 1/2:
    // the Newton step on the free variable, −4/2 = −2, and 0 on the held one.
    expect(direction([4, 6], [[[1, 5], [2, -7]]], 0.25, [1, 0])).toEqual([-2, 0]);
  });

  test('with a mask its peak memory does not grow with the history: per-pair products are freed at once', async () => {
    // 20 pairs of 10 000 float32 (40 kB each). Keeping the two products s·y·mask per pair until the end, as a
    // single tidy would, adds 2 × 20 × 40 kB = 1.6 MB; the recursion itself needs a few vectors (q, r, temporaries).
    const n = 10_000;
    const pairs = Array.from({ length: 20 }, (_, i) => ({ s: tf.randomNormal([n], 0, 1, 'float32', i), y: tf.randomNormal([n], 1, 0.1, 'float32', 100 + i), rho: tf.scalar(1e-4) }));
    const g = tf.randomNormal([n], 0, 1, 'float32', 7);
    const mask = tf.cast(tf.greater(tf.randomUniform([n], 0, 1, 'float32', 9), 0.1), 'float32');
    const gamma = tf.scalar(1);
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      lbfgsDirection(g, pairs, gamma, mask).dispose();
    });
    expect(profile.peakBytes - before).toBeLessThan(8 * n * 4);
    tf.dispose([g, mask, gamma, ...pairs.flatMap((p) => [p.s, p.y, p.rho])]);
  });
});
