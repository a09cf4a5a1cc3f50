import type * as tf from '@tensorflow/tfjs-core';

/**
 * The function an optimizer minimises: given the current point, the loss value and its gradient.
 * The optimizer owns (and disposes) the returned gradient.
 *
 * @example
 * ```ts
 * const objective: Objective = (x) => {
 *   const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.square(t)))(x);
 *   const loss = value.dataSync()[0]!;
 *   value.dispose();
 *   return { loss, gradient: grad };
 * };
 * ```
 * @category Optimizers
 */
export type Objective = (x: tf.Tensor) => {
  /** The loss at `x`, a plain number (read a scalar tensor back with `dataSync()[0]`). */
  loss: number;
  /** d loss / d x, with the shape of `x`; the optimizer disposes it. */
  gradient: tf.Tensor;
};

/**
 * The function an optimizer over a list of variables minimises (see `createAdam`'s `initVariables`): it reads
 * the variables' current values itself and returns the loss and one gradient per variable, in the variables'
 * order. The optimizer owns (and disposes) the returned gradients.
 *
 * @example
 * ```ts
 * const objective: VariablesObjective = () => {
 *   const { value, grads } = tf.variableGrads(() => lossOf(weights), weights);
 *   const loss = value.dataSync()[0]!;
 *   value.dispose();
 *   return { loss, gradients: weights.map((w) => grads[w.name]!) };
 * };
 * ```
 * @category Optimizers
 */
export type VariablesObjective = () => {
  /** The loss at the variables' current values, a plain number. */
  loss: number;
  /** d loss / d variable for each variable, in order, each with that variable's shape; the optimizer disposes them. */
  gradients: readonly tf.Tensor[];
};

/**
 * What one optimizer step reports.
 *
 * @example
 * ```ts
 * const { state: next, loss, evaluations } = optimizer.step(state, objective);
 * ```
 * @category Optimizers
 */
export interface StepResult<S> {
  /** The state after the step; the state passed in is consumed and must not be used again. */
  readonly state: S;
  /** The loss at the start of the step (the value torch's `optimizer.step` returns). */
  readonly loss: number;
  /** How many times the step called the objective (counted as torch does). */
  readonly evaluations: number;
  /** How many iterations (direction + step) the call made; Adam makes one per call. */
  readonly iterations?: number;
  /** Why the step call returned (see {@link StopReason}). */
  readonly reason?: StopReason;
  /** True when a tolerance was met (`reason` is `toleranceGrad` or `toleranceChange`): further steps will not help. */
  readonly converged?: boolean;
  /** How many evaluations returned a non-finite loss or gradient; none of them was written into `x`. */
  readonly nonFinite?: number;
}

/**
 * Why an optimizer step returned: its iteration or evaluation budget ran out, a tolerance was met, or the
 * objective kept returning a non-finite loss or gradient so no finite step could be made.
 *
 * @example
 * ```ts
 * const result = optimizer.step(state, objective);
 * if (result.reason === 'nonFinite') console.warn('the loss is NaN at the current image');
 * ```
 * @category Optimizers
 */
export type StopReason = 'maxIterations' | 'maxEvaluations' | 'toleranceGrad' | 'toleranceChange' | 'nonFinite';

/**
 * A box constraint `lower <= x <= upper` applied to every element of the optimised tensor (e.g. the valid
 * pixel range `{ lower: 0, upper: 255 }`). Both bounds must be finite and `lower < upper`.
 *
 * @example
 * ```ts
 * const optimizer = createLbfgs({ bounds: { lower: 0, upper: 255 } });
 * ```
 * @category Optimizers
 */
export interface BoxBounds {
  /** The smallest allowed value. */
  readonly lower: number;
  /** The largest allowed value. */
  readonly upper: number;
}

/**
 * An optimizer as explicit state and a pure step over one tensor (the image being optimised).
 *
 * @example
 * ```ts
 * let state = optimizer.init(image);
 * for (let i = 0; i < 100; i++) state = optimizer.step(state, objective).state;
 * const result = state.x.clone();
 * optimizer.dispose(state);
 * ```
 * @category Optimizers
 */
export interface Optimizer<
  S extends {
    /** The current point of the optimisation, owned by the state. */
    readonly x: tf.Tensor;
  },
> {
  /** `adam` or `lbfgs`. */
  readonly name: string;
  /** Creates the state for starting point `x0` (copied; the caller keeps ownership of `x0`). */
  init(x0: tf.Tensor): S;
  /** Takes one step (one or more evaluations of `objective`). */
  step(state: S, objective: Objective): StepResult<S>;
  /** Frees every tensor the state holds. */
  dispose(state: S): void;
}
