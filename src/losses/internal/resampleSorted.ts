// Matches sorted samples of different sizes for the sliced Wasserstein loss: the empirical quantile function
// of M sorted values, read at N evenly spaced quantiles.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Each row of `sorted` `[rows, M]` resampled to `n` values: value i is the sorted row read at position
 * t_i = i·(M − 1)/(n − 1) (t = (M − 1)/2 when n = 1), linearly interpolated between the two neighbouring order
 * statistics (Hyndman & Fan's quantile definition 7, the default of R and NumPy). With n = M it returns the row.
 */
export function resampleSorted(sorted: tf.Tensor2D, n: number): tf.Tensor2D {
  const m = sorted.shape[1];
  if (m === n) return tf.clone(sorted);
  return tf.tidy('resampleSorted', () => {
    const low = new Int32Array(n);
    const high = new Int32Array(n);
    const fraction = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const t = n === 1 ? (m - 1) / 2 : (i * (m - 1)) / (n - 1);
      const below = Math.min(Math.floor(t), m - 1);
      low[i] = below;
      high[i] = Math.min(below + 1, m - 1);
      fraction[i] = t - below;
    }
    const f = tf.tensor1d(fraction);
    const below = tf.gather(sorted, tf.tensor1d(low, 'int32'), 1);
    const above = tf.gather(sorted, tf.tensor1d(high, 'int32'), 1);
    return tf.add(tf.mul(below, tf.sub(1, f)), tf.mul(above, f));
  });
}
