// Adam over a list of tf.Variables updated in place (e.g. every weight of a network): validation of the
// variables and of a resumed state, the evaluation of the objective, and one update of every variable.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';
import type { AdamResume } from '../createAdam';
import type { StepResult, VariablesObjective } from '../types';
import { adamClock, adamUpdate, nextAdamClock, type AdamClock, type AdamConfig } from './adamUpdate';

/** What a variables state holds between steps. */
export interface AdamVariablesPrivate {
  readonly variables: readonly tf.Variable[];
  readonly m: readonly tf.Variable[];
  readonly v: readonly tf.Variable[];
  /** The clock of the next update. */
  clock: AdamClock;
}

/** Checks the variables (and the resumed state) and creates the moments. */
export function initAdamVariables(variables: readonly tf.Variable[], resume: AdamResume | undefined, config: AdamConfig): AdamVariablesPrivate {
  const fn = 'adam.initVariables';
  const given: unknown = variables;
  if (!Array.isArray(given) || given.length === 0) {
    throw new StylegradError(fn, 'variables', `must be a non-empty array of float32 tf.Variables; got ${describe(variables)}.`);
  }
  variables.forEach((variable, i) => {
    if (!(variable instanceof tf.Variable) || variable.isDisposed || variable.dtype !== 'float32') {
      throw new StylegradError(fn, `variables[${i}]`, `must be a live float32 tf.Variable; got ${describe(variable)}.`);
    }
  });
  const iterations = resume?.iterations ?? 0;
  if (resume !== undefined) {
    if (!Number.isInteger(iterations) || iterations < 0) {
      throw new StylegradError(fn, 'resume.iterations', `must be a non-negative integer; got ${describe(iterations)}.`);
    }
    for (const part of ['firstMoments', 'secondMoments'] as const) {
      const moments: unknown = resume[part];
      const list: readonly unknown[] = Array.isArray(moments) && moments.length === variables.length ? (moments as unknown[]) : [];
      const fitting = (w: tf.Variable, i: number): boolean => {
        const m = list[i];
        return m instanceof tf.Tensor && (m as tf.Tensor).shape.join(',') === w.shape.join(',');
      };
      const bad = list.length === 0 ? 0 : variables.findIndex((w, i) => !fitting(w, i));
      if (bad !== -1) {
        throw new StylegradError(fn, `resume.${part}`, `must hold one tensor per variable with its shape; entry ${bad} is ${describe(list.length === 0 ? moments : list[bad])}.`);
      }
    }
  }
  const moment = (i: number, given: readonly tf.Tensor[] | undefined): tf.Variable =>
    tf.tidy('adam.moment', () => tf.variable(given === undefined ? tf.zerosLike(variables[i] as tf.Variable) : tf.clone(given[i] as tf.Tensor), false));
  return {
    variables: [...variables],
    m: variables.map((_, i) => moment(i, resume?.firstMoments)),
    v: variables.map((_, i) => moment(i, resume?.secondMoments)),
    clock: adamClock(iterations + 1, config.beta1, config.beta2),
  };
}

/** One evaluation and, when the loss and every gradient are finite, one update of every variable in place. */
export function stepAdamVariables<S>(p: AdamVariablesPrivate, objective: VariablesObjective, config: AdamConfig): Omit<StepResult<S>, 'state'> {
  const { loss, gradients } = evaluateVariablesObjective(objective, p.variables);
  try {
    const finite = tf.tidy('adam.gradientsAreFinite', () => tf.all(tf.stack(gradients.map((g) => tf.all(tf.isFinite(g))))).dataSync()[0]) === 1;
    if (!Number.isFinite(loss) || !finite) {
      return { loss, evaluations: 1, iterations: 0, reason: 'nonFinite', converged: false, nonFinite: 1 };
    }
    tf.tidy('adamVariablesStep', () => {
      p.variables.forEach((variable, i) => {
        const m = p.m[i] as tf.Variable;
        const v = p.v[i] as tf.Variable;
        const [xNew, mNew, vNew] = adamUpdate(variable, gradients[i] as tf.Tensor, m, v, config, p.clock);
        m.assign(mNew);
        v.assign(vNew);
        variable.assign(xNew);
      });
    });
  } finally {
    tf.dispose([...gradients]);
  }
  p.clock = nextAdamClock(p.clock, config.beta1, config.beta2);
  return { loss, evaluations: 1, iterations: 1, reason: 'maxIterations', converged: false, nonFinite: 0 };
}

/** Calls the objective and checks its result: a number and one gradient per variable with its shape. */
function evaluateVariablesObjective(objective: VariablesObjective, variables: readonly tf.Variable[]): { loss: number; gradients: readonly tf.Tensor[] } {
  const fn = 'adam.stepVariables';
  const result: unknown = objective();
  const { loss, gradients } = (typeof result === 'object' && result !== null ? result : {}) as { loss?: unknown; gradients?: unknown };
  const tensors = Array.isArray(gradients) ? gradients.filter((g): g is tf.Tensor => g instanceof tf.Tensor) : [];
  const fail = (argument: string, problem: string): never => {
    tf.dispose(tensors.filter((g) => !g.isDisposed && !(variables as readonly tf.Tensor[]).includes(g)));
    throw new StylegradError(fn, argument, problem);
  };
  if (typeof loss !== 'number') return fail('objective().loss', `must be a single number, the scalar loss; got ${describe(loss)}.`);
  if (!Array.isArray(gradients) || gradients.length !== variables.length) {
    return fail('objective().gradients', `must be an array of ${variables.length} tensors, one per variable; got ${describe(gradients)}.`);
  }
  const bad = variables.findIndex((w, i) => !(gradients[i] instanceof tf.Tensor) || (gradients[i] as tf.Tensor).isDisposed || gradients[i] === w || (gradients[i] as tf.Tensor).shape.join(',') !== w.shape.join(','));
  if (bad !== -1) {
    return fail(`objective().gradients[${bad}]`, `must be a new live tensor with the shape of variables[${bad}] [${(variables[bad] as tf.Variable).shape.join(', ')}]; got ${describe(gradients[bad])}.`);
  }
  return { loss, gradients: tensors };
}
