import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFiniteValues, assertNonNegativeFinite, assertOneOf, assertPositiveFinite, describe } from '../internal/validate';
import { adamClock, adamUpdate, nextAdamClock, type AdamClock, type AdamConfig } from './internal/adamUpdate';
import { initAdamVariables, stepAdamVariables, type AdamVariablesPrivate } from './internal/adamVariables';
import { evaluateObjective } from './internal/evaluateObjective';
import { assertKnownOptions, assertUnitInterval, checkBounds } from './internal/options';
import { createStateStore, stepConsumingState } from './internal/stateStore';
import type { BoxBounds, Objective, Optimizer, StepResult, VariablesObjective } from './types';

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
  /**
   * How the update is computed (default `'tfjs'`): `'tfjs'` uses `tf.train.adam`'s operations,
   * x − α·m̂/(√v̂ + ε) with β powers as float32 accumulators; `'efficient'` uses Kingma & Ba (2015) §2's
   * reformulation α_t = α·√(1−β2ᵗ)/(1−β1ᵗ), x − α_t·m/(√v + ε·√(1−β2ᵗ)), which equals ε added to √v̂ (as
   * `torch.optim.Adam`) in exact arithmetic but rounds differently (what `trainTransformNet` uses, ε 1e-8).
   */
  readonly formulation?: 'tfjs' | 'efficient';
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

/**
 * The state of an Adam run over a list of variables (see {@link AdamOptimizer.initVariables}). The variables
 * are updated in place; the moments belong to the state (free them with `optimizer.disposeVariables(state)`). A state is
 * consumed by `stepVariables` (use the returned one).
 *
 * @example
 * ```ts
 * let state: AdamVariablesState = optimizer.initVariables(weights);
 * state = optimizer.stepVariables(state, objective).state;
 * console.log(state.iterations, state.firstMoments.length);
 * ```
 * @category Optimizers
 */
export interface AdamVariablesState {
  /** The variables being optimised, in order (the caller's own; updated in place, never disposed by the optimizer). */
  readonly variables: readonly tf.Variable[];
  /** The first-moment estimates m, one per variable (owned by the state, updated in place). */
  readonly firstMoments: readonly tf.Tensor[];
  /** The second-moment estimates v, one per variable (owned by the state, updated in place). */
  readonly secondMoments: readonly tf.Tensor[];
  /** Updates made, including those of a resumed run (steps whose gradient was not finite are not counted). */
  readonly iterations: number;
}

/**
 * A run to resume with {@link AdamOptimizer.initVariables}: the moments saved from an earlier
 * {@link AdamVariablesState} (one per variable, in order) and the number of updates it had made.
 *
 * @example
 * ```ts
 * const resume: AdamResume = { firstMoments: saved.m, secondMoments: saved.v, iterations: 2000 };
 * let state = createAdam({ learningRate: 1e-3 }).initVariables(weights, resume);
 * ```
 * @category Optimizers
 */
export interface AdamResume {
  /** First-moment estimates m, one per variable with its shape (copied). */
  readonly firstMoments: readonly tf.Tensor[];
  /** Second-moment estimates v, one per variable with its shape (copied). */
  readonly secondMoments: readonly tf.Tensor[];
  /** Updates already made (the next one is number `iterations + 1`). */
  readonly iterations: number;
}

/**
 * An Adam optimizer: the single-tensor {@link Optimizer} plus the same update over a list of variables.
 *
 * @example
 * ```ts
 * const optimizer: AdamOptimizer = createAdam({ learningRate: 1e-3 });
 * let state = optimizer.initVariables(weights);
 * for (let i = 0; i < 100; i++) state = optimizer.stepVariables(state, objective).state;
 * optimizer.disposeVariables(state);
 * ```
 * @category Optimizers
 */
export interface AdamOptimizer extends Optimizer<AdamState> {
  /**
   * Starts a run over `variables` (each updated in place by `stepVariables`), with zero moments or those of
   * `resume`.
   */
  initVariables(variables: readonly tf.Variable[], resume?: AdamResume): AdamVariablesState;
  /** One evaluation of `objective` and one update of every variable (none when the loss or a gradient is not finite). */
  stepVariables(state: AdamVariablesState, objective: VariablesObjective): StepResult<AdamVariablesState>;
  /** Frees the moments a variables state holds (not the variables). */
  disposeVariables(state: AdamVariablesState): void;
}

interface Private {
  x: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
  iterations: number;
  /** The clock of the next update. */
  clock: AdamClock;
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
 * `initVariables(variables)` / `stepVariables(state, objective)` run the same update over a list of
 * `tf.Variable`s in place (every weight of a network), with an objective that returns one gradient per
 * variable; `initVariables(variables, resume)` continues a run from saved moments and its update count.
 *
 * @param options - See {@link AdamOptions}; `learningRate` is required.
 * @returns An {@link AdamOptimizer}: an {@link Optimizer} over {@link AdamState} (`init(x0)` copies `x0`,
 *   projected into the bounds; the objective receives the state's own `x`, which it must not dispose) plus
 *   `initVariables`/`stepVariables` over {@link AdamVariablesState}.
 * @throws StylegradError for a missing or non-positive `learningRate`, β outside [0, 1), a negative
 *   `epsilon`, an unknown `formulation`, non-finite or inverted bounds, an unknown option; at `init` for a
 *   non-tensor or non-finite `x0`; at `initVariables` for an empty list, a non-variable, or resumed moments that
 *   do not fit; at `step`/`stepVariables` for a stale state or an objective that does not return
 *   `{ loss: number, gradient }` (`{ loss: number, gradients }` with one tensor per variable).
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
export function createAdam(options: AdamOptions): AdamOptimizer {
  const config = resolveAdamOptions(options);
  const store = createStateStore<AdamState, Private>();
  const variablesStore = createStateStore<AdamVariablesState, AdamVariablesPrivate>();
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
  const publishVariables = (p: AdamVariablesPrivate): AdamVariablesState =>
    variablesStore.register({ variables: p.variables, firstMoments: p.m, secondMoments: p.v, iterations: p.clock.t - 1 }, p);
  return {
    name: 'adam',
    init(x0: tf.Tensor): AdamState {
      if (!(x0 instanceof tf.Tensor) || x0.isDisposed) {
        throw new StylegradError('adam.init', 'x0', `must be a live tf.Tensor; got ${describe(x0)}.`);
      }
      if (x0.dtype !== 'float32') throw new StylegradError('adam.init', 'x0', `must be float32; got ${x0.dtype}.`);
      assertFiniteValues('adam.init', 'x0', x0);
      const { bounds } = config;
      const x = tf.tidy('adam.start', () => (bounds === null ? tf.clone(x0) : tf.clipByValue(x0, bounds.lower, bounds.upper)));
      return publish({ x, m: tf.zerosLike(x0), v: tf.zerosLike(x0), iterations: 0, clock: adamClock(1, config.beta1, config.beta2) });
    },
    step(state: AdamState, objective: Objective): StepResult<AdamState> {
      return stepConsumingState('adam.step', store, state, objective, (p: Private, o: Objective) => stepTensor(p, o, config), publish);
    },
    initVariables(variables: readonly tf.Variable[], resume?: AdamResume): AdamVariablesState {
      return publishVariables(initAdamVariables(variables, resume, config));
    },
    stepVariables(state: AdamVariablesState, objective: VariablesObjective): StepResult<AdamVariablesState> {
      const run = (p: AdamVariablesPrivate, o: VariablesObjective) => stepAdamVariables<AdamVariablesState>(p, o, config);
      return stepConsumingState('adam.stepVariables', variablesStore, state, objective, run, publishVariables);
    },
    dispose(state: AdamState): void {
      const p = store.take('adam.dispose', state);
      tf.dispose([p.x, p.m, p.v]);
    },
    disposeVariables(state: AdamVariablesState): void {
      const p = variablesStore.take('adam.disposeVariables', state);
      tf.dispose([...p.m, ...p.v]);
    },
  };
}

/** The validated options of createAdam with their defaults. */
function resolveAdamOptions(options: AdamOptions): AdamConfig {
  const fn = 'createAdam';
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new StylegradError(fn, 'options', `must be an object with at least learningRate; got ${describe(options)}.`);
  }
  assertKnownOptions(fn, options, ['learningRate', 'beta1', 'beta2', 'epsilon', 'formulation', 'bounds']);
  const { learningRate } = options;
  assertPositiveFinite(fn, 'options.learningRate', learningRate);
  const beta1 = options.beta1 ?? 0.9;
  assertUnitInterval(fn, 'options.beta1', beta1);
  const beta2 = options.beta2 ?? 0.999;
  assertUnitInterval(fn, 'options.beta2', beta2);
  const epsilon = options.epsilon ?? 1e-7;
  assertNonNegativeFinite(fn, 'options.epsilon', epsilon);
  const formulation = options.formulation ?? 'tfjs';
  assertOneOf(fn, 'options.formulation', formulation, ['tfjs', 'efficient']);
  return { learningRate, beta1, beta2, epsilon, formulation, bounds: checkBounds(fn, options.bounds) };
}

/** One evaluation and, when the loss and gradient are finite, one update of the state's own x. */
function stepTensor(p: Private, objective: Objective, config: AdamConfig): Omit<StepResult<AdamState>, 'state'> {
  const { loss, gradient } = evaluateObjective('adam.step', objective, p.x);
  const finiteGradient = tf.tidy('adam.gradientIsFinite', () => tf.all(tf.isFinite(gradient)).dataSync()[0]) === 1;
  if (!Number.isFinite(loss) || !finiteGradient) {
    gradient.dispose();
    return { loss, evaluations: 1, iterations: 0, reason: 'nonFinite', converged: false, nonFinite: 1 };
  }
  const { x, m, v } = p;
  const [xNew, mNew, vNew] = tf.tidy('adamStep', () => adamUpdate(x, tf.reshape(gradient, x.shape), m, v, config, p.clock));
  gradient.dispose();
  tf.dispose([x, m, v]);
  p.x = xNew;
  p.m = mNew;
  p.v = vNew;
  p.iterations += 1;
  p.clock = nextAdamClock(p.clock, config.beta1, config.beta2);
  return { loss, evaluations: 1, iterations: 1, reason: 'maxIterations', converged: false, nonFinite: 0 };
}
