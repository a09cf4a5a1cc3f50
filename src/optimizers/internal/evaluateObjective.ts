// Calls the user's objective at x and checks what it returns: a number and a gradient with x's size.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';
import type { Objective } from '../types';

/** One evaluation: the loss and the gradient flattened to 1-D (owned by the caller). */
export interface Evaluation {
  readonly loss: number;
  readonly gradient: tf.Tensor;
}

/** Evaluates `objective(x)`; throws a StylegradError (after freeing the gradient) if its result is malformed. */
export function evaluateObjective(fn: string, objective: Objective, x: tf.Tensor): Evaluation {
  const result: unknown = objective(x);
  if (typeof result !== 'object' || result === null) {
    throw new StylegradError(fn, 'objective', `must return { loss: number; gradient: tf.Tensor }; got ${describe(result)}.`);
  }
  const { loss, gradient } = result as { loss?: unknown; gradient?: unknown };
  const fail = (argument: string, problem: string): never => {
    if (gradient instanceof tf.Tensor && gradient !== x && !gradient.isDisposed) gradient.dispose();
    throw new StylegradError(fn, argument, problem);
  };
  if (typeof loss !== 'number') {
    const hint = loss instanceof tf.Tensor ? ' (read a scalar tensor with .dataSync()[0] and dispose it)' : '';
    return fail('objective().loss', `must be a single number, the scalar loss${hint}; got ${describe(loss)}.`);
  }
  if (!(gradient instanceof tf.Tensor) || gradient.isDisposed) {
    return fail('objective().gradient', `must be a live tf.Tensor with the shape of x; got ${describe(gradient)}.`);
  }
  if (gradient === x) return fail('objective().gradient', 'must be a new tensor, not x itself.');
  const grad = gradient as tf.Tensor;
  if (grad.size !== x.size) {
    return fail('objective().gradient', `must have the shape of x [${x.shape.join(', ')}]; got [${grad.shape.join(', ')}].`);
  }
  if (grad.rank === 1) return { loss, gradient: grad };
  const flat = tf.reshape(grad, [-1]);
  grad.dispose();
  return { loss, gradient: flat };
}
