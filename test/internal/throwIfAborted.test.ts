// The shared abort check: silent until the signal is aborted, then throws the signal's own reason.
import { describe, expect, test } from 'vitest';
import { throwIfAborted } from '../../src/internal/throwIfAborted';

describe('throwIfAborted', () => {
  test('does nothing without a signal or before abort', () => {
    expect(() => throwIfAborted(undefined, 'stylize')).not.toThrow();
    expect(() => throwIfAborted(null, 'stylize')).not.toThrow();
    expect(() => throwIfAborted(new AbortController().signal, 'stylize')).not.toThrow();
  });

  test("throws the signal's reason: the caller's own, or the AbortError abort() creates", () => {
    const reason = new Error('user cancelled');
    const custom = new AbortController();
    custom.abort(reason);
    expect(() => throwIfAborted(custom.signal, 'trainTransformNet')).toThrow(reason);
    const plain = new AbortController();
    plain.abort();
    expect(() => throwIfAborted(plain.signal, 'applyTransform')).toThrow(expect.objectContaining({ name: 'AbortError' }) as Error);
  });

  test('names the function when an aborted signal carries no reason', () => {
    const signal = { aborted: true, reason: undefined } as unknown as AbortSignal;
    expect(() => throwIfAborted(signal, 'stylize')).toThrow('stylize: aborted');
  });
});
