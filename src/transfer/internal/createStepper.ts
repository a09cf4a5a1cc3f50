// Makes the optimizer stylize steps once per iteration: named specs get the 0..255 pixel bounds.
import type * as tf from '@tensorflow/tfjs-core';
import { createAdam } from '../../optimizers/createAdam';
import { createLbfgs } from '../../optimizers/createLbfgs';
import type { Optimizer } from '../../optimizers/types';
import type { OptimizerSpec } from '../types';

/** The valid pixel range every named optimizer is constrained to. */
export const PIXEL_BOUNDS = { lower: 0, upper: 255 } as const;

/** L-BFGS line-search budget per iteration (torch's strong-Wolfe search allows 25 trials). */
const LINE_SEARCH_EVALUATIONS = 25;

/**
 * L-BFGS's first trial step moves the largest pixel by ten 8-bit levels. torch's 1/Σ|g| is too small for a
 * float32 loss to see the decrease on an image, which wastes the first iteration (8 evaluations at 512²,
 * benchmarks/README.md).
 */
const FIRST_STEP_PIXEL_LEVELS = 10;

/**
 * A fresh optimizer for one scale (L-BFGS history does not carry across image sizes). `historySize`, when given,
 * replaces a named L-BFGS's history (tiled scales choose it from the memory budget).
 */
export function createStepper(spec: OptimizerSpec, historySize?: number): Optimizer<{ readonly x: tf.Tensor }> {
  if (spec === 'lbfgs') return createStepper({ name: 'lbfgs' }, historySize);
  if (spec === 'adam') return createStepper({ name: 'adam' });
  if ('step' in spec) return spec;
  if (spec.name === 'lbfgs') {
    if (historySize !== undefined) return createStepper({ ...spec, historySize });
    return createLbfgs({
      maxIterations: 1,
      maxEvaluations: LINE_SEARCH_EVALUATIONS,
      bounds: PIXEL_BOUNDS,
      firstStepMaxChange: FIRST_STEP_PIXEL_LEVELS,
      ...(spec.learningRate === undefined ? {} : { learningRate: spec.learningRate }),
      ...(spec.historySize === undefined ? {} : { historySize: spec.historySize }),
      ...(spec.lineSearch === undefined ? {} : { lineSearch: spec.lineSearch }),
    });
  }
  return createAdam({
    learningRate: spec.learningRate ?? 10,
    bounds: PIXEL_BOUNDS,
    ...(spec.beta1 === undefined ? {} : { beta1: spec.beta1 }),
    ...(spec.beta2 === undefined ? {} : { beta2: spec.beta2 }),
    ...(spec.epsilon === undefined ? {} : { epsilon: spec.epsilon }),
  });
}
