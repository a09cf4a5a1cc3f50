// The non-finite recovery of L-BFGS: x holds a non-finite loss or gradient (reached by a fixed step, or the
// objective changed between calls), so the last step is halved back towards the previous point.
import * as tf from '@tensorflow/tfjs-core';
import type { GradientInfo } from './box';
import { isFiniteEvaluation, type LbfgsSession } from './lbfgsSession';
import { clearHistory } from './lbfgsState';

/** How many times the last step is halved before giving up. */
export const MAX_BACKTRACKS = 30;

/**
 * Halves the last step back towards the previous point (up to {@link MAX_BACKTRACKS} times, within the
 * evaluation budget) until the loss and gradient are finite, then resets the history. If nothing finite is
 * found, x returns to the previous point (or stays, if there is none), the cache and the history are cleared.
 * Counts every non-finite evaluation (including the one that called for the recovery) in `session.nonFinite`.
 *
 * @returns The gradient analysis at the recovered point, or null when no finite point was found.
 */
export function recoverNonFinite(session: LbfgsSession): GradientInfo | null {
  const { p, config } = session;
  session.nonFinite += 1;
  for (let k = 0; k < MAX_BACKTRACKS && p.lastStep !== null && session.evaluations < config.maxEvaluations; k++) {
    const last = p.lastStep;
    const half = tf.tidy('lbfgs.halveStep', () => tf.mul(last, 0.5));
    const x = p.x;
    p.x = tf.tidy('lbfgs.stepBackHalf', () => tf.sub(x, tf.reshape(half, x.shape)));
    x.dispose();
    last.dispose();
    p.lastStep = half;
    const e = session.evaluateAt(p.x);
    session.setCached(e);
    const info = session.inspect(e);
    if (isFiniteEvaluation(info, e)) {
      clearHistory(p);
      return info;
    }
    session.nonFinite += 1;
  }
  // Nothing finite found: go back to the previous point (where the loss was finite) and give up.
  const remaining = p.lastStep;
  if (remaining !== null) {
    const x = p.x;
    p.x = tf.tidy('lbfgs.stepBackRemaining', () => tf.sub(x, tf.reshape(remaining, x.shape)));
    tf.dispose([x, remaining]);
    p.lastStep = null;
  }
  session.setCached(null);
  clearHistory(p);
  return null;
}
