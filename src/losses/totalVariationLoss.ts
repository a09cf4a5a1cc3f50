import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { imageLossHandle } from './internal/lossHandle';
import { assertOneOf, assertPositiveFinite, assertTensorRank } from '../internal/validate';
import type { ImageLoss } from './types';

/**
 * The total-variation penalty (docs/losses.md), with dx = x[i, j+1] − x[i, j] and dy = x[i+1, j] − x[i, j]:
 * - `'l1'`: Σ |dx| + Σ |dy| (anisotropic; the Keras VGG-16 notebook);
 * - `'l2'`: Σ dx² + Σ dy² (squared; CS231n assignment 3, Wang, Guo & Lu with β = 2);
 * - `'isotropic'`: Σ √(dx² + dy² + ε) over the pixels that have both neighbours.
 *
 * @example
 * ```ts
 * const kind: TotalVariationKind = 'l2';
 * ```
 * @category Losses
 */
export type TotalVariationKind = 'l1' | 'l2' | 'isotropic';

const kinds: readonly TotalVariationKind[] = ['l1', 'l2', 'isotropic'];
const reductions = ['sum', 'mean'] as const;

/**
 * Options of {@link totalVariationLoss}.
 *
 * @example
 * ```ts
 * const options: TotalVariationOptions = { kind: 'l1', reduction: 'mean' }; // the Keras VGG-16 notebook's code
 * ```
 * @category Losses
 */
export interface TotalVariationOptions {
  /** Default `'l2'`. */
  readonly kind?: TotalVariationKind;
  /**
   * `'sum'` (default) sums the penalty over batch, pixels and channels; `'mean'` averages each direction's
   * penalty and adds them, as the Keras VGG-16 notebook's `reduce_mean(|dx|) + reduce_mean(|dy|)` (for `'isotropic'`: the mean).
   */
  readonly reduction?: 'sum' | 'mean';
  /** ε inside the square root of `'isotropic'`; default 1e-8. */
  readonly epsilon?: number;
}

/**
 * Builds the total-variation loss, which penalises differences between neighbouring pixels (smoothness).
 *
 * @param options - The kind, the reduction and the isotropic ε.
 * @returns An {@link ImageLoss}; call it with an image `[B, H, W, C]` with H, W >= 2.
 * @throws {@link StylegradError} for an unknown kind or reduction, a non-positive ε; and, when called, for an
 *   image that is not rank 4 or is smaller than 2×2.
 * @example
 * ```ts
 * const tv = totalVariationLoss({ kind: 'l1' });
 * tv(tf.tensor4d([0, 1, 3, 6], [1, 2, 2, 1])).print(); // |1-0| + |6-3| + |3-0| + |6-1| = 12
 * ```
 * @category Losses
 */
export function totalVariationLoss(options: TotalVariationOptions = {}): ImageLoss {
  const fn = 'totalVariationLoss';
  const kind = options.kind ?? 'l2';
  assertOneOf(fn, 'options.kind', kind, kinds);
  const reduction = options.reduction ?? 'sum';
  assertOneOf(fn, 'options.reduction', reduction, reductions);
  const epsilon = options.epsilon ?? 1e-8;
  assertPositiveFinite(fn, 'options.epsilon', epsilon);
  const reduce = (x: tf.Tensor): tf.Scalar => (reduction === 'mean' ? tf.mean(x) : tf.sum(x));
  return imageLossHandle((image) => {
    assertTensorRank(fn, 'image', image, 4);
    const [batch, height, width, channels] = image.shape;
    if (height < 2 || width < 2) {
      throw new StylegradError(fn, 'image', `must be at least 2×2 pixels; got shape [${image.shape.join(', ')}].`);
    }
    return tf.tidy('totalVariationLoss', () => {
      if (kind === 'isotropic') {
        const corner = tf.slice(image, [0, 0, 0, 0], [batch, height - 1, width - 1, channels]);
        const dx = tf.sub(tf.slice(image, [0, 0, 1, 0], [batch, height - 1, width - 1, channels]), corner);
        const dy = tf.sub(tf.slice(image, [0, 1, 0, 0], [batch, height - 1, width - 1, channels]), corner);
        return reduce(tf.sqrt(tf.add(tf.add(tf.square(dx), tf.square(dy)), epsilon)));
      }
      const dx = tf.sub(tf.slice(image, [0, 0, 1, 0], [-1, -1, -1, -1]), tf.slice(image, [0, 0, 0, 0], [batch, height, width - 1, channels]));
      const dy = tf.sub(tf.slice(image, [0, 1, 0, 0], [-1, -1, -1, -1]), tf.slice(image, [0, 0, 0, 0], [batch, height - 1, width, channels]));
      const penalty = kind === 'l1' ? tf.abs : tf.square;
      return tf.add(reduce(penalty(dx)), reduce(penalty(dy)));
    });
  });
}
