import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { sqrtmNewtonSchulz } from '../../../src/losses/internal/sqrtmNewtonSchulz';
import { jacobiEigen, matMul, sqrtmEigen } from '../../helpers/distributionReference';
import { mulberry32 } from '../../../src/internal/mulberry32';
import { expectNoLeak, relativeError } from '../../helpers/tensors';

/** Q diag(λ) Qᵀ with Q from the Jacobi vectors of a random symmetric matrix and the given eigenvalues. */
function spd(eigenvalues: readonly number[], seed: number): number[][] {
  const next = mulberry32(seed);
  const n = eigenvalues.length;
  const r = Array.from({ length: n }, () => Array.from({ length: n }, () => next() - 0.5));
  const { vectors } = jacobiEigen(r.map((row, i) => row.map((v, j) => v + r[j]![i]!)));
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) =>
    eigenvalues.reduce((s, l, k) => s + vectors[i]![k]! * l * vectors[j]![k]!, 0)));
}

const frobenius = (a: number[][], b: number[][]): number =>
  Math.sqrt(a.flat().reduce((s, v, i) => s + (v - b.flat()[i]!) ** 2, 0) / b.flat().reduce((s, v) => s + v * v, 0));

describe('sqrtmNewtonSchulz', () => {
  test('the Jacobi reference is right: √A √A = A', () => {
    const a = spd([9, 4, 1, 0.25, 0.01], 1);
    const root = sqrtmEigen(a);
    expect(frobenius(matMul(root, root), a)).toBeLessThan(1e-12);
  });

  test('hand-worked: √diag(4, 9) = diag(2, 3); √[[2, 2], [2, 2]] = [[1, 1], [1, 1]] (a zero eigenvalue)', () => {
    // [[2, 2], [2, 2]] = 4·P₁ + 0·P₀ (P₁ = ½[[1, 1], [1, 1]]): √ = 2·P₁. A single shift s = 2⁻²³·‖A‖ = 4.8e-7 would give
    // √s·P₀ extra (entries ±3.5e-4, relative error 1.15e-4 against the largest entry 3); 2√(λ + s) − √(λ + 4s) is 0
    // at λ = 0, up to float32 noise on that tiny eigenvalue (measured: 2e-6 on cpu, 7.9e-5 on wasm).
    const out = sqrtmNewtonSchulz(tf.tensor3d([4, 0, 0, 9, 2, 2, 2, 2], [2, 2, 2]), 40);
    expect(relativeError(out.dataSync(), [2, 0, 0, 3, 1, 1, 1, 1])).toBeLessThan(1e-4);
  });

  test('converges on an SPD matrix with condition number 1e3; fewer iterations, larger error', () => {
    const a = spd([10, 5, 2, 1, 0.5, 0.1, 0.03, 0.01], 2);
    const exact = sqrtmEigen(a);
    const errorAfter = (iterations: number): number => {
      const out = sqrtmNewtonSchulz(tf.tensor3d(a.flat(), [1, 8, 8]), iterations);
      const rows = Array.from({ length: 8 }, (_, i) => Array.from(out.dataSync().subarray(i * 8, i * 8 + 8)));
      return frobenius(rows, exact);
    };
    const errors = [3, 8, 20].map(errorAfter);
    expect(errors[0]).toBeGreaterThan(errors[1]!);
    expect(errors[1]).toBeGreaterThan(errors[2]!);
    expect(errors[2]).toBeLessThan(1e-4);
  });

  test('a rank-deficient float32 covariance stays finite and accurate after 80 iterations (round-off eigenvalues below 0 are shifted)', () => {
    // Covariance of 3 positions in 8 channels: rank 2, six eigenvalues 0 that float32 rounds to ±1e-8-ish.
    const next = mulberry32(3);
    const rows = Array.from({ length: 3 }, () => Array.from({ length: 8 }, () => 10 * next()));
    const mean = rows[0]!.map((_, c) => rows.reduce((sum, r) => sum + r[c]!, 0) / 3);
    const cov = mean.map((mi, i) => mean.map((mj, j) => rows.reduce((sum, r) => sum + (r[i]! - mi) * (r[j]! - mj), 0) / 3));
    const exact = sqrtmEigen(cov);
    const out = sqrtmNewtonSchulz(tf.tensor3d(cov.flat(), [1, 8, 8]), 80);
    const got = Array.from({ length: 8 }, (_, i) => Array.from(out.dataSync().subarray(i * 8, i * 8 + 8)));
    expect(got.flat().every(Number.isFinite)).toBe(true);
    const traceError = Math.abs(got.reduce((s, r, i) => s + r[i]!, 0) / exact.reduce((s, r, i) => s + r[i]!, 0) - 1);
    expect(traceError).toBeLessThan(5e-3);
  });

  test('zero matrix gives zero; nothing leaks', () => {
    expectNoLeak(() => {
      const zero = tf.zeros([1, 3, 3]) as tf.Tensor3D;
      const out = sqrtmNewtonSchulz(zero, 10);
      for (const value of out.dataSync()) expect(Math.abs(value)).toBeLessThan(1e-12);
      tf.dispose([zero, out]);
    });
  });
});
