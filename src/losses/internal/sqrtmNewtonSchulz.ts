// Differentiable square root of symmetric positive semi-definite matrices by the coupled Newton–Schulz
// iteration (Higham, "Functions of Matrices", 2008, §6.7; Lin & Maji, "Improved Bilinear Pooling with CNNs",
// BMVC 2017, use it the same way for its gradients). Built from matMuls only, so tf.grad differentiates it on
// every backend.
import * as tf from '@tensorflow/tfjs-core';

/**
 * √A for each `[C, C]` matrix of `matrices` `[B, C, C]` (symmetric PSD). A is scaled by its Frobenius norm ‖A‖
 * so every eigenvalue of Y₀ = A/‖A‖ lies in [0, 1]; then with Z₀ = I,
 * T = (3I − Z Y)/2, Y ← Y T, Z ← T Z, and √A ≈ Y·√‖A‖. An eigenvalue λ converges once λ/‖A‖ is not tiny: the
 * relative error on the trace of √A of real VGG-19 covariances is documented in docs/losses.md (Gaussian W2).
 * A zero matrix gives zero.
 */
export function sqrtmNewtonSchulz(matrices: tf.Tensor3D, iterations: number): tf.Tensor3D {
  return tf.tidy('sqrtmNewtonSchulz', () => {
    const [batch, size] = matrices.shape;
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(matrices), [1, 2], true), 1e-30));
    const identity = tf.tile(tf.expandDims(tf.eye(size), 0), [batch, 1, 1]) as tf.Tensor3D;
    const threeI = tf.mul(identity, 3);
    let y = tf.div<tf.Tensor3D>(matrices, norm);
    let z = identity;
    for (let i = 0; i < iterations; i++) {
      const t = tf.mul<tf.Tensor3D>(tf.sub(threeI, tf.matMul(z, y)), 0.5);
      y = tf.matMul(y, t);
      z = tf.matMul(t, z);
    }
    return tf.mul<tf.Tensor3D>(y, tf.sqrt(norm));
  });
}
