// Option checks shared by createAdam and createLbfgs. Each throws a StylegradError naming the function, the
// option and what is allowed.
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';
import type { BoxBounds } from '../types';

/** Throws unless `options` is undefined or a plain object whose keys are all in `allowed`. */
export function assertKnownOptions(fn: string, options: unknown, allowed: readonly string[], path = 'options'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new StylegradError(fn, path, `must be an object; got ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new StylegradError(fn, `${path}.${key}`, `is not an option; valid options: ${allowed.join(', ')}.`);
    }
  }
}

/** Throws unless `value` is an integer >= 1. */
export function assertPositiveInteger(fn: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StylegradError(fn, argument, `must be an integer >= 1; got ${describe(value)}.`);
  }
}

/** Throws unless `value` is a finite number (any sign). */
export function assertFiniteNumber(fn: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StylegradError(fn, argument, `must be a finite number; got ${describe(value)}.`);
  }
}

/** Throws unless `value` is a number in [0, 1). */
export function assertUnitInterval(fn: string, argument: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new StylegradError(fn, argument, `must be a number in [0, 1); got ${describe(value)}.`);
  }
}

/** Validates optional box bounds: both finite numbers, lower < upper. Returns a frozen copy or null. */
export function checkBounds(fn: string, bounds: unknown): BoxBounds | null {
  if (bounds === undefined) return null;
  if (typeof bounds !== 'object' || bounds === null) {
    throw new StylegradError(fn, 'options.bounds', `must be an object { lower: number; upper: number }; got ${describe(bounds)}.`);
  }
  const { lower, upper } = bounds as { lower?: unknown; upper?: unknown };
  if (typeof lower !== 'number' || !Number.isFinite(lower)) {
    throw new StylegradError(fn, 'options.bounds.lower', `must be a finite number; got ${describe(lower)}.`);
  }
  if (typeof upper !== 'number' || !Number.isFinite(upper)) {
    throw new StylegradError(fn, 'options.bounds.upper', `must be a finite number; got ${describe(upper)}.`);
  }
  if (!(lower < upper)) {
    throw new StylegradError(fn, 'options.bounds', `must have lower < upper; got lower ${lower}, upper ${upper}.`);
  }
  return Object.freeze({ lower, upper });
}
