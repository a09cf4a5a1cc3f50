import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-layers';
import { conv2dSameFastGrad, flipKernelForInputGrad } from '../../src/internal/conv2dFastInputGrad';

// The fast input gradient must equal tfjs's own gradient of tf.fused.conv2d (Conv2DBackpropInput), for
// 1×1, 3×3 and 5×5 kernels, with and without the ReLU mask, batch > 1, non-square images and channels.
describe('conv2dSameFastGrad', () => {
  const cases = [
    { k: 1, relu: true },
    { k: 3, relu: true },
    { k: 3, relu: false },
    { k: 5, relu: true },
  ];
  for (const { k, relu } of cases) {
    it(`matches the stock gradient for a ${k}×${k} kernel (${relu ? 'relu' : 'linear'})`, () => {
      const x = tf.randomNormal([2, 7, 5, 4], 0, 1, 'float32', k) as tf.Tensor4D;
      const kernel = tf.randomNormal([k, k, 4, 6], 0, 1, 'float32', 10 + k) as tf.Tensor4D;
      const bias = tf.randomNormal([6], 0, 1, 'float32', 20 + k) as tf.Tensor1D;
      const flipped = flipKernelForInputGrad(kernel);
      // A weighting of the outputs so dy is not all ones.
      const probe = tf.randomNormal([2, 7, 5, 6], 0, 1, 'float32', 30 + k);
      const activation = relu ? 'relu' : 'linear';
      // (wasm has no Conv2DBackpropFilter, which tfjs's fused-conv gradient evaluates for 'linear'; the
      // unfused conv + bias has the same input gradient and evaluates only what is needed.)
      const reference = (v: tf.Tensor4D): tf.Tensor4D =>
        relu ? tf.fused.conv2d({ x: v, filter: kernel, strides: 1, pad: 'same', bias, activation }) : tf.add(tf.conv2d(v, kernel, 1, 'same'), bias);
      const stock = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(reference(v as tf.Tensor4D), probe)))(x);
      const fast = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(conv2dSameFastGrad(v as tf.Tensor4D, kernel, flipped, bias, relu), probe)))(x);
      const valueStock = tf.fused.conv2d({ x, filter: kernel, strides: 1, pad: 'same', bias, activation });
      const valueFast = conv2dSameFastGrad(x, kernel, flipped, bias, relu);
      expect(valueFast.arraySync()).toEqual(valueStock.arraySync());
      const scale = tf.max(tf.abs(stock)).dataSync()[0] as number;
      const maxDiff = tf.max(tf.abs(tf.sub(fast, stock))).dataSync()[0] as number;
      // The same products summed in a different order: float32 round-off only.
      expect(maxDiff).toBeLessThanOrEqual(1e-5 * scale);
      if (relu) expect(tf.sum(tf.equal(valueStock, 0)).dataSync()[0]).toBeGreaterThan(0); // the mask was exercised
      tf.dispose([x, kernel, bias, flipped, probe, stock, fast, valueStock, valueFast]);
    });
  }

  it('matches a central finite difference of the loss (3×3, relu)', () => {
    const x = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 41) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 2, 3], 0, 1, 'float32', 42) as tf.Tensor4D;
    const bias = tf.randomNormal([3], 0, 1, 'float32', 43) as tf.Tensor1D;
    const flipped = flipKernelForInputGrad(kernel);
    const loss = (v: tf.Tensor): tf.Scalar => tf.sum(tf.square(conv2dSameFastGrad(v as tf.Tensor4D, kernel, flipped, bias, true)));
    const g = tf.grad(loss)(x).dataSync();
    const base = x.dataSync();
    const h = 1e-2;
    for (const i of [0, 5, 13, 27]) {
      const plus = Float32Array.from(base);
      const minus = Float32Array.from(base);
      plus[i] = (plus[i] as number) + h;
      minus[i] = (minus[i] as number) - h;
      const lp = tf.tidy(() => loss(tf.tensor4d(plus, x.shape)).dataSync()[0] as number);
      const lm = tf.tidy(() => loss(tf.tensor4d(minus, x.shape)).dataSync()[0] as number);
      expect(g[i]).toBeCloseTo((lp - lm) / (2 * h), 1);
    }
    tf.dispose([x, kernel, bias, flipped]);
  });

  it('leaks no tensors', () => {
    const x = tf.randomNormal([1, 4, 4, 2]) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 2, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const flipped = flipKernelForInputGrad(kernel);
    const g = tf.grad((v: tf.Tensor) => tf.sum(conv2dSameFastGrad(v as tf.Tensor4D, kernel, flipped, undefined, true)))(x);
    tf.dispose([g, flipped]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, kernel]);
  });

  it('frees its saved output, masked gradient and consumed dy during the backward pass (a chain of 4: 6 live tensors left, not 26)', () => {
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 3, 3, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const flipped = flipKernelForInputGrad(kernel);
    const seen: number[] = [];
    // Identity forward; its gradient counts the live tensors once the backward pass has gone through the chain.
    const probe = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.clone(args[0] as tf.Tensor),
      gradFunc: (dy: tf.Tensor) => {
        seen.push(tf.memory().numTensors);
        return tf.clone(dy);
      },
    }));
    const before = tf.memory().numTensors;
    const g = tf.grad((v: tf.Tensor) => {
      let y = probe(v) as tf.Tensor4D;
      for (let i = 0; i < 4; i++) y = conv2dSameFastGrad(y, kernel, flipped, undefined, true);
      return tf.sum(y);
    })(x);
    // Alive then, beyond `before`: a few handles the tape and the probe hold (6 counted). Without the release each
    // conv also keeps its saved output, its masked gradient and the dy it used until the backward pass ends: 26 (the
    // previous code, measured).
    expect((seen[0] ?? NaN) - before).toBeLessThanOrEqual(6);
    tf.dispose([g, x, kernel, flipped]);
  });
});
