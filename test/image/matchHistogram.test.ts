import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { matchHistogram } from '../../src/image/matchHistogram';

describe('matchHistogram', () => {
  it('maps source values to the reference values at their cumulative quantiles', () => {
    // One channel. Source [0, 0, 10, 10]: distinct values 0, 10 at cumulative fractions 0.5, 1.
    // Reference [100, 200, 300, 400]: fractions 0.25, 0.5, 0.75, 1 → 0 ↦ 200, 10 ↦ 400.
    // Second channel: source [5, 6, 7, 8] (fractions .25 .. 1), reference [1, 1, 3, 3] (distinct 1, 3 at 0.5, 1):
    // 5 ↦ 1 (0.25 is below the first fraction), 6 ↦ 1, 7 ↦ interp(0.75) = 2, 8 ↦ 3.
    const source = tf.tensor3d([0, 5, 0, 6, 10, 7, 10, 8], [2, 2, 2]);
    const reference = tf.tensor3d([100, 1, 200, 1, 300, 3, 400, 3], [1, 4, 2]);
    const before = tf.memory().numTensors;
    const out = matchHistogram(source, reference);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.shape).toEqual([2, 2, 2]);
    expect(Array.from(out.dataSync())).toEqual([200, 1, 200, 1, 400, 2, 400, 3]);
    tf.dispose([source, reference, out]);
  });

  it('keeps the source order and takes the reference value set when sizes match', () => {
    const source = tf.tensor3d([3, 1, 2], [1, 3, 1]);
    const reference = tf.tensor3d([30, 10, 20], [3, 1, 1]);
    const out = matchHistogram(source, reference);
    expect(Array.from(out.dataSync())).toEqual([30, 10, 20]);
    tf.dispose([source, reference, out]);
  });

  it('rejects a channel mismatch', () => {
    const a = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    const b = tf.zeros([2, 2, 1]) as tf.Tensor3D;
    expect(() => matchHistogram(a, b)).toThrow(/matchHistogram: reference must have 3 channels/);
    tf.dispose([a, b]);
  });
});
