// pool2d gives tfjs's own pooling and pooling gradient, and its gradient frees what only it used (releaseBackward).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { pool2d } from '../../src/extractors/internal/pool2d';

/** Identity forward; its gradient records how many tensors are alive when the backward pass reaches it. */
function probe(seen: number[]): (x: tf.Tensor4D) => tf.Tensor4D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.clone(args[0] as tf.Tensor4D),
    gradFunc: (dy: tf.Tensor) => {
      seen.push(tf.memory().numTensors);
      return tf.clone(dy);
    },
  })) as (x: tf.Tensor4D) => tf.Tensor4D;
}

describe('pool2d', () => {
  for (const [kind, size, stride] of [['max', 2, 2], ['max', 3, 2], ['average', 2, 2], ['average', 3, 2]] as const) {
    it(`${kind} ${size}×${size} stride ${stride}: the same values and input gradient as tf.${kind === 'max' ? 'maxPool' : 'avgPool'}, no tensor left`, () => {
      const x = tf.randomNormal([2, 9, 7, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
      const weights = tf.randomNormal([2, Math.floor((9 - size) / stride) + 1, Math.floor((7 - size) / stride) + 1, 3], 0, 1, 'float32', 8);
      const stock = (v: tf.Tensor4D): tf.Tensor4D => (kind === 'max' ? tf.maxPool(v, size, stride, 'valid') : tf.avgPool(v, size, stride, 'valid'));
      const before = tf.memory().numTensors;
      const ours = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(pool2d(v as tf.Tensor4D, kind, size, stride), weights)))(x);
      expect(tf.memory().numTensors).toBe(before + 1);
      const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stock(v as tf.Tensor4D), weights)))(x);
      const value = tf.tidy(() => tf.max(tf.abs(tf.sub(pool2d(x, kind, size, stride), stock(x)))).dataSync()[0]);
      expect(value).toBe(0);
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0])).toBe(0);
      tf.dispose([x, weights, ours, reference]);
    });
  }

  it('frees its saved tensors and the consumed gradient during the backward pass: a chain of 4 holds fewer tensors than tf.maxPool', () => {
    const x = tf.randomNormal([1, 32, 32, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const alive = (pool: (v: tf.Tensor4D) => tf.Tensor4D): number => {
      const seen: number[] = [];
      const g = tf.grad((v: tf.Tensor) => {
        let y = probe(seen)(v as tf.Tensor4D);
        for (let i = 0; i < 4; i++) y = pool(y);
        return tf.sum(y);
      })(x);
      g.dispose();
      return seen[0] ?? NaN;
    };
    const stock = alive((v) => tf.maxPool(v, 2, 2, 'valid'));
    const ours = alive((v) => pool2d(v, 'max', 2, 2));
    // Per pool, tfjs keeps its saved input and output and the gradient it consumed: 3 × 4 tensors more at most.
    expect(stock - ours).toBeGreaterThanOrEqual(8);
    x.dispose();
  });

  it('keeps a dy passed by the caller (tf.grad(f)(x, dy)): only tensors the backward pass made are freed', () => {
    const x = tf.randomNormal([1, 4, 4, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const dy = tf.ones([1, 2, 2, 1]);
    const g = tf.grad((v: tf.Tensor) => pool2d(v as tf.Tensor4D, 'max', 2, 2))(x, dy);
    expect(dy.isDisposed).toBe(false);
    expect(tf.tidy(() => tf.sum(g).dataSync()[0])).toBe(4);
    tf.dispose([x, dy, g]);
  });
});
