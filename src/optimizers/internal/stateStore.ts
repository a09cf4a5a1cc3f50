// Optimizer states are plain readonly objects handed to the caller; the tensors an optimizer needs between
// steps (moments, curvature history, ...) live in a WeakMap keyed by that object. A state is consumed by
// `step` (a new one is returned) or `dispose`, so reusing a stale state is detected and reported.
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';
import type { Objective, StepResult, VariablesObjective } from '../types';

/** A registry of live states and their private data. */
export interface StateStore<S extends object, P> {
  /** Records `privateData` for the new public `state` and returns `state`. */
  register(state: S, privateData: P): S;
  /** Returns the private data of `state` and forgets it (the state is consumed); throws if it is unknown. */
  take(fn: string, state: unknown): P;
}

/** Creates an empty store. */
export function createStateStore<S extends object, P>(): StateStore<S, P> {
  const live = new WeakMap<object, P>();
  return {
    register(state, privateData) {
      live.set(state, privateData);
      return state;
    },
    take(fn, state) {
      const data = typeof state === 'object' && state !== null ? live.get(state) : undefined;
      if (data === undefined) {
        throw new StylegradError(
          fn,
          'state',
          'is not a live state of this optimizer: use the state returned by init() or by the previous step(); a state is consumed by step() and dispose().',
        );
      }
      live.delete(state as object);
      return data;
    },
  };
}

/**
 * One `step(state, objective)` of an explicit-state optimizer: checks the objective, consumes `state`, runs the
 * step on its private data and publishes the new state; if the step throws, `state` stays live (and disposable).
 */
export function stepConsumingState<S extends object, P, O extends Objective | VariablesObjective = Objective>(
  fn: string,
  store: StateStore<S, P>,
  state: S,
  objective: O,
  run: (privateData: P, objective: O) => Omit<StepResult<S>, 'state'>,
  publish: (privateData: P) => S,
): StepResult<S> {
  if (typeof objective !== 'function') {
    throw new StylegradError(fn, 'objective', `must be a function (x) => { loss, gradient } (or () => { loss, gradients } for variables); got ${describe(objective)}.`);
  }
  const privateData = store.take(fn, state);
  try {
    const result = run(privateData, objective);
    return { ...result, state: publish(privateData) };
  } catch (error) {
    store.register(state, privateData);
    throw error;
  }
}
