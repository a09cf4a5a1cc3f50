import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { sqrtmNewtonSchulz } from '../../../src/losses/internal/sqrtmNewtonSchulz';
import { jacobiEigen, matMul, sqrtmEigen } from '../../helpers/distributionReference';
import { mulberry32 } from '../../../src/transfer/internal/noise';
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

  test('hand-worked: √diag(4, 9) = diag(2, 3); √(4·[[1, 1], [1, 1]]/2) = [[1, 1], [1, 1]]', () => {
    const out = sqrtmNewtonSchulz(tf.tensor3d([4, 0, 0, 9, 2, 2, 2, 2], [2, 2, 2]), 20);
    expect(relativeError(out.dataSync(), [2, 0, 0, 3, 1, 1, 1, 1])).toBeLessThan(1e-5);
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

  test('zero matrix gives zero; nothing leaks', () => {
    expectNoLeak(() => {
      const zero = tf.zeros([1, 3, 3]) as tf.Tensor3D;
      const out = sqrtmNewtonSchulz(zero, 10);
      expect(Array.from(out.dataSync())).toEqual(new Array(9).fill(0));
      tf.dispose([zero, out]);
    });
  });
});
