import * as tf from '@tensorflow/tfjs-core';
import { assertOneOf, assertTensorRank } from '../internal/validate';

/**
 * How a Gram matrix is scaled (the conventions of the papers and course reports, docs/losses.md). With `C` channels and an `H×W` feature map:
 * - `'none'`: G = Fᵀ F (Gatys et al. 2015 and Wang et al.'s GR5242 report use this with the `1/(4N²M²)` style loss);
 * - `'chw'`: G / (C·H·W) (the CMU 16-726 assignment, the Keras VGG-16
 *   notebook's code, the PyTorch tutorial, jcjohnson/neural-style);
 * - `'nm'`: the same as `'chw'` under Wang, Guo & Lu's name (N = C filters, M = H·W positions);
 * - `'hw'`: G / (H·W), the mean over positions (the TensorFlow tutorial).
 *
 * @example
 * ```ts
 * const normalization: GramNormalization = 'chw';
 * ```
 * @category Losses
 */
export type GramNormalization = 'none' | 'chw' | 'nm' | 'hw';

/** Every accepted {@link GramNormalization}, for validation and docs. */
export const gramNormalizations: readonly GramNormalization[] = ['none', 'chw', 'nm', 'hw'];

/**
 * Options of {@link gramMatrix}.
 *
 * @example
 * ```ts
 * const options: GramMatrixOptions = { normalization: 'hw' };
 * ```
 * @category Losses
 */
export interface GramMatrixOptions {
  /** How to scale the Gram matrix; default `'chw'`. */
  readonly normalization?: GramNormalization;
}

/**
 * G = Aᵀ A for `A` of shape `[B, P, C]`, with its gradient written as dA = A (dG + dGᵀ). Both use explicit
 * transposes: wasm's matMul with a transposed operand is ~10× slower (docs/backends.md), and the stock gradient of
 * `matMul(transpose(a), a)` contains one (benchmarks/gram.ts: ~5 s → 0.3–0.6 s per VGG-19 layer at 256²).
 */
const gramProduct = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [matrix, save] = args as [tf.Tensor3D, tf.GradSaveFunc];
  save([matrix]);
  return {
    value: tf.matMul(tf.transpose(matrix, [0, 2, 1]), matrix),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [a] = saved as [tf.Tensor3D];
      return tf.matMul(a, tf.add(dy, tf.transpose(dy, [0, 2, 1])));
    },
  };
}) as (matrix: tf.Tensor3D) => tf.Tensor3D;

/**
 * The Gram matrix of each feature map in a batch: `G[b] = F[b]ᵀ F[b]` with `F[b]` the `(H·W)×C` matrix of
 * positions by channels, scaled as `options.normalization` says.
 *
 * @param features - Feature maps `[B, H, W, C]`.
 * @param options - The normalisation (default `'chw'`, i.e. divided by C·H·W).
 * @returns `[B, C, C]`, a new tensor owned by the caller.
 * @throws {@link StylegradError} if `features` is not a rank-4 tensor or the normalisation is unknown.
 * @example
 * ```ts
 * const f = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]); // two positions, two channels
 * gramMatrix(f, { normalization: 'none' }).print(); // [[[10, 14], [14, 20]]]
 * ```
 * @category Losses
 */
export function gramMatrix(features: tf.Tensor4D, options: GramMatrixOptions = {}): tf.Tensor3D {
  assertTensorRank('gramMatrix', 'features', features, 4);
  const normalization = options.normalization ?? 'chw';
  assertOneOf('gramMatrix', 'options.normalization', normalization, gramNormalizations);
  return tf.tidy('gramMatrix', () => {
    const [batch, height, width, channels] = features.shape;
    const positions = height * width;
    const gram = gramProduct(tf.reshape(features, [batch, positions, channels]));
    const scale = { none: 1, chw: channels * positions, nm: channels * positions, hw: positions }[normalization];
    return scale === 1 ? gram : tf.div<tf.Tensor3D>(gram, scale);
  });
}
