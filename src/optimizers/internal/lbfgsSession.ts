// One L-BFGS `step` call's bookkeeping: it counts evaluations (per call and since init), owns the cached
// evaluation at x, and keeps the last gradient analysis (whose free-variable mask it frees when replaced).
import * as tf from '@tensorflow/tfjs-core';
import type { Objective } from '../types';
import { inspectGradient, type GradientInfo } from './box';
import { evaluateObjective, type Evaluation } from './evaluateObjective';
import type { LbfgsConfig, LbfgsPrivate } from './lbfgsState';

/** The evaluation counters and helpers of one `step` call. */
export interface LbfgsSession {
  readonly p: LbfgsPrivate;
  readonly config: LbfgsConfig;
  /** Evaluations made in this call. */
  readonly evaluations: number;
  /** Non-finite losses or gradients met in this call. */
  nonFinite: number;
  /** Calls the objective at x, counting the evaluation. */
  evaluateAt(x: tf.Tensor): Evaluation;
  /** Makes `e` the cached evaluation at p.x, freeing the previous gradient unless it is the same tensor. */
  setCached(e: Evaluation | null): void;
  /** Analyses `e`'s gradient at p.x (replacing and freeing the previous analysis' mask). */
  inspect(e: Evaluation): GradientInfo;
  /** Frees the last analysis' mask (at the end of the call). */
  release(): void;
}

/** Starts the bookkeeping of one `step` call on `p`. */
export function createLbfgsSession(p: LbfgsPrivate, objective: Objective, config: LbfgsConfig): LbfgsSession {
  let evaluations = 0;
  let info: GradientInfo | null = null;
  return {
    p,
    config,
    get evaluations() {
      return evaluations;
    },
    nonFinite: 0,
    evaluateAt(x) {
      const e = evaluateObjective('lbfgs.step', objective, x);
      evaluations += 1;
      p.evaluations += 1;
      return e;
    },
    setCached(e) {
      if (p.cached !== null && p.cached.gradient !== e?.gradient) p.cached.gradient.dispose();
      p.cached = e;
    },
    inspect(e) {
      if (info?.mask) info.mask.dispose();
      const flat = tf.reshape(p.x, [-1]);
      info = inspectGradient(flat, e.gradient, config.bounds);
      flat.dispose();
      return info;
    },
    release() {
      if (info?.mask) info.mask.dispose();
    },
  };
}

/** True when both the loss and the gradient of an evaluation are finite. */
export function isFiniteEvaluation(info: GradientInfo, e: Evaluation): boolean {
  return info.finite && Number.isFinite(e.loss);
}
