// The L-BFGS two-loop recursion (Nocedal 1980; Nocedal & Wright alg. 7.4): d = −H·g, with H the inverse-Hessian
// approximation built from the stored curvature pairs (s_i, y_i) and the initial scaling γ = s·y / y·y of the
// newest pair. Everything stays on the backend (no read-backs): the α_i are scalar tensors.
//
// With a free-variable mask m (bound constraints, see createLbfgs), the recursion runs in the free subspace:
// g, s_i, y_i are restricted to the free variables, ρ_i = 1/(s_i·y_i) is recomputed over them, and a pair
// whose restricted curvature s_i·y_i is not positive is skipped (ρ_i = 0), so H stays positive definite on the
// free subspace and d is a descent direction that is zero on the fixed variables.
import * as tf from '@tensorflow/tfjs-core';

/** One curvature pair: s = x_{k+1} − x_k, y = g_{k+1} − g_k, ρ = 1/(s·y) > 0. */
export interface CurvaturePair {
  readonly s: tf.Tensor;
  readonly y: tf.Tensor;
  readonly rho: tf.Tensor;
}

/** The smallest curvature s·y a pair may have to be stored or used (torch's threshold). */
export const MIN_CURVATURE = 1e-10;

const dot = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sum(tf.mul(a, b));

/**
 * Returns d = −H·g for the given pairs (oldest first) and initial scaling `gamma`, restricted to `mask`
 * (1 = free, 0 = fixed) when one is given. The returned tensor is owned by the caller.
 */
export function lbfgsDirection(
  g: tf.Tensor,
  pairs: readonly CurvaturePair[],
  gamma: tf.Tensor,
  mask: tf.Tensor | null,
): tf.Tensor {
  return tf.tidy('lbfgsDirection', () => {
    const restrict = (v: tf.Tensor): tf.Tensor => (mask === null ? v : tf.mul(v, mask));
    const zero: tf.Tensor = tf.scalar(0);
    // With a mask: ρ_i over the free variables only; a pair with non-positive curvature there gets ρ_i = 0.
    const steps = pairs.map((pair) => {
      if (mask === null) return { s: pair.s, y: pair.y, rho: pair.rho, alpha: zero };
      // Its own tidy: the two image-sized products would otherwise live until the outer tidy ends (2 per pair).
      const rho = tf.tidy('lbfgsDirection.freeRho', () => {
        const sy = tf.sum(tf.mul(tf.mul(pair.s, pair.y), mask));
        return tf.where(tf.greater(sy, MIN_CURVATURE), tf.div(1, sy), tf.zerosLike(sy));
      });
      return { s: pair.s, y: pair.y, rho, alpha: zero };
    });
    const newest = pairs.at(-1);
    let scale = gamma;
    if (mask !== null && newest !== undefined) {
      scale = tf.tidy('lbfgsDirection.freeGamma', () => {
        const sy = tf.sum(tf.mul(tf.mul(newest.s, newest.y), mask));
        const yy = tf.sum(tf.mul(tf.square(newest.y), mask));
        return tf.where(tf.greater(sy, MIN_CURVATURE), tf.div(sy, yy), gamma);
      });
    }
    let q = restrict(tf.neg(g));
    for (const step of [...steps].reverse()) {
      const previous = q;
      const alpha = tf.tidy('lbfgsDirection.alpha', () => tf.mul(dot(step.s, previous), step.rho));
      step.alpha = alpha;
      q = tf.tidy('lbfgsDirection.firstLoop', () => restrict(tf.sub(previous, tf.mul(step.y, alpha))));
      previous.dispose(); // free each intermediate vector at once: a 512² image is 3 MB per copy
    }
    let r = tf.mul(q, scale);
    q.dispose();
    for (const step of steps) {
      const previous = r;
      r = tf.tidy('lbfgsDirection.secondLoop', () => {
        const beta = tf.mul(dot(step.y, previous), step.rho);
        return restrict(tf.add(previous, tf.mul(step.s, tf.sub(step.alpha, beta))));
      });
      previous.dispose();
    }
    return r;
  });
}
