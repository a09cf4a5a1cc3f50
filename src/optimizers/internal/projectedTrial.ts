// The line-search trial of L-BFGS along the projected path x(t) = clip(x + t·d): the loss and gradient at
// x(t), the directional derivative along the part of d that stays inside the box, and the decrease measure
// g·(x(t) − x) that the Armijo test uses with bounds (t·g·d without them).
import * as tf from '@tensorflow/tfjs-core';
import type { Evaluation } from './evaluateObjective';
import type { LbfgsSession } from './lbfgsSession';
import { pointAt, readBack } from './lbfgsState';
import type { LineTrial } from './strongWolfe';

/**
 * Builds the trial function the strong-Wolfe search calls with a step length t.
 *
 * @param session - The step call's bookkeeping (evaluations are counted there).
 * @param xFlat - The current point, flat.
 * @param dir - The search direction, flat.
 * @param g - The gradient at the current point, flat.
 * @param gtd - g·d, read back.
 * @returns `(t) => LineTrial`; each call evaluates the objective once and owns nothing but the trial gradient it returns.
 */
export function projectedTrial(session: LbfgsSession, xFlat: tf.Tensor, dir: tf.Tensor, g: tf.Tensor, gtd: number): (t: number) => LineTrial {
  const { p } = session;
  const { bounds } = session.config;
  return (tt: number): LineTrial => {
    const xt = tf.tidy('lbfgs.trialPoint', () => tf.reshape(pointAt(xFlat, dir, tt, bounds), p.x.shape));
    let e: Evaluation;
    try {
      e = session.evaluateAt(xt);
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
}
