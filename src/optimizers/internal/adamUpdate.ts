// One Adam update of a single tensor, in either of the two formulations createAdam offers.
import * as tf from '@tensorflow/tfjs-core';
import type { BoxBounds } from '../types';

/** The resolved options of `createAdam`. */
export interface AdamConfig {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly formulation: 'tfjs' | 'efficient';
  readonly bounds: BoxBounds | null;
}

/** The step counter and the bias-correction powers of the update being made. */
export interface AdamClock {
  /** The update's number, 1-based. */
  readonly t: number;
  /** β1ᵗ and β2ᵗ as float32 values, accumulated exactly as tf.train.adam's accumulators ('tfjs' formulation). */
  readonly accBeta1: number;
  readonly accBeta2: number;
}

/** The clock of update t (1-based): β1ᵗ and β2ᵗ accumulated by float32 multiplications as tf.train.adam does. */
export function adamClock(t: number, beta1: number, beta2: number): AdamClock {
  let accBeta1 = Math.fround(beta1);
  let accBeta2 = Math.fround(beta2);
  for (let k = 1; k < t; k++) {
    accBeta1 = Math.fround(accBeta1 * Math.fround(beta1));
    accBeta2 = Math.fround(accBeta2 * Math.fround(beta2));
  }
  return { t, accBeta1, accBeta2 };
}

/** The clock of the update after `clock`. */
export function nextAdamClock(clock: AdamClock, beta1: number, beta2: number): AdamClock {
  return {
    t: clock.t + 1,
    accBeta1: Math.fround(clock.accBeta1 * Math.fround(beta1)),
    accBeta2: Math.fround(clock.accBeta2 * Math.fround(beta2)),
  };
}

/**
 * The new point and moments after one update with gradient g (all tensors new; call inside a tidy).
 *
 * - 'tfjs': the operations, order and precision of tfjs-core's AdamOptimizer.applyGradients:
 *   x − α·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε), with β powers as float32 accumulators.
 * - 'efficient': Kingma & Ba (2015) §2's reformulation, α_t = α·√(1−β2ᵗ)/(1−β1ᵗ) and
 *   x − α_t·m/(√v + ε·√(1−β2ᵗ)), powers in float64: equal to ε added to √v̂ in exact arithmetic (as
 *   torch.optim.Adam), rounded differently.
 */
export function adamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, config: AdamConfig, clock: AdamClock): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const { learningRate, beta1, beta2, epsilon, bounds } = config;
  const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
  const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
  let moved: tf.Tensor;
  if (config.formulation === 'efficient') {
    const correction2 = Math.sqrt(1 - beta2 ** clock.t);
    const stepSize = (learningRate * correction2) / (1 - beta1 ** clock.t);
    moved = tf.sub(x, tf.mul(stepSize, tf.div(m1, tf.add(tf.sqrt(v1), epsilon * correction2))));
  } else {
    const mHat = tf.div(m1, tf.sub(1, tf.scalar(clock.accBeta1)));
    const vHat = tf.div(v1, tf.sub(1, tf.scalar(clock.accBeta2)));
    moved = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate), x);
  }
  return [bounds === null ? moved : tf.clipByValue(moved, bounds.lower, bounds.upper), m1, v1];
}
