// Iterate averaging for stylize (options.averageIterates): a bias-corrected exponential moving average of the
// optimised image, as the EMA class of K. Crowson's style-transfer-pytorch (itself Adam's bias correction, Kingma &
// Ba 2015): after the updates x_0 … x_n, value = Σ_k (1 − d) d^(n−k) x_k / (1 − d^(n+1)).
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';

/** The image a scale delivers: the running average, or the optimiser's iterate itself when averaging is off. */
export interface IterateAverage {
  /** Adds an iterate (not disposed). */
  update(x: tf.Tensor): void;
  /** The delivered image given the optimiser's current iterate `x`: a new tensor the caller disposes. */
  current(x: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/** `options.averageIterates`: `null` (off) when absent, else a decay strictly between 0 and 1. */
export function resolveAverageIterates(value: unknown): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !(value > 0 && value < 1)) {
    throw new StylegradError('stylize', 'options.averageIterates', `must be a decay strictly between 0 and 1 (e.g. 0.99), or absent for no averaging; got ${describe(value)}.`);
  }
  return value;
}

/** The average with decay `decay` started at `first` (not disposed); with `decay` null, the iterate passes through. */
export function createIterateAverage(decay: number | null, first: tf.Tensor): IterateAverage {
  if (decay === null) return { update: () => undefined, current: (x) => tf.clone(x), dispose: () => undefined };
  let sum: tf.Tensor = tf.zerosLike(first);
  // d^(updates): the bias correction divides by 1 − this.
  let power = 1;
  const update = (x: tf.Tensor): void => {
    const next = tf.tidy('iterateAverage.update', () => tf.add(tf.mul(sum, decay), tf.mul(x, 1 - decay)));
    sum.dispose();
    sum = next;
    power *= decay;
  };
  update(first);
  return {
    update,
    current: () => tf.tidy('iterateAverage.current', () => tf.div(sum, 1 - power)),
    dispose: () => {
      sum.dispose();
    },
  };
}
