// Differentiable square root of symmetric positive semi-definite matrices by the coupled Newton–Schulz
// iteration (Higham, "Functions of Matrices", 2008, §6.7; Lin & Maji, "Improved Bilinear Pooling with CNNs",
// BMVC 2017, use it the same way for its gradients). Built from matMuls only, so tf.grad differentiates it on
// every backend.
import * as tf from '@tensorflow/tfjs-core';

/**
 * δ = 2⁻²³ ≈ 1.19e-7, added as δ and 4δ to A/‖A‖ (see below). Diagonal entries of A/‖A‖ are at most 1, and float32
 * represents them plus δ and 4δ exactly (δ is one unit in the last place at 1), so the two shifts keep their 1 : 4
 * ratio and cancel as designed (1e-7 rounds differently and leaves ~1e-4 of √δ behind).
 */
const SHIFT = 2 ** -23;

/**
 * √A for each `[C, C]` matrix of `matrices` `[B, C, C]` (symmetric PSD), as `2·√(A + δ‖A‖I) − √(A + 4δ‖A‖I)`
 * with δ = 2⁻²³ ≈ 1.19e-7, each root by the coupled Newton–Schulz iteration: A is scaled by its Frobenius norm ‖A‖ so the
 * eigenvalues of Y₀ = A/‖A‖ + sI lie in [s, 1 + s]; with Z₀ = I, T = (3I − Z Y)/2, Y ← Y T, Z ← T Z, and
 * √(A + s‖A‖I) ≈ Y·√‖A‖.
 * - Why the shift: a PSD matrix computed in float32 has round-off eigenvalues slightly below 0, which the
 *   iteration multiplies by 2.25 per step until they overflow (NaN after ~25 iterations on VGG-19 covariances).
 * - Why two shifts: eigenvalue by eigenvalue the result is g(λ) = 2√(λ + δ) − √(λ + 4δ) (‖A‖ = 1), which is 0
 *   at λ = 0 (one shift alone adds √δ per null eigenvalue, and covariances of few positions have many), √λ −
 *   δ/√λ for λ ≫ δ, and off by at most ~0.41·√δ near λ = δ.
 * An eigenvalue converges once λ/‖A‖ is not tiny (~20 iterations reach δ): the relative error of the Gaussian
 * W2 on real VGG-19 covariances per iteration count is in docs/losses.md. A zero matrix gives zero.
 */
export function sqrtmNewtonSchulz(matrices: tf.Tensor3D, iterations: number): tf.Tensor3D {
  return tf.tidy('sqrtmNewtonSchulz', () => {
    const [batch, size] = matrices.shape;
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(matrices), [1, 2], true), 1e-30));
    const identity = tf.tile(tf.expandDims(tf.eye(size), 0), [2 * batch, 1, 1]) as tf.Tensor3D;
    const scaled = tf.div<tf.Tensor3D>(matrices, norm);
    const shifts = tf.reshape(tf.concat([tf.fill([batch], SHIFT), tf.fill([batch], 4 * SHIFT)]), [2 * batch, 1, 1]);
    let y = tf.add<tf.Tensor3D>(tf.concat([scaled, scaled]), tf.mul(identity, shifts));
    let z = identity;
    const threeI = tf.mul(identity, 3);
    for (let i = 0; i < iterations; i++) {
      const t = tf.mul<tf.Tensor3D>(tf.sub(threeI, tf.matMul(z, y)), 0.5);
      y = tf.matMul(y, t);
      z = tf.matMul(t, z);
    }
    const [once, four] = tf.split(y, 2) as [tf.Tensor3D, tf.Tensor3D];
    return tf.mul<tf.Tensor3D>(tf.sub(tf.mul(once, 2), four), tf.sqrt(norm));
  });
}
