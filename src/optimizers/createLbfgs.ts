import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFiniteValues, describe } from '../internal/validate';
import { project } from './internal/box';
import { resolveLbfgsOptions } from './internal/lbfgsOptions';
import { disposeLbfgsPrivate, type LbfgsPrivate } from './internal/lbfgsState';
import { runLbfgsStep } from './internal/runLbfgsStep';
import { createStateStore, stepConsumingState } from './internal/stateStore';
import type { BoxBounds, Objective, Optimizer, StepResult } from './types';

/**
 * Options of {@link createLbfgs}. The names map one to one onto `torch.optim.LBFGS`
 * (`lr`, `max_iter`, `max_eval`, `tolerance_grad`, `tolerance_change`, `history_size`, `line_search_fn`), with the
 * same defaults except `lineSearch` (torch's default is no line search).
 *
 * @example
 * ```ts
 * const options: LbfgsOptions = { maxIterations: 1, historySize: 100, bounds: { lower: 0, upper: 255 } };
 * ```
 * @category Optimizers
 */
export interface LbfgsOptions {
  /** Step length: the line search's first trial, or the fixed step with `lineSearch: 'none'` (default 1). */
  readonly learningRate?: number;
  /**
   * The first trial step of a fresh start (the first iteration, or after the history was reset), given as the
   * largest change of any element: `t0 = firstStepMaxChange / max|d|`. Default: torch's
   * `min(1, 1/Σ|g|)·learningRate`, which on large problems is so small that a float32 loss cannot resolve the
   * decrease and the first iteration's line search is wasted (`stylize` passes 10, ten 8-bit pixel levels).
   */
  readonly firstStepMaxChange?: number;
  /** Iterations per `step` call, torch's `max_iter` (default 20). Use 1 to report progress after every iteration. */
  readonly maxIterations?: number;
  /**
   * Evaluations per `step` call, torch's `max_eval`. Default `floor(maxIterations * 5 / 4)` as torch, but at
   * least 25, so that short calls (`maxIterations: 1`) keep a full line search (torch would allow one trial).
   */
  readonly maxEvaluations?: number;
  /** Stop when max |projected gradient| <= this (default 1e-7; a negative value disables the test). */
  readonly toleranceGrad?: number;
  /** Stop when the step, the loss change or the directional derivative falls below this (default 1e-9; negative disables). */
  readonly toleranceChange?: number;
  /** Curvature pairs kept (default 100, like neural-style-pt; memory is 2 × historySize copies of x). */
  readonly historySize?: number;
  /** `'strongWolfe'` (default; torch's `line_search_fn='strong_wolfe'`) or `'none'` (fixed step `learningRate`). */
  readonly lineSearch?: 'strongWolfe' | 'none';
  /** Keep every element in `[lower, upper]` with a projected L-BFGS (see the function's description). */
  readonly bounds?: BoxBounds;
  /**
   * The strong-Wolfe constants: sufficient decrease `c1` and curvature `c2`, 0 < c1 < c2 < 1 (default torch's
   * 1e-4 and 0.9). A small `c2` (e.g. 0.01) makes the search nearly exact: more evaluations per iteration,
   * conjugate-gradient-like finite termination on quadratics.
   */
  readonly wolfe?: {
    /** Sufficient-decrease (Armijo) constant (default 1e-4). */
    readonly c1?: number;
    /** Curvature constant (default 0.9). */
    readonly c2?: number;
  };
  /**
   * Reuse the loss and gradient the previous `step` computed at the current point instead of evaluating the
   * objective again at the start of the next call (default true). Set false when the objective changes between
   * calls, or to count evaluations exactly like repeated torch `optimizer.step()` calls.
   */
  readonly reuseEvaluation?: boolean;
}

/**
 * The state of an L-BFGS run: the current point and counters. The curvature history and gradients it holds
 * are private; free them with `optimizer.dispose(state)`. A state is consumed by `step` (use the returned one).
 *
 * @example
 * ```ts
 * let state: LbfgsState = optimizer.init(image);
 * state = optimizer.step(state, objective).state;
 * console.log(state.iterations, state.evaluations);
 * ```
 * @category Optimizers
 */
export interface LbfgsState {
  /** The current point (same shape as `x0`; owned by the state, do not dispose it). */
  readonly x: tf.Tensor;
  /** Iterations made since `init` (torch's `state['n_iter']`). */
  readonly iterations: number;
  /** Objective evaluations since `init` (torch's `state['func_evals']`). */
  readonly evaluations: number;
  /** Curvature pairs currently stored. */
  readonly historyLength: number;
}

/**
 * Creates an L-BFGS optimizer: the two-loop recursion over the last `historySize` curvature pairs, torch's
 * first-step scaling (`min(1, 1/Σ|g|)·learningRate` on the first iteration, or `firstStepMaxChange`), and a strong-Wolfe line search
 * with cubic interpolation (c1 = 1e-4, c2 = 0.9) that follows `torch.optim.LBFGS(line_search_fn='strong_wolfe')`
 * step by step; or a fixed step (`lineSearch: 'none'`, what neural-style-pt uses).
 *
 * One `step` call is one torch `optimizer.step()`: up to `maxIterations` iterations and `maxEvaluations`
 * evaluations (a line search may end one over budget, as torch's does), stopping early on `toleranceGrad` or
 * `toleranceChange`; evaluations are counted as torch counts them. For a loop that reports every iteration, use
 * `maxIterations: 1`: with `reuseEvaluation` (default) N such calls follow the same path and use the same
 * evaluations as one call with `maxIterations: N`.
 *
 * With `bounds`, the method is a projected L-BFGS (an L-BFGS-B-style active-set treatment, not a clamp after
 * the step): a variable on a bound whose negative gradient points outward is held; the two-loop recursion runs
 * on the free variables only, skipping pairs whose curvature there is not positive (so the direction is a
 * descent direction); components that would leave the box at once are dropped; the line search runs along the
 * projected path `clip(x + t·d)` with the Armijo test on `g·(x(t) − x)`; curvature pairs use the actual
 * displacement and are stored only when s·y > 0; the gradient tolerance applies to the projected gradient.
 *
 * A non-finite loss or gradient never reaches `x`: in the line search such a trial only shrinks the step; at
 * the current point (reached by a fixed step, or when the objective changed) the last step is halved back
 * towards the previous point (up to 30 times) and the history is reset; if nothing finite is found, `x` returns
 * to the previous point (or stays, if there is none) and the step reports `reason: 'nonFinite'`. `nonFinite`
 * counts such evaluations.
 *
 * @param options - See {@link LbfgsOptions}; all optional.
 * @returns An {@link Optimizer} over {@link LbfgsState}. `init(x0)` copies `x0` (projected into the bounds);
 *   the objective receives the state's own `x`, which it must not dispose.
 * @throws StylegradError for a non-positive `learningRate` or `firstStepMaxChange`, a non-integer or zero `maxIterations`,
 *   `maxEvaluations` or `historySize`, an unknown `lineSearch`, non-finite or inverted bounds, an unknown option;
 *   at `init` for a non-tensor or non-finite `x0`; at `step` for a stale state or an objective that does not
 *   return `{ loss: number, gradient }` with the shape of `x`.
 * @example
 * ```ts
 * const optimizer = createLbfgs({ maxIterations: 1, bounds: { lower: 0, upper: 255 } });
 * const objective: Objective = (x) => {
 *   const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => lossOf(t))(x);
 *   const loss = value.dataSync()[0]!;
 *   value.dispose();
 *   return { loss, gradient: grad };
 * };
 * let state = optimizer.init(image);
 * for (let i = 0; i < 300 && state.evaluations < 300; i++) {
 *   const result = optimizer.step(state, objective);
 *   state = result.state;
 *   if (result.converged) break;
 * }
 * const stylised = state.x.clone();
 * optimizer.dispose(state);
 * ```
 * @category Optimizers
 */
export function createLbfgs(options: LbfgsOptions = {}): Optimizer<LbfgsState> {
  const config = resolveLbfgsOptions(options);
  const store = createStateStore<LbfgsState, LbfgsPrivate>();
  const publish = (p: LbfgsPrivate): LbfgsState =>
    store.register(
      {
        get x() {
          return p.x;
        },
        get iterations() {
          return p.iterations;
        },
        get evaluations() {
          return p.evaluations;
        },
        get historyLength() {
          return p.pairs.length;
        },
      },
      p,
    );
  return {
    name: 'lbfgs',
    init(x0: tf.Tensor): LbfgsState {
      if (!(x0 instanceof tf.Tensor) || x0.isDisposed) {
        throw new StylegradError('lbfgs.init', 'x0', `must be a live tf.Tensor; got ${describe(x0)}.`);
      }
      if (x0.dtype !== 'float32') throw new StylegradError('lbfgs.init', 'x0', `must be float32; got ${x0.dtype}.`);
      assertFiniteValues('lbfgs.init', 'x0', x0);
      const x = tf.tidy('lbfgs.projectStart', () => project(x0, config.bounds));
      return publish({ x, pairs: [], gamma: tf.scalar(1), prevGrad: null, lastStep: null, cached: null, fresh: true, iterations: 0, evaluations: 0 });
    },
    step(state: LbfgsState, objective: Objective): StepResult<LbfgsState> {
      const run = (p: LbfgsPrivate, o: Objective) => runLbfgsStep<LbfgsState>(p, o, config);
      return stepConsumingState('lbfgs.step', store, state, objective, run, publish);
    },
    dispose(state: LbfgsState): void {
      disposeLbfgsPrivate(store.take('lbfgs.dispose', state));
    },
  };
}
