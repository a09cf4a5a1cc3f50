// Whole-image per-channel mean and variance accumulated tile by tile. Each tile's own mean and variance come from
// tf.moments (float32, at most a tile's pixels); tiles are merged in float64 with Chan, Golub & LeVeque's pairwise
// update (mean shift × counts), which keeps full precision at tens of millions of pixels where a float32 sum of
// squares would not.
import * as tf from '@tensorflow/tfjs-core';
import type { Patch } from './patch';

/** Running count, mean and sum of squared deviations per channel. */
export interface ChannelMoments {
  count: number;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
}

export function createMoments(channels: number): ChannelMoments {
  return { count: 0, mean: new Float64Array(channels), m2: new Float64Array(channels) };
}

/** Adds a patch's pixels (all of them: crop it to the tile's core first). */
export function addMoments(moments: ChannelMoments, patch: Patch): void {
  const [, h, w] = patch.tensor.shape;
  const n = h * w;
  const [mean, variance] = tf.tidy('tiledForward.moments', () => {
    const m = tf.moments(patch.tensor, [0, 1, 2]);
    return [m.mean.dataSync(), m.variance.dataSync()];
  });
  const total = moments.count + n;
  for (let c = 0; c < moments.mean.length; c++) {
    const delta = (mean[c] ?? 0) - (moments.mean[c] ?? 0);
    moments.mean[c] = (moments.mean[c] ?? 0) + (delta * n) / total;
    moments.m2[c] = (moments.m2[c] ?? 0) + (variance[c] ?? 0) * n + (delta * delta * moments.count * n) / total;
  }
  moments.count = total;
}

/** Mean and biased variance (as instance norm uses), as float32. */
export function finishMoments(moments: ChannelMoments): { mean: Float32Array; variance: Float32Array } {
  return { mean: Float32Array.from(moments.mean), variance: Float32Array.from(moments.m2, (m2) => m2 / moments.count) };
}
