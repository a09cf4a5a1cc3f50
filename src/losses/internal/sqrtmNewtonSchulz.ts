// Differentiable square root of symmetric positive semi-definite matrices by the coupled Newton–Schulz
// iteration (Higham, "Functions of Matrices", 2008, §6.7; Lin & Maji, "Improved Bilinear Pooling with CNNs",
// BMVC 2017, use it the same way for its gradients). Built from matMuls only, so tf.grad differentiates it on
// every backend.
import * as tf from '@tensorflow/tfjs-core';

/** The shift added to A/‖A‖ (see below). */
const SHIFT = 1e-7;

/**
 * √A for each `[C, C]` matrix of `matrices` `[B, C, C]` (symmetric PSD). A is scaled by its Frobenius norm ‖A‖
 * so every eigenvalue of Y₀ = A/‖A‖ lies in [0, 1], and shifted by 1e-7·I: a PSD matrix computed in float32 has
 * round-off eigenvalues slightly below 0, which the iteration multiplies by 2.25 at every step until they
 * overflow (NaN after ~25 iterations on VGG-19 covariances without the shift). Then with Z₀ = I,
 * T = (3I − Z Y)/2, Y ← Y T, Z ← T Z, and √A ≈ Y·√‖A‖. An eigenvalue λ converges once λ/‖A‖ is not tiny: the
 * relative error on the trace of √A of real VGG-19 covariances is documented in docs/losses.md (Gaussian W2).
 * The result is √(A + 1e-7·‖A‖·I); a zero matrix gives (nearly) zero.
 */
export function sqrtmNewtonSchulz(matrices: tf.Tensor3D, iterations: number): tf.Tensor3D {
  return tf.tidy('sqrtmNewtonSchulz', () => {
    const [batch, size] = matrices.shape;
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(matrices), [1, 2], true), 1e-30));
    const identity = tf.tile(tf.expandDims(tf.eye(size), 0), [batch, 1, 1]) as tf.Tensor3D;
    const threeI = tf.mul(identity, 3);
    let y = tf.add<tf.Tensor3D>(tf.div(matrices, norm), tf.mul(identity, SHIFT));
    let z = identity;
    for (let i = 0; i < iterations; i++) {
      const t = tf.mul<tf.Tensor3D>(tf.sub(threeI, tf.matMul(z, y)), 0.5);
      y = tf.matMul(y, t);
      z = tf.matMul(t, z);
    }
    return tf.mul<tf.Tensor3D>(y, tf.sqrt(norm));
  });
}
