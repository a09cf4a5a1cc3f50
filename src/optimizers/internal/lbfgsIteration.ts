// One L-BFGS iteration: the search direction (steepest descent on a fresh start, else the two-loop recursion
// in the free subspace), the step (strong-Wolfe search along the projected path, or a fixed step), and
// torch's stopping tests.
import * as tf from '@tensorflow/tfjs-core';
import { feasibleDirection, type GradientInfo } from './box';
import { lbfgsDirection } from './lbfgsDirection';
import { isFiniteEvaluation, type LbfgsSession } from './lbfgsSession';
import { clearHistory, maxAbs, moveTo, readBack, updateHistory, type IterationOutcome } from './lbfgsState';
import { projectedTrial } from './projectedTrial';
import { recoverNonFinite } from './recoverNonFinite';
import { strongWolfe } from './strongWolfe';

/** The direction of one iteration with what the step needs from it. */
interface Direction {
  /** The search direction, flat (owned by the caller). */
  readonly dir: tf.Tensor;
  /** g·d. */
  readonly gtd: number;
  /** max |d|. */
  readonly dNorm: number;
  /** The first trial step. */
  readonly t0: number;
}

/** Where the step went: the analysis at the new point (null: no finite point) and max |s|. */
interface Moved {
  readonly current: GradientInfo | null;
  readonly stepMax: number;
}

/**
 * Runs iteration `n` (1-based within the step call) from the cached evaluation at p.x.
 *
 * @param session - The step call's bookkeeping.
 * @param current - The gradient analysis at p.x.
 * @param n - The iteration's number within the call.
 * @returns The analysis at the new point and why the call should stop (null to go on).
 */
export function lbfgsIteration(session: LbfgsSession, current: GradientInfo, n: number): { current: GradientInfo; reason: IterationOutcome } {
  const { p, config } = session;
  p.iterations += 1;
  const here = p.cached;
  if (here === null) throw new Error('createLbfgs: internal error, no evaluation at x');
  const g = here.gradient;
  const f = here.loss;
  const xFlat = tf.reshape(p.x, [-1]);
  let d: tf.Tensor | null = null;
  try {
    const direction = searchDirection(session, current, xFlat, g);
    d = direction.dir;
    if (!Number.isFinite(direction.gtd)) {
      clearHistory(p);
      session.nonFinite += 1;
      return { current, reason: 'nonFinite' };
    }
    if (direction.gtd > -config.toleranceChange) return { current, reason: 'toleranceChange' };
    const moved = config.lineSearch === 'strongWolfe' ? searchedStep(session, xFlat, g, f, direction) : fixedStep(session, xFlat, direction, current, n);
    if (moved.current === null) return { current, reason: 'nonFinite' };
    return { current: moved.current, reason: stopTest(session, moved, f, n) };
  } finally {
    tf.dispose(d === null ? [xFlat] : [d, xFlat]);
  }
}

/** Updates the history with g, computes the direction and its first trial step; remembers g for the next pair. */
function searchDirection(session: LbfgsSession, current: GradientInfo, xFlat: tf.Tensor, g: tf.Tensor): Direction {
  const { p, config } = session;
  const { bounds } = config;
  const mask = current.mask;
  if (!p.fresh) updateHistory(p, g, config.historySize);
  const dir = tf.tidy('lbfgsSearchDirection', () => {
    const raw = p.fresh ? (mask === null ? tf.neg(g) : tf.mul(tf.neg(g), mask)) : lbfgsDirection(g, p.pairs, p.gamma, mask);
    return bounds === null ? raw : feasibleDirection(xFlat, raw, bounds);
  });
  const [gtd, dNorm] = readBack(() => [tf.sum(tf.mul(g, dir)), tf.max(tf.abs(dir))]);
  const t0 = p.fresh ? firstTrialStep(config.firstStepMaxChange, config.learningRate, current.pgL1, dNorm) : config.learningRate;
  if (p.prevGrad !== null) p.prevGrad.dispose();
  p.prevGrad = tf.clone(g);
  p.fresh = false;
  return { dir, gtd, dNorm, t0 };
}

/** The first trial step of a fresh start: the largest change `firstStepMaxChange`, else torch's scaling. */
function firstTrialStep(firstStepMaxChange: number | null, learningRate: number, gradientL1: number, directionMax: number): number {
  return firstStepMaxChange === null || directionMax === 0 ? Math.min(1, 1 / gradientL1) * learningRate : firstStepMaxChange / directionMax;
}

/** The strong-Wolfe search along the (projected) path; a search that found nothing finite resets the history. */
function searchedStep(session: LbfgsSession, xFlat: tf.Tensor, g: tf.Tensor, f: number, direction: Direction): Moved {
  const { p, config } = session;
  const { dir, gtd, dNorm, t0 } = direction;
  const trial = projectedTrial(session, xFlat, dir, g, gtd);
  const searched = strongWolfe(trial, { f, g, gtd }, t0, dNorm, config.maxEvaluations - session.evaluations, config.c1, config.c2);
  session.nonFinite += searched.nonFinite;
  const t = searched.t;
  const s = moveTo(p, xFlat, dir, t, config.bounds);
  const e = { loss: searched.f, gradient: searched.g };
  session.setCached(e);
  const current = session.inspect(e);
  const stepMax = config.bounds === null ? t * dNorm : maxAbs(s);
  if (searched.nonFinite > 0 && t === 0) clearHistory(p);
  return { current, stepMax };
}

/** A fixed step of length t0; evaluates the new point unless it is the call's last iteration (then recovers if needed). */
function fixedStep(session: LbfgsSession, xFlat: tf.Tensor, direction: Direction, current: GradientInfo, n: number): Moved {
  const { p, config } = session;
  const { dir, dNorm, t0 } = direction;
  const s = moveTo(p, xFlat, dir, t0, config.bounds);
  const stepMax = config.bounds === null ? t0 * dNorm : maxAbs(s);
  session.setCached(null);
  if (n === config.maxIterations) return { current, stepMax };
  const e = session.evaluateAt(p.x);
  session.setCached(e);
  const inspected = session.inspect(e);
  return { current: isFiniteEvaluation(inspected, e) ? inspected : recoverNonFinite(session), stepMax };
}

/**
 * torch's stopping tests (it tests the budget first; the reason reported here names a met tolerance first, so
 * a one-iteration call can still report convergence).
 */
function stopTest(session: LbfgsSession, moved: Moved, f: number, n: number): IterationOutcome {
  const { p, config } = session;
  const newLoss = p.cached?.loss ?? f;
  const evaluatedNew = p.cached !== null;
  const gradientSmall = evaluatedNew && moved.current !== null && moved.current.pgMax <= config.toleranceGrad;
  const changeSmall = moved.stepMax <= config.toleranceChange || (evaluatedNew && Math.abs(newLoss - f) < config.toleranceChange);
  if (n === config.maxIterations || session.evaluations >= config.maxEvaluations || gradientSmall || changeSmall) {
    if (gradientSmall) return 'toleranceGrad';
    if (changeSmall) return 'toleranceChange';
    if (n < config.maxIterations) return 'maxEvaluations';
    return 'maxIterations';
  }
  return null;
}
