// The shape of a validation failure: a StylegradError that names the function and the argument.
import { expect } from 'vitest';
import { StylegradError } from '../../src/errors';

/** Asserts that `run` throws a StylegradError of `functionName` about `argument`. */
export function expectStylegradError(run: () => unknown, functionName: string, argument: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StylegradError);
  expect(caught).toMatchObject({ functionName, argument });
}
