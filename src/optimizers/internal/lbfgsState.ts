// The private state of an L-BFGS run and the operations on it that every part of an iteration shares:
// the curvature history (add a pair, reset), the move to a new point, and small read-backs.
import * as tf from '@tensorflow/tfjs-core';
import type { BoxBounds, StopReason } from '../types';
import type { Evaluation } from './evaluateObjective';
import { MIN_CURVATURE, type CurvaturePair } from './lbfgsDirection';

/** The resolved options of `createLbfgs` (validated once by the factory). */
export interface LbfgsConfig {
  readonly learningRate: number;
  /** The first trial step of a fresh start as the largest change of any element, or null for torch's scaling. */
  readonly firstStepMaxChange: number | null;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  readonly toleranceGrad: number;
  readonly toleranceChange: number;
  readonly historySize: number;
  readonly lineSearch: 'strongWolfe' | 'none';
  readonly bounds: BoxBounds | null;
  readonly c1: number;
  readonly c2: number;
  readonly reuseEvaluation: boolean;
}

/** What an L-BFGS state holds between `step` calls (hidden behind the public state object). */
export interface LbfgsPrivate {
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

/** Why an iteration ended the step call, or null to go on. */
export type IterationOutcome = StopReason | null;

/** Drops every curvature pair and restarts from steepest descent. */
export function clearHistory(p: LbfgsPrivate): void {
  for (const pair of p.pairs) tf.dispose([pair.s, pair.y, pair.rho]);
  p.pairs = [];
  p.gamma.dispose();
  p.gamma = tf.scalar(1);
  p.fresh = true;
}

/** Frees every tensor of the state. */
export function disposeLbfgsPrivate(p: LbfgsPrivate): void {
  clearHistory(p);
  tf.dispose([p.x, p.gamma]);
  if (p.prevGrad !== null) p.prevGrad.dispose();
  if (p.lastStep !== null) p.lastStep.dispose();
  if (p.cached !== null) p.cached.gradient.dispose();
}

/** Adds the pair (lastStep, g − prevGrad) when its curvature is positive (torch: ys > 1e-10). */
export function updateHistory(p: LbfgsPrivate, g: tf.Tensor, historySize: number): void {
  if (p.prevGrad === null || p.lastStep === null) return;
  const s = p.lastStep;
  const prevGrad = p.prevGrad;
  const [y, sy, yy, both] = tf.tidy('lbfgsPair', () => {
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
}

/** Moves p.x to the (projected) point x + t·d; stores and returns the displacement s as the last step. */
export function moveTo(p: LbfgsPrivate, xFlat: tf.Tensor, d: tf.Tensor, t: number, bounds: BoxBounds | null): tf.Tensor {
  const shape = p.x.shape;
  const [xNew, s] = tf.tidy('lbfgsMove', () => {
    const moved = pointAt(xFlat, d, t, bounds);
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
export function pointAt(xFlat: tf.Tensor, d: tf.Tensor, t: number, bounds: BoxBounds | null): tf.Tensor {
  const raw = tf.add(xFlat, tf.mul(d, t));
  return bounds === null ? raw : tf.clipByValue(raw, bounds.lower, bounds.upper);
}

/** Evaluates the one or two scalar tensors built by `build` with one read-back (NaN for a missing value). */
export function readBack(build: () => tf.Tensor[]): [number, number] {
  const stacked = tf.tidy('lbfgs.stackHistory', () => tf.stack(build()));
  const values = stacked.dataSync();
  stacked.dispose();
  return [values[0] ?? NaN, values[1] ?? NaN];
}

/** max |v| read back. */
export function maxAbs(v: tf.Tensor): number {
  return readBack(() => [tf.max(tf.abs(v))])[0];
}
