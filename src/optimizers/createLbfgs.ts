import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertFiniteValues, assertOneOf, assertPositiveFinite, describe } from '../internal/validate';
import { feasibleDirection, inspectGradient, project, type GradientInfo } from './internal/box';
import { evaluateObjective, type Evaluation } from './internal/evaluateObjective';
import { lbfgsDirection, MIN_CURVATURE, type CurvaturePair } from './internal/lbfgsDirection';
import { assertFiniteNumber, assertKnownOptions, assertPositiveInteger, checkBounds } from './internal/options';
import { createStateStore, stepConsumingState } from './internal/stateStore';
import { strongWolfe, type LineTrial } from './internal/strongWolfe';
import type { BoxBounds, Objective, Optimizer, StepResult, StopReason } from './types';

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

interface Private {
  x: tf.Tensor;
  pairs: CurvaturePair[];
  gamma: tf.Tensor;
  prevGrad: tf.Tensor | null;
  lastStep: tf.Tensor | null;
  /** Loss and gradient at x, when known. */
  cached: Evaluation | null;
  /** Start the next iteration from steepest descent with torch's first-step scaling. */
  fresh: boolean;
  iterations: number;
  evaluations: number;
}

const OPTION_NAMES = [
  'learningRate',
  'firstStepMaxChange',
  'maxIterations',
  'maxEvaluations',
  'toleranceGrad',
  'toleranceChange',
  'historySize',
  'lineSearch',
  'bounds',
  'reuseEvaluation',
  'wolfe',
] as const;
const MAX_BACKTRACKS = 30;

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
  const fn = 'createLbfgs';
  assertKnownOptions(fn, options, OPTION_NAMES);
  const learningRate = options.learningRate ?? 1;
  assertPositiveFinite(fn, 'options.learningRate', learningRate);
  const firstStepMaxChange = options.firstStepMaxChange ?? null;
  if (firstStepMaxChange !== null) assertPositiveFinite(fn, 'options.firstStepMaxChange', firstStepMaxChange);
  /** The first trial step of a fresh start: the largest change `firstStepMaxChange`, else torch's scaling. */
  const firstTrialStep = (gradientL1: number, directionMax: number): number =>
    firstStepMaxChange === null || directionMax === 0 ? Math.min(1, 1 / gradientL1) * learningRate : firstStepMaxChange / directionMax;
  const maxIterations = options.maxIterations ?? 20;
  assertPositiveInteger(fn, 'options.maxIterations', maxIterations);
  const maxEvaluations = options.maxEvaluations ?? Math.max(Math.floor((maxIterations * 5) / 4), 25);
  assertPositiveInteger(fn, 'options.maxEvaluations', maxEvaluations);
  const toleranceGrad = options.toleranceGrad ?? 1e-7;
  assertFiniteNumber(fn, 'options.toleranceGrad', toleranceGrad);
  const toleranceChange = options.toleranceChange ?? 1e-9;
  assertFiniteNumber(fn, 'options.toleranceChange', toleranceChange);
  const historySize = options.historySize ?? 100;
  assertPositiveInteger(fn, 'options.historySize', historySize);
  const lineSearch = options.lineSearch ?? 'strongWolfe';
  assertOneOf(fn, 'options.lineSearch', lineSearch, ['strongWolfe', 'none']);
  const bounds = checkBounds(fn, options.bounds);
  assertKnownOptions(fn, options.wolfe, ['c1', 'c2'], 'options.wolfe');
  const c1 = options.wolfe?.c1 ?? 1e-4;
  const c2 = options.wolfe?.c2 ?? 0.9;
  if (typeof c1 !== 'number' || typeof c2 !== 'number' || !(c1 > 0 && c1 < c2 && c2 < 1)) {
    throw new StylegradError(fn, 'options.wolfe', `must satisfy 0 < c1 < c2 < 1; got c1 ${describe(c1)}, c2 ${describe(c2)}.`);
  }
  const reuseEvaluation = options.reuseEvaluation ?? true;
  if (typeof reuseEvaluation !== 'boolean') {
    throw new StylegradError(fn, 'options.reuseEvaluation', `must be true or false; got ${describe(reuseEvaluation)}.`);
  }

  const store = createStateStore<LbfgsState, Private>();
  const publish = (p: Private): LbfgsState =>
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

  const clearHistory = (p: Private): void => {
    for (const pair of p.pairs) tf.dispose([pair.s, pair.y, pair.rho]);
    p.pairs = [];
    p.gamma.dispose();
    p.gamma = tf.scalar(1);
    p.fresh = true;
  };

  const disposeAll = (p: Private): void => {
    clearHistory(p);
    tf.dispose([p.x, p.gamma]);
    if (p.prevGrad !== null) p.prevGrad.dispose();
    if (p.lastStep !== null) p.lastStep.dispose();
    if (p.cached !== null) p.cached.gradient.dispose();
  };

  /** Adds the pair (lastStep, g − prevGrad) when its curvature is positive (torch: ys > 1e-10). */
  const updateHistory = (p: Private, g: tf.Tensor): void => {
    if (p.prevGrad === null || p.lastStep === null) return;
    const s = p.lastStep;
    const prevGrad = p.prevGrad;
    const [y, sy, yy, both] = tf.tidy('createLbfgs.pair', () => {
      const yv = tf.sub(g, prevGrad);
      const syv = tf.sum(tf.mul(yv, s));
      const yyv = tf.sum(tf.square(yv));
      return [yv, syv, yyv, tf.stack([syv, yyv])] as const;
    });
    const [ys, yyValue] = both.dataSync();
    both.dispose();
    if (ys !== undefined && yyValue !== undefined && Number.isFinite(ys) && Number.isFinite(yyValue) && ys > MIN_CURVATURE) {
      if (p.pairs.length === historySize) {
        const oldest = p.pairs.shift();
        if (oldest !== undefined) tf.dispose([oldest.s, oldest.y, oldest.rho]);
      }
      p.pairs.push({ s: tf.clone(s), y, rho: tf.tidy('lbfgs.rho', () => tf.div(1, sy)) });
      p.gamma.dispose();
      p.gamma = tf.tidy('lbfgs.gamma', () => tf.div(sy, yy));
      tf.dispose([sy, yy]);
    } else {
      tf.dispose([y, sy, yy]);
    }
  };

  function init(x0: tf.Tensor): LbfgsState {
    if (!(x0 instanceof tf.Tensor) || x0.isDisposed) {
      throw new StylegradError('lbfgs.init', 'x0', `must be a live tf.Tensor; got ${describe(x0)}.`);
    }
    if (x0.dtype !== 'float32') throw new StylegradError('lbfgs.init', 'x0', `must be float32; got ${x0.dtype}.`);
    assertFiniteValues('lbfgs.init', 'x0', x0);
    return publish({
      x: tf.tidy('lbfgs.projectStart', () => project(x0, bounds)),
      pairs: [],
      gamma: tf.scalar(1),
      prevGrad: null,
      lastStep: null,
      cached: null,
      fresh: true,
      iterations: 0,
      evaluations: 0,
    });
  }

  function run(p: Private, objective: Objective): Omit<StepResult<LbfgsState>, 'state'> {
    const sfn = 'lbfgs.step';
    let evaluations = 0;
    let nonFinite = 0;
    const evaluateAt = (x: tf.Tensor): Evaluation => {
      const e = evaluateObjective(sfn, objective, x);
      evaluations += 1;
      p.evaluations += 1;
      return e;
    };
    const setCached = (e: Evaluation | null): void => {
      if (p.cached !== null && p.cached.gradient !== e?.gradient) p.cached.gradient.dispose();
      p.cached = e;
    };
    let info: GradientInfo | null = null;
    const inspect = (e: Evaluation): GradientInfo => {
      if (info?.mask) info.mask.dispose();
      const flat = tf.reshape(p.x, [-1]);
      info = inspectGradient(flat, e.gradient, bounds);
      flat.dispose();
      return info;
    };
    const finiteHere = (i: GradientInfo, e: Evaluation): boolean => i.finite && Number.isFinite(e.loss);
    /** x holds a non-finite loss or gradient: halve the last step back towards the previous point. */
    const recover = (): GradientInfo | null => {
      nonFinite += 1;
      for (let k = 0; k < MAX_BACKTRACKS && p.lastStep !== null && evaluations < maxEvaluations; k++) {
        const last = p.lastStep;
        const half = tf.tidy('lbfgs.halveStep', () => tf.mul(last, 0.5));
        const x = p.x;
        p.x = tf.tidy('lbfgs.stepBackHalf', () => tf.sub(x, tf.reshape(half, x.shape)));
        x.dispose();
        last.dispose();
        p.lastStep = half;
        const e = evaluateAt(p.x);
        setCached(e);
        const i = inspect(e);
        if (finiteHere(i, e)) {
          clearHistory(p);
          return i;
        }
        nonFinite += 1;
      }
      // Nothing finite found: go back to the previous point (where the loss was finite) and give up.
      const remaining = p.lastStep;
      if (remaining !== null) {
        const x = p.x;
        p.x = tf.tidy('lbfgs.stepBackRemaining', () => tf.sub(x, tf.reshape(remaining, x.shape)));
        tf.dispose([x, remaining]);
        p.lastStep = null;
      }
      setCached(null);
      clearHistory(p);
      return null;
    };

    if (p.cached !== null && !reuseEvaluation) setCached(null);
    const first = p.cached ?? evaluateAt(p.x);
    setCached(first);
    let current: GradientInfo | null = inspect(first);
    if (!finiteHere(current, first)) current = recover();
    const loss = p.cached?.loss ?? NaN;
    const finish = (reason: StopReason, iterations: number): Omit<StepResult<LbfgsState>, 'state'> => {
      if (info?.mask) info.mask.dispose();
      return { loss, evaluations, iterations, reason, converged: reason === 'toleranceGrad' || reason === 'toleranceChange', nonFinite };
    };
    if (current === null) return finish('nonFinite', 0);
    if (current.pgMax <= toleranceGrad) return finish('toleranceGrad', 0);

    let reason: StopReason = 'maxIterations';
    let n = 0;
    while (n < maxIterations) {
      n += 1;
      p.iterations += 1;
      const here = p.cached;
      if (here === null) throw new Error('createLbfgs: internal error, no evaluation at x');
      const g = here.gradient;
      const f = here.loss;
      const mask: tf.Tensor | null = current.mask;
      const xFlat = tf.reshape(p.x, [-1]);
      let d: tf.Tensor | null = null;
      try {
        // Direction: steepest descent on a fresh start, else the two-loop recursion (in the free subspace).
        if (!p.fresh) updateHistory(p, g);
        const dir = tf.tidy('createLbfgs.searchDirection', () => {
          const raw = p.fresh ? (mask === null ? tf.neg(g) : tf.mul(tf.neg(g), mask)) : lbfgsDirection(g, p.pairs, p.gamma, mask);
          return bounds === null ? raw : feasibleDirection(xFlat, raw, bounds);
        });
        d = dir;
        const [gtd, dNorm] = readBack(() => [tf.sum(tf.mul(g, dir)), tf.max(tf.abs(dir))]);
        const t0 = p.fresh ? firstTrialStep(current.pgL1, dNorm) : learningRate;
        if (p.prevGrad !== null) p.prevGrad.dispose();
        p.prevGrad = tf.clone(g);
        p.fresh = false;
        if (!Number.isFinite(gtd)) {
          clearHistory(p);
          nonFinite += 1;
          reason = 'nonFinite';
          break;
        }
        if (gtd > -toleranceChange) {
          reason = 'toleranceChange';
          break;
        }

        let t = t0;
        let stepMax: number;
        if (lineSearch === 'strongWolfe') {
          const trial = (tt: number): LineTrial => {
            const xt = tf.tidy('lbfgs.trialPoint', () => tf.reshape(pointAt(xFlat, dir, tt), p.x.shape));
            let e: Evaluation;
            try {
              e = evaluateAt(xt);
            } finally {
              xt.dispose();
            }
            const values = readBack(() => {
              if (bounds === null) return [tf.sum(tf.mul(e.gradient, dir))];
              const raw = tf.add(xFlat, tf.mul(dir, tt));
              const inside = tf.logicalAnd(tf.greater(raw, bounds.lower), tf.less(raw, bounds.upper));
              const dt = tf.where(inside, dir, tf.zerosLike(dir));
              const moved = tf.sub(tf.clipByValue(raw, bounds.lower, bounds.upper), xFlat);
              return [tf.sum(tf.mul(e.gradient, dt)), tf.sum(tf.mul(g, moved))];
            });
            return { f: e.loss, gtd: values[0], decrease: bounds === null ? tt * gtd : values[1], g: e.gradient };
          };
          const searched = strongWolfe(trial, { f, g, gtd }, t0, dNorm, maxEvaluations - evaluations, c1, c2);
          nonFinite += searched.nonFinite;
          t = searched.t;
          const s = moveTo(p, xFlat, dir, t);
          const e = { loss: searched.f, gradient: searched.g };
          setCached(e);
          current = inspect(e);
          stepMax = bounds === null ? t * dNorm : maxAbs(s);
          if (searched.nonFinite > 0 && t === 0) clearHistory(p);
        } else {
          const s = moveTo(p, xFlat, dir, t);
          stepMax = bounds === null ? t * dNorm : maxAbs(s);
          setCached(null);
          if (n !== maxIterations) {
            const e = evaluateAt(p.x);
            setCached(e);
            current = inspect(e);
            if (!finiteHere(current, e)) current = recover();
            if (current === null) {
              reason = 'nonFinite';
              break;
            }
          }
        }
        const newLoss = p.cached?.loss ?? f;

        // torch's stopping tests (it tests the budget first; the reason reported here names a met tolerance
        // first, so a one-iteration call can still report convergence).
        const evaluatedNew = p.cached !== null;
        const gradientSmall = evaluatedNew && current.pgMax <= toleranceGrad;
        const changeSmall = stepMax <= toleranceChange || (evaluatedNew && Math.abs(newLoss - f) < toleranceChange);
        if (n === maxIterations || evaluations >= maxEvaluations || gradientSmall || changeSmall) {
          if (gradientSmall) reason = 'toleranceGrad';
          else if (changeSmall) reason = 'toleranceChange';
          else if (n < maxIterations) reason = 'maxEvaluations';
          break;
        }
      } finally {
        tf.dispose(d === null ? [xFlat] : [d, xFlat]);
      }
    }
    return finish(reason, n);
  }

  /** Moves p.x to the (projected) point x + t·d; stores and returns the displacement s as the last step. */
  function moveTo(p: Private, xFlat: tf.Tensor, d: tf.Tensor, t: number): tf.Tensor {
    const shape = p.x.shape;
    const [xNew, s] = tf.tidy('createLbfgs.move', () => {
      const moved = pointAt(xFlat, d, t);
      const step = bounds === null ? tf.mul(d, t) : tf.sub(moved, xFlat);
      return [tf.reshape(moved, shape), step] as const;
    });
    p.x.dispose();
    p.x = xNew;
    if (p.lastStep !== null) p.lastStep.dispose();
    p.lastStep = s;
    return s;
  }

  /** x + t·d, projected onto the bounds. */
  function pointAt(xFlat: tf.Tensor, d: tf.Tensor, t: number): tf.Tensor {
    const raw = tf.add(xFlat, tf.mul(d, t));
    return bounds === null ? raw : tf.clipByValue(raw, bounds.lower, bounds.upper);
  }

  return {
    name: 'lbfgs',
    init,
    step(state: LbfgsState, objective: Objective): StepResult<LbfgsState> {
      return stepConsumingState('lbfgs.step', store, state, objective, run, publish);
    },
    dispose(state: LbfgsState): void {
      disposeAll(store.take('lbfgs.dispose', state));
    },
  };
}

/** Evaluates the one or two scalar tensors built by `build` with one read-back (NaN for a missing value). */
function readBack(build: () => tf.Tensor[]): [number, number] {
  const stacked = tf.tidy('lbfgs.stackHistory', () => tf.stack(build()));
  const values = stacked.dataSync();
  stacked.dispose();
  return [values[0] ?? NaN, values[1] ?? NaN];
}

/** max |v| read back. */
function maxAbs(v: tf.Tensor): number {
  return readBack(() => [tf.max(tf.abs(v))])[0];
}
