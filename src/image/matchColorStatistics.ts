import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertOneOf, describe } from '../internal/validate';
import { asBatch, assertImageTensor, likeInput } from './internal/imageArgs';
import { cholesky3x3, invert3x3, multiply3x3, symmetricPower3x3 } from './internal/matrix3';

/**
 * Options for {@link matchColorStatistics}.
 *
 * @example
 * ```ts
 * const options: MatchColorStatisticsOptions = { method: 'eigen', clamp: true };
 * ```
 * @category Image
 */
export interface MatchColorStatisticsOptions {
  /**
   * How the 3×3 linear map A with `A Σ_source Aᵀ = Σ_reference` is chosen: `'eigen'` (default) uses symmetric
   * square roots, `A = Σ_r^{1/2} Σ_s^{-1/2}` (the "image analogies" colour transfer of Gatys et al. 2017);
   * `'cholesky'` uses Cholesky factors, `A = L_r L_s⁻¹`.
   */
  readonly method?: 'eigen' | 'cholesky';
  /** Clamp the result to 0..255. Default `true`. */
  readonly clamp?: boolean;
  /** Added to the diagonal of both covariances so flat images stay invertible. Default `1e-3` (in (0..255)² units). */
  readonly epsilon?: number;
}

/**
 * Colour-statistics transfer (Gatys et al. 2017, "Controlling perceptual factors", §5.1): recolours `source`
 * by an affine map `x' = A (x − μ_s) + μ_r` so the mean and covariance of its RGB values equal those of
 * `reference`. Used to give the style image the content's colours before style transfer, which preserves the
 * content's colours in the result.
 *
 * The statistics are over all pixels of all batch items. Not differentiable (the map is computed from values
 * read back).
 *
 * @param source - The image to recolour (e.g. the style image), RGB 0..255, `[H, W, 3]` or `[B, H, W, 3]`.
 * @param reference - The image whose colour statistics to take (e.g. the content image), any size.
 * @param options - Method, clamping and regularisation; see {@link MatchColorStatisticsOptions}.
 * @returns A new float32 tensor shaped like `source`, owned by the caller.
 * @throws {@link StylegradError} if either image is not a 3-channel image tensor or an option is invalid.
 * @example
 * ```ts
 * const recoloured = matchColorStatistics(styleImage, contentImage);
 * ```
 * @category Image
 */
export function matchColorStatistics<T extends tf.Tensor3D | tf.Tensor4D>(
  source: T,
  reference: tf.Tensor3D | tf.Tensor4D,
  options: MatchColorStatisticsOptions = {},
): T {
  const fn = 'matchColorStatistics';
  assertImageTensor(fn, 'source', source, 3);
  assertImageTensor(fn, 'reference', reference, 3);
  const { method = 'eigen', clamp = true, epsilon = 1e-3 } = options;
  assertOneOf(fn, 'options.method', method, ['eigen', 'cholesky'] as const);
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new StylegradError(fn, 'options.epsilon', `must be a finite number > 0; got ${describe(epsilon)}.`);
  }
  const s = colorStatistics(source, epsilon);
  const r = colorStatistics(reference, epsilon);
  const a =
    method === 'eigen'
      ? multiply3x3(symmetricPower3x3(r.covariance, 0.5), symmetricPower3x3(s.covariance, -0.5))
      : multiply3x3(cholesky3x3(r.covariance), invert3x3(cholesky3x3(s.covariance)));
  // Row-vector form: x' = (x − μ_s) Aᵀ + μ_r.
  const aT = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => a[j * 3 + i] ?? 0));
  return tf.tidy(fn, () => {
    const x = asBatch(source);
    const [b, h, w] = x.shape;
    const flat = tf.reshape(x, [-1, 3]);
    const mapped = tf.add(tf.matMul(tf.sub(flat, tf.tensor1d(s.mean)), tf.tensor2d(aT, [3, 3])), tf.tensor1d(r.mean));
    const out = tf.reshape<tf.Rank.R4>(clamp ? tf.clipByValue(mapped, 0, 255) : mapped, [b, h, w, 3]);
    return likeInput(out, source);
  });
}

/** Mean (3) and covariance (3×3, row-major, population, + ε on the diagonal) of the RGB values. */
function colorStatistics(image: tf.Tensor3D | tf.Tensor4D, epsilon: number): { mean: number[]; covariance: number[] } {
  const stats = tf.tidy('matchColorStatistics.statistics', () => {
    const flat = tf.reshape(asBatch(image), [-1, 3]);
    const mean = tf.mean(flat, 0);
    const centred = tf.sub(flat, mean);
    const covariance = tf.div(tf.matMul(tf.transpose(centred), centred), flat.shape[0]);
    return tf.concat([mean, tf.reshape(covariance, [9])]);
  });
  const values = Array.from(stats.dataSync());
  stats.dispose();
  const covariance = values.slice(3).map((v, i) => (i % 4 === 0 ? v + epsilon : v));
  return { mean: values.slice(0, 3), covariance };
}
