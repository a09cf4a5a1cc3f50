// The guided Gram matrix of Gatys et al. 2017, §4, used by guidedStyleLoss.
import * as tf from '@tensorflow/tfjs-core';
import { gramMatrix, type GramNormalization } from '../../gram/gramMatrix';

/** Guided Gram and the mask mass M = Σ_p m(p)² it was normalised by. */
export interface GuidedGram {
  readonly gram: tf.Tensor3D;
  readonly mass: tf.Scalar;
}

/**
 * `G = (m ∘ F)ᵀ (m ∘ F)` for features `[B, H, W, C]` and a mask `[1, H, W, 1]` (inside a tidy), scaled as
 * `normalization` says with the mask mass M = Σ_p m(p)² in place of H·W (`'chw'`/`'nm'`: ÷ C·M, `'hw'`: ÷ M,
 * `'none'`: unscaled). An all-ones mask gives exactly {@link gramMatrix}. A mask that vanishes gives G = 0.
 */
export function guidedGram(features: tf.Tensor4D, mask: tf.Tensor4D, normalization: GramNormalization): GuidedGram {
  const gram = gramMatrix(tf.mul(features, mask), { normalization: 'none' });
  const mass = tf.sum<tf.Scalar>(tf.square(mask));
  if (normalization === 'none') return { gram, mass };
  const channels = features.shape[3];
  const scale = normalization === 'hw' ? mass : tf.mul(mass, channels);
  return { gram: tf.div<tf.Tensor3D>(gram, tf.maximum(scale, 1e-30)), mass };
}
