// Up-front argument checks shared by the public functions. Each throws a StylegradError that names the
// function, the argument and what is allowed.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';

/** Throws unless `value` is a finite number >= 0. */
export function assertNonNegativeFinite(fn: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new StylegradError(fn, argument, `must be a finite number >= 0; got ${describe(value)}.`);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function assertPositiveFinite(fn: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new StylegradError(fn, argument, `must be a finite number > 0; got ${describe(value)}.`);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  fn: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new StylegradError(fn, argument, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${describe(value)}.`);
  }
}

/** Throws unless `value` is a tf.Tensor of the given rank that has not been disposed. */
export function assertTensorRank(fn: string, argument: string, value: unknown, rank: number): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new StylegradError(fn, argument, `must be a tf.Tensor of rank ${rank}; got ${describe(value)}.`);
  }
  if (value.isDisposed) throw new StylegradError(fn, argument, 'is a tensor that has already been disposed.');
  if (value.rank !== rank) {
    throw new StylegradError(fn, argument, `must have rank ${rank}; got shape [${shapeOf(value).join(', ')}] (rank ${value.rank}).`);
  }
}

/** Throws unless every entry of `tensor` is finite (reads the tensor back; use on construction, not per step). */
export function assertFiniteValues(fn: string, argument: string, tensor: tf.Tensor): void {
  const allFinite = tf.tidy('validate.assertFiniteValues', () => tf.all(tf.isFinite(tensor)).dataSync()[0]);
  if (allFinite !== 1) throw new StylegradError(fn, argument, 'contains NaN or Infinity; all values must be finite.');
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `a tensor of shape [${shapeOf(value).join(', ')}]`;
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined) return String(value);
  return `a ${typeof value}`;
}

/** A tensor's shape as a plain number array (tfjs types it per rank). */
export function shapeOf(tensor: unknown): readonly number[] {
  return (tensor as { readonly shape: readonly number[] }).shape;
}
