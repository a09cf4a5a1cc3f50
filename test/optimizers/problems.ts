// Test problems for the optimizers, as stylegrad Objectives computed with tfjs autodiff (float32).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the gradient kernels
import type { Objective } from '../../src/optimizers/types';

/** Wraps a scalar tensor function as an Objective that counts its calls. */
export function objectiveOf(f: (x: tf.Tensor) => tf.Scalar): Objective & { calls: number } {
  const valueAndGrad = tf.valueAndGrad(f);
  const objective = Object.assign(
    (x: tf.Tensor) => {
      objective.calls += 1;
      const { value, grad } = valueAndGrad(x);
      const loss = value.dataSync()[0] ?? NaN;
      value.dispose();
      return { loss, gradient: grad };
    },
    { calls: 0 },
  );
  return objective;
}

/** Chained Rosenbrock: Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)². */
export function rosenbrock(x: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const n = x.size;
    const head = tf.slice(x, [0], [n - 1]);
    const tail = tf.slice(x, [1], [n - 1]);
    return tf.sum(tf.add(tf.mul(100, tf.square(tf.sub(tail, tf.square(head)))), tf.square(tf.sub(1, head))));
  });
}

/** ½ (x − c)ᵀ A (x − c) for a dense symmetric A: minimum 0 at c when A is positive definite. */
export function quadratic(a: tf.Tensor2D, c: tf.Tensor1D): (x: tf.Tensor) => tf.Scalar {
  return (x) =>
    tf.tidy(() => {
      const e = tf.sub(tf.reshape(x, [-1]), c);
      const ae = tf.reshape(tf.matMul(a, tf.reshape(e, [-1, 1])), [-1]);
      return tf.mul(0.5, tf.sum(tf.mul(e, ae)));
    });
}


/** A random n×n rotation-like orthogonal matrix (Gram–Schmidt on seeded random columns), row-major. */
export function orthogonalMatrix(n: number, random: () => number): number[][] {
  const q: number[][] = [];
  for (let k = 0; k < n; k++) {
    const v = Array.from({ length: n }, () => random() - 0.5);
    for (const u of q) {
      const p = v.reduce((acc, vi, i) => acc + vi * (u[i] ?? 0), 0);
      for (let i = 0; i < n; i++) v[i] = (v[i] ?? 0) - p * (u[i] ?? 0);
    }
    const norm = Math.hypot(...v);
    q.push(v.map((vi) => vi / norm));
  }
  return q;
}

/** Q diag(λ) Qᵀ, symmetric positive definite when every λ > 0. */
export function spdMatrix(eigenvalues: readonly number[], random: () => number): number[][] {
  const n = eigenvalues.length;
  const q = orthogonalMatrix(n, random);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => eigenvalues.reduce((acc, l, k) => acc + l * (q[k]?.[i] ?? 0) * (q[k]?.[j] ?? 0), 0)),
  );
}

/** Solves A x = b by Gaussian elimination with partial pivoting (float64). */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[pivot]?.[c] ?? 0)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] ?? [], m[c] ?? []];
    const row = m[c] ?? [];
    for (let r = c + 1; r < n; r++) {
      const target = m[r] ?? [];
      const factor = (target[c] ?? 0) / (row[c] ?? 1);
      for (let k = c; k <= n; k++) target[k] = (target[k] ?? 0) - factor * (row[k] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] ?? [];
    let acc = row[n] ?? 0;
    for (let k = r + 1; k < n; k++) acc -= (row[k] ?? 0) * (x[k] ?? 0);
    x[r] = acc / (row[r] ?? 1);
  }
  return x;
}

/** ½ (x − c)ᵀ A (x − c) in float64. */
export function quadraticValue(a: readonly (readonly number[])[], c: readonly number[], x: ArrayLike<number>): number {
  const e = c.map((ci, i) => (x[i] ?? 0) - ci);
  let value = 0;
  for (let i = 0; i < e.length; i++) {
    for (let j = 0; j < e.length; j++) value += 0.5 * (e[i] ?? 0) * (a[i]?.[j] ?? 0) * (e[j] ?? 0);
  }
  return value;
}
