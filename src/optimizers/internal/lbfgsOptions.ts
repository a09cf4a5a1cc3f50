// Validates the options of createLbfgs and fills in torch's defaults.
import { StylegradError } from '../../errors';
import { assertOneOf, assertPositiveFinite, describe } from '../../internal/validate';
import type { LbfgsOptions } from '../createLbfgs';
import type { LbfgsConfig } from './lbfgsState';
import { assertFiniteNumber, assertKnownOptions, assertPositiveInteger, checkBounds } from './options';

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

/** The validated options of `createLbfgs` with their defaults; throws a StylegradError naming `createLbfgs`. */
export function resolveLbfgsOptions(options: LbfgsOptions): LbfgsConfig {
  const fn = 'createLbfgs';
  assertKnownOptions(fn, options, OPTION_NAMES);
  const learningRate = options.learningRate ?? 1;
  assertPositiveFinite(fn, 'options.learningRate', learningRate);
  const firstStepMaxChange = options.firstStepMaxChange ?? null;
  if (firstStepMaxChange !== null) assertPositiveFinite(fn, 'options.firstStepMaxChange', firstStepMaxChange);
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
  const config = { learningRate, firstStepMaxChange, maxIterations, maxEvaluations, toleranceGrad, toleranceChange, historySize };
  return { ...config, lineSearch, bounds, c1, c2, reuseEvaluation };
}
