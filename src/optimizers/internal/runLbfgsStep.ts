// One L-BFGS `step` call: the evaluation at the start (reused or fresh, recovered if not finite), the
// iterations, and the report.
import type { Objective, StepResult, StopReason } from '../types';
import type { GradientInfo } from './box';
import { lbfgsIteration } from './lbfgsIteration';
import { createLbfgsSession, isFiniteEvaluation } from './lbfgsSession';
import type { LbfgsConfig, LbfgsPrivate } from './lbfgsState';
import { recoverNonFinite } from './recoverNonFinite';

/**
 * Runs up to `config.maxIterations` iterations on `p` (one torch `optimizer.step()`).
 *
 * @returns What the call reports, without the new public state.
 */
export function runLbfgsStep<S>(p: LbfgsPrivate, objective: Objective, config: LbfgsConfig): Omit<StepResult<S>, 'state'> {
  const session = createLbfgsSession(p, objective, config);
  if (p.cached !== null && !config.reuseEvaluation) session.setCached(null);
  const first = p.cached ?? session.evaluateAt(p.x);
  session.setCached(first);
  let current: GradientInfo | null = session.inspect(first);
  if (!isFiniteEvaluation(current, first)) current = recoverNonFinite(session);
  const loss = p.cached?.loss ?? NaN;
  const finish = (reason: StopReason, iterations: number): Omit<StepResult<S>, 'state'> => {
    session.release();
    const converged = reason === 'toleranceGrad' || reason === 'toleranceChange';
    return { loss, evaluations: session.evaluations, iterations, reason, converged, nonFinite: session.nonFinite };
  };
  if (current === null) return finish('nonFinite', 0);
  if (current.pgMax <= config.toleranceGrad) return finish('toleranceGrad', 0);
  for (let n = 1; n <= config.maxIterations; n++) {
    const result = lbfgsIteration(session, current, n);
    current = result.current;
    if (result.reason !== null) return finish(result.reason, n);
  }
  return finish('maxIterations', config.maxIterations);
}
