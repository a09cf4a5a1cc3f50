import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-layers';
import { reluGrad, stockInputGradFaster } from '../../src/internal/conv2dFastInputGrad';
import { onTensorflow, tensorflowReluGrad } from '../../src/internal/tensorflowOps';

// The TensorFlow-only paths (ReluGrad, the stock input gradient for few-channel convs) are checked on tfjs-node
// in test/e2e/extractors-vgg19.test.ts and extractors-squeezenet.test.ts; here (cpu, wasm) they must stay off
// and the portable path must give tfjs's own ReLU gradient exactly.
describe('tensorflowOps off TensorFlow', () => {
  it('does not apply on this backend', () => {
    expect(onTensorflow()).toBe(false);
    const y = tf.relu(tf.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 1)) as tf.Tensor4D;
    expect(tensorflowReluGrad(y, y)).toBeUndefined();
    expect(stockInputGradFaster(tf.zeros([3, 3, 3, 64]) as tf.Tensor4D)).toBe(false);
    tf.dispose(y);
  });

  it('reluGrad equals the gradient tfjs computes through tf.relu', () => {
    // Some inputs exactly 0 (ReLU's gradient there is 0 in tfjs).
    const x = tf.tidy(() => {
      const r = tf.randomNormal([2, 5, 4, 3], 0, 1, 'float32', 2);
      return tf.where(tf.less(tf.abs(r), 0.3), tf.zerosLike(r), r);
    }) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 5, 4, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const y = tf.relu(x);
    const stock = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), dy)))(x);
    const ours = reluGrad(dy, y);
    expect(ours.arraySync()).toEqual(stock.arraySync());
    tf.dispose([x, dy, y, stock, ours]);
  });
});
