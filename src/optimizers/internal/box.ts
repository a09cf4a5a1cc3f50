// Box-constraint geometry for the projected L-BFGS and Adam: projection, the active set, feasible directions.
import * as tf from '@tensorflow/tfjs-core';
import type { BoxBounds } from '../types';

/** What one read-back tells about the gradient g at x. */
export interface GradientInfo {
  /** 1 where the variable is free, 0 where it is held at a bound (null when nothing is held). */
  readonly mask: tf.Tensor | null;
  /** max |projected gradient| (the gradient-tolerance measure; plain max |g| without bounds). */
  readonly pgMax: number;
  /** Σ |projected gradient| (torch's first-step scaling uses Σ |g|). */
  readonly pgL1: number;
  /** False when the gradient holds NaN or ±Infinity. */
  readonly finite: boolean;
}

/** Projects x onto the box (identity without bounds). */
export function project(x: tf.Tensor, bounds: BoxBounds | null): tf.Tensor {
  return bounds === null ? tf.clone(x) : tf.clipByValue(x, bounds.lower, bounds.upper);
}

/**
 * Analyses g at x (both flat) with one read-back. A variable is held (fixed) when it sits on a bound and the
 * negative gradient points out of the box: x = lower with g > 0, or x = upper with g < 0.
 */
export function inspectGradient(x: tf.Tensor, g: tf.Tensor, bounds: BoxBounds | null): GradientInfo {
  const mask =
    bounds === null
      ? null
      : tf.tidy('box.freeMask', () => {
          const held = tf.logicalOr(
            tf.logicalAnd(tf.lessEqual(x, bounds.lower), tf.greater(g, 0)),
            tf.logicalAnd(tf.greaterEqual(x, bounds.upper), tf.less(g, 0)),
          );
          return tf.cast(tf.logicalNot(held), 'float32');
        });
  const stats = tf.tidy('box.inspectGradient', () => {
    const pg = tf.abs(mask === null ? g : tf.mul(g, mask));
    const held = mask === null ? tf.scalar(0) : tf.sub(mask.size, tf.sum(mask));
    return tf.stack([tf.max(pg), tf.sum(pg), tf.sum(tf.abs(g)), held]);
  });
  const [pgMax = NaN, pgL1 = NaN, l1 = NaN, held = NaN] = stats.dataSync();
  stats.dispose();
  let kept = mask;
  if (mask !== null && held === 0) {
    mask.dispose();
    kept = null;
  }
  return { mask: kept, pgMax, pgL1, finite: Number.isFinite(l1) };
}

/** Zeroes the components of d that would leave the box from x at once (x on a bound, d pointing out). */
export function feasibleDirection(x: tf.Tensor, d: tf.Tensor, bounds: BoxBounds): tf.Tensor {
  return tf.tidy('box.feasibleDirection', () => {
    const leaving = tf.logicalOr(
      tf.logicalAnd(tf.lessEqual(x, bounds.lower), tf.less(d, 0)),
      tf.logicalAnd(tf.greaterEqual(x, bounds.upper), tf.greater(d, 0)),
    );
    return tf.where(leaving, tf.zerosLike(d), d);
  });
}
