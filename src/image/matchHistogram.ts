import * as tf from '@tensorflow/tfjs-core';
import { assertImageTensor } from './internal/imageArgs';

/**
 * Histogram matching per channel: maps each channel of `source` through the monotone function that gives it
 * the same value distribution as the same channel of `reference` (exact quantile matching, as
 * scikit-image's `match_histograms`: each distinct source value goes to the reference value at its
 * cumulative quantile, linearly interpolated). Used to give the style image the content's colours before
 * transfer (Gatys et al. 2017). Not differentiable.
 *
 * @param source - The image to remap, `[H, W, C]` or `[B, H, W, C]`.
 * @param reference - The image whose per-channel distributions to take; the same channel count, any size.
 * @returns A new float32 tensor shaped like `source`, owned by the caller.
 * @throws {@link StylegradError} if either is not an image tensor or their channel counts differ.
 * @example
 * ```ts
 * const recoloured = matchHistogram(styleImage, contentImage);
 * ```
 * @category Image
 */
export function matchHistogram<T extends tf.Tensor3D | tf.Tensor4D>(source: T, reference: tf.Tensor3D | tf.Tensor4D): T {
  assertImageTensor('matchHistogram', 'source', source);
  const channels = source.shape[source.rank - 1] ?? 0;
  assertImageTensor('matchHistogram', 'reference', reference, channels);
  const src = source.dataSync();
  const ref = reference.dataSync();
  const out = new Float32Array(src.length);
  for (let c = 0; c < channels; c++) {
    const refQuantiles = quantiles(ref, c, channels);
    const srcQuantiles = quantiles(src, c, channels);
    const mapped = new Map<number, number>();
    for (let k = 0; k < srcQuantiles.values.length; k++) {
      mapped.set(srcQuantiles.values[k] ?? 0, interpolate(srcQuantiles.cumulative[k] ?? 0, refQuantiles.cumulative, refQuantiles.values));
    }
    for (let i = c; i < src.length; i += channels) out[i] = mapped.get(src[i] ?? 0) ?? 0;
  }
  return tf.tensor(out, source.shape, 'float32') as T;
}

/** Distinct values of one channel, ascending, with their cumulative fractions (count ≤ value / n). */
function quantiles(data: ArrayLike<number>, channel: number, channels: number): { values: number[]; cumulative: number[] } {
  const n = Math.floor(data.length / channels);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = data[i * channels + channel] ?? 0;
  sorted.sort();
  const values: number[] = [];
  const cumulative: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = sorted[i] ?? 0;
    if (i + 1 < n && sorted[i + 1] === v) continue;
    values.push(v);
    cumulative.push((i + 1) / n);
  }
  return { values, cumulative };
}

/** np.interp: piecewise-linear y(x) through (xs, ys), xs ascending, clamped at the ends. */
function interpolate(x: number, xs: readonly number[], ys: readonly number[]): number {
  const last = xs.length - 1;
  if (x <= (xs[0] ?? 0)) return ys[0] ?? 0;
  if (x >= (xs[last] ?? 0)) return ys[last] ?? 0;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? 0) <= x) lo = mid;
    else hi = mid;
  }
  const x0 = xs[lo] ?? 0;
  const x1 = xs[hi] ?? 0;
  const t = (x - x0) / (x1 - x0);
  return (ys[lo] ?? 0) + t * ((ys[hi] ?? 0) - (ys[lo] ?? 0));
}
