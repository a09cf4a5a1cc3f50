import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFiniteValues, assertNonNegativeFinite, assertPositiveFinite, describe } from '../internal/validate';
import { evaluateObjective } from './internal/evaluateObjective';
import { assertKnownOptions, assertUnitInterval, checkBounds } from './internal/options';
import { createStateStore, stepConsumingState } from './internal/stateStore';
import type { BoxBounds, Objective, Optimizer, StepResult } from './types';

/**
 * Options of {@link createAdam}; the defaults are those of `tf.train.adam` on a float32 backend.
 *
 * @example
 * ```ts
 * const options: AdamOptions = { learningRate: 10, bounds: { lower: 0, upper: 255 } };
 * ```
 * @category Optimizers
 */
export interface AdamOptions {
  /** Step size α (required; e.g. 10 on 0..255 pixels, 0.02 on 0..1 pixels). */
  readonly learningRate: number;
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  readonly beta2?: number;
  /** Added to √v̂ in the denominator, >= 0 (default 1e-7, tfjs's float32 backend epsilon). */
  readonly epsilon?: number;
  /** Project every element onto `[lower, upper]` after each step. */
  readonly bounds?: BoxBounds;
}

/**
 * The state of an Adam run. The moment estimates it holds are private; free them with
 * `optimizer.dispose(state)`. A state is consumed by `step` (use the returned one).
 *
 * @example
 * ```ts
 * let state: AdamState = optimizer.init(image);
 * state = optimizer.step(state, objective).state;
 * console.log(state.iterations);
 * ```
 * @category Optimizers
 */
export interface AdamState {
  /** The current point (same shape as `x0`; owned by the state, do not dispose it). */
  readonly x: tf.Tensor;
  /** Updates made since `init` (steps whose gradient was not finite are not counted). */
  readonly iterations: number;
}

interface Private {
  x: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
  iterations: number;
  /** β1^t and β2^t as float32 values, updated exactly as tf.train.adam's accumulators. */
  accBeta1: number;
  accBeta2: number;
}

/**
 * Creates an Adam optimizer (Kingma & Ba 2015) with bias correction, computing each update with the same
 * float32 operations as `tf.train.adam`, so the two follow the same trajectory step for step:
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², x ← x − α·(m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε).
 * One `step` is one evaluation and one update.
 *
 * With `bounds`, x is projected onto the box after each update (projected gradient descent with Adam's
 * scaling); the moments keep the unprojected gradient. A step whose loss or gradient is not finite changes
 * nothing (x and the moments are kept) and reports `reason: 'nonFinite'`.
 *
 * Memory: x plus two moments, three copies of the image (L-BFGS keeps 2·historySize + 5).
 *
 * @param options - See {@link AdamOptions}; `learningRate` is required.
 * @returns An {@link Optimizer} over {@link AdamState}. `init(x0)` copies `x0` (projected into the bounds);
 *   the objective receives the state's own `x`, which it must not dispose.
 * @throws StylegradError for a missing or non-positive `learningRate`, β outside [0, 1), a negative
 *   `epsilon`, non-finite or inverted bounds, an unknown option; at `init` for a non-tensor or non-finite `x0`;
 *   at `step` for a stale state or an objective that does not return `{ loss: number, gradient }`.
 * @example
 * ```ts
 * const optimizer = createAdam({ learningRate: 10, bounds: { lower: 0, upper: 255 } });
 * let state = optimizer.init(image);
 * for (let i = 0; i < 500; i++) state = optimizer.step(state, objective).state;
 * const stylised = state.x.clone();
 * optimizer.dispose(state);
 * ```
 * @category Optimizers
 */
export function createAdam(options: AdamOptions): Optimizer<AdamState> {
  const fn = 'createAdam';
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new StylegradError(fn, 'options', `must be an object with at least learningRate; got ${describe(options)}.`);
  }
  assertKnownOptions(fn, options, ['learningRate', 'beta1', 'beta2', 'epsilon', 'bounds']);
  const { learningRate } = options;
  assertPositiveFinite(fn, 'options.learningRate', learningRate);
  const beta1 = options.beta1 ?? 0.9;
  assertUnitInterval(fn, 'options.beta1', beta1);
  const beta2 = options.beta2 ?? 0.999;
  assertUnitInterval(fn, 'options.beta2', beta2);
  const epsilon = options.epsilon ?? 1e-7;
  assertNonNegativeFinite(fn, 'options.epsilon', epsilon);
  const bounds = checkBounds(fn, options.bounds);

  const store = createStateStore<AdamState, Private>();
  const publish = (p: Private): AdamState =>
    store.register(
      {
        get x() {
          return p.x;
        },
        get iterations() {
          return p.iterations;
        },
      },
      p,
    );

  function init(x0: tf.Tensor): AdamState {
    if (!(x0 instanceof tf.Tensor) || x0.isDisposed) {
      throw new StylegradError('adam.init', 'x0', `must be a live tf.Tensor; got ${describe(x0)}.`);
    }
    if (x0.dtype !== 'float32') throw new StylegradError('adam.init', 'x0', `must be float32; got ${x0.dtype}.`);
    assertFiniteValues('adam.init', 'x0', x0);
    return publish({
      x: tf.tidy('adam.start', () => (bounds === null ? tf.clone(x0) : tf.clipByValue(x0, bounds.lower, bounds.upper))),
      m: tf.zerosLike(x0),
      v: tf.zerosLike(x0),
      iterations: 0,
      accBeta1: Math.fround(beta1),
      accBeta2: Math.fround(beta2),
    });
  }

  function run(p: Private, objective: Objective): Omit<StepResult<AdamState>, 'state'> {
    const { loss, gradient } = evaluateObjective('adam.step', objective, p.x);
    const finiteGradient = tf.tidy('adam.gradientIsFinite', () => tf.all(tf.isFinite(gradient)).dataSync()[0]) === 1;
    if (!Number.isFinite(loss) || !finiteGradient) {
      gradient.dispose();
      return { loss, evaluations: 1, iterations: 0, reason: 'nonFinite', converged: false, nonFinite: 1 };
    }
    const { x, m, v } = p;
    const [xNew, mNew, vNew] = tf.tidy('createAdam.step', () => {
      // Same operations, in the same order and precision, as tfjs-core's AdamOptimizer.applyGradients.
      const g = tf.reshape(gradient, x.shape);
      const oneMinusAccBeta1 = tf.sub(1, tf.scalar(p.accBeta1));
      const oneMinusAccBeta2 = tf.sub(1, tf.scalar(p.accBeta2));
      const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
      const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
      const mHat = tf.div(m1, oneMinusAccBeta1);
      const vHat = tf.div(v1, oneMinusAccBeta2);
      const moved = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate), x);
      return [bounds === null ? moved : tf.clipByValue(moved, bounds.lower, bounds.upper), m1, v1];
    });
    gradient.dispose();
    tf.dispose([x, m, v]);
    p.x = xNew;
    p.m = mNew;
    p.v = vNew;
    p.iterations += 1;
    p.accBeta1 = Math.fround(p.accBeta1 * Math.fround(beta1));
    p.accBeta2 = Math.fround(p.accBeta2 * Math.fround(beta2));
    return { loss, evaluations: 1, iterations: 1, reason: 'maxIterations', converged: false, nonFinite: 0 };
  }

  return {
    name: 'adam',
    init,
    step(state: AdamState, objective: Objective): StepResult<AdamState> {
      return stepConsumingState('adam.step', store, state, objective, run, publish);
    },
    dispose(state: AdamState): void {
      const p = store.take('adam.dispose', state);
      tf.dispose([p.x, p.m, p.v]);
    },
  };
}
