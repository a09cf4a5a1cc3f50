import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { matchColorStatistics } from '../../src/image/matchColorStatistics';

function stats(image: tf.Tensor): { mean: number[]; cov: number[] } {
  return tf.tidy(() => {
    const flat = tf.reshape(image, [-1, 3]);
    const mean = tf.mean(flat, 0);
    const c = tf.sub(flat, mean);
    return { mean: Array.from(mean.dataSync()), cov: Array.from(tf.div(tf.matMul(tf.transpose(c), c), flat.shape[0]).dataSync()) };
  });
}

describe('matchColorStatistics', () => {
  // Source pixels (R, G, B): (0,0,0), (0,2,2), (2,0,2), (2,2,0). Each channel has mean 1 and variance 1, and the
  // channels are uncorrelated (centred values ±1 with products summing to 0), so Σ_s = I (+ε).
  const source = [0, 0, 0, 0, 2, 2, 2, 0, 2, 2, 2, 0];
  // Reference: mean (10, 20, 30), per-channel standard deviations (3, 2, 1), uncorrelated.
  const reference = [7, 18, 29, 7, 22, 31, 13, 18, 31, 13, 22, 29];

  for (const method of ['eigen', 'cholesky'] as const) {
    it(`maps a hand-worked uncorrelated case (${method})`, () => {
      // Σ_r = diag(9, 4, 1), Σ_s = I → A = diag(3, 2, 1) for both methods; x' = A (x − 1) + (10, 20, 30).
      // (0,0,0) → (7, 18, 29); (0,2,2) → (7, 22, 31); (2,0,2) → (13, 18, 31); (2,2,0) → (13, 22, 29).
      const s = tf.tensor3d(source, [2, 2, 3]);
      const r = tf.tensor3d(reference, [2, 2, 3]);
      const before = tf.memory().numTensors;
      const out = matchColorStatistics(s, r, { method, epsilon: 1e-9 });
      expect(tf.memory().numTensors).toBe(before + 1);
      Array.from(out.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(reference[i] ?? NaN, 4));
      tf.dispose([s, r, out]);
    });
  }

  it('gives correlated random colours the reference mean and covariance (both methods)', () => {
    const s = tf.tidy(() => {
      const base = tf.randomUniform([16, 16, 3], 0, 1, 'float32', 1);
      return tf.add(tf.mul(tf.reshape(tf.matMul(tf.reshape(base, [-1, 3]), tf.tensor2d([1, 0.5, 0, 0, 1, 0.3, 0.2, 0, 1], [3, 3])), [16, 16, 3]), 60), 40);
    }) as tf.Tensor3D;
    const r = tf.tidy(() => tf.add(tf.mul(tf.randomUniform([8, 12, 3], 0, 1, 'float32', 2), tf.tensor1d([80, 40, 20])), tf.tensor1d([90, 100, 110]))) as tf.Tensor3D;
    const target = stats(r);
    for (const method of ['eigen', 'cholesky'] as const) {
      const out = matchColorStatistics(s, r, { method, clamp: false, epsilon: 1e-9 });
      const got = stats(out);
      got.mean.forEach((v, i) => expect(v).toBeCloseTo(target.mean[i] ?? NaN, 2));
      got.cov.forEach((v, i) => expect(Math.abs(v - (target.cov[i] ?? NaN))).toBeLessThan(0.05));
      out.dispose();
    }
    tf.dispose([s, r]);
  });

  it('rejects an unknown method', () => {
    const a = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    expect(() => matchColorStatistics(a, a, { method: 'svd' as 'eigen' })).toThrow(/options.method must be one of 'eigen', 'cholesky'/);
    a.dispose();
  });
});
