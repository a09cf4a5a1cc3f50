import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import { StylegradError } from '../../src/errors';
import { constantVggWeights, pick, randomVggWeights, vggLayerNames } from './vggWeights';

/** Weights for block 1 only where conv1_1 copies the B input channel to output 0 and conv1_2 copies 0 → 0. */
function identityBlock1(): Record<string, tf.Tensor> {
  const k1 = tf.buffer([3, 3, 3, 64]);
  k1.set(1, 1, 1, 0, 0); // centre tap, input channel 0 (B after caffe's RGB→BGR), output 0
  const k2 = tf.buffer([3, 3, 64, 64]);
  k2.set(1, 1, 1, 0, 0);
  return { 'block1_conv1/kernel': k1.toTensor(), 'block1_conv1/bias': tf.zeros([64]), 'block1_conv2/kernel': k2.toTensor(), 'block1_conv2/bias': tf.zeros([64]) };
}

describe('createVggExtractor', () => {
  const small = randomVggWeights('vgg19', 2);
  afterAll(() => tf.dispose(Object.values(small)));

  it('applies caffe preprocessing: BGR order, minus the ImageNet means, no scaling', () => {
    const w = identityBlock1();
    const vgg = createVggExtractor(w);
    tf.dispose(Object.values(w));
    // RGB (10, 20, 200): B = 200 → 200 − 103.939 = 96.061; with R = 200 instead, B = 10 → relu(10 − 103.939) = 0.
    const image = tf.tensor3d([[[10, 20, 200]], [[200, 20, 10]]]);
    const f = vgg.extract(image, ['conv1_1', 'prerelu1_1']);
    const conv1_1 = pick(f, 'conv1_1');
    const prerelu1_1 = pick(f, 'prerelu1_1');
    const out = conv1_1.dataSync();
    expect(out[0]).toBeCloseTo(96.061, 3);
    expect(out[64]).toBe(0);
    expect(prerelu1_1.dataSync()[64]).toBeCloseTo(10 - 103.939, 3);
    tf.dispose([image, conv1_1, prerelu1_1]);
    vgg.dispose();
  });

  it('pools 2×2 / 2 with max (default) or average', () => {
    const w = identityBlock1();
    const maxVgg = createVggExtractor(w);
    const avgVgg = createVggExtractor(w, { pooling: 'average' });
    tf.dispose(Object.values(w));
    // B values 104, 110, 120, 200 → relu(B − 103.939) = 0.061, 6.061, 16.061, 96.061: max 96.061, mean 29.561.
    const image = tf.tensor3d([[[0, 0, 104], [0, 0, 110]], [[0, 0, 120], [0, 0, 200]]]);
    const a = pick(maxVgg.extract(image, ['pool1']), 'pool1');
    const b = pick(avgVgg.extract(image, ['block1_pool']), 'block1_pool');
    expect(a.shape).toEqual([1, 1, 1, 64]);
    expect(a.dataSync()[0]).toBeCloseTo(96.061, 3);
    expect(b.dataSync()[0]).toBeCloseTo(29.561, 3);
    tf.dispose([image, a, b]);
    maxVgg.dispose();
    avgVgg.dispose();
  });

  it('gives the same tensor for block{b}_conv{n}, conv{b}_{n} and relu{b}_{n}, and relu(prerelu) for it', () => {
    const vgg = createVggExtractor(small);
    const image = tf.randomUniform([1, 8, 8, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const f = vgg.extract(image, ['block2_conv2', 'conv2_2', 'relu2_2', 'prerelu2_2']);
    const keras = pick(f, 'block2_conv2').arraySync();
    expect(pick(f, 'conv2_2').arraySync()).toEqual(keras);
    expect(pick(f, 'relu2_2').arraySync()).toEqual(keras);
    expect(tf.relu(pick(f, 'prerelu2_2')).arraySync()).toEqual(keras);
    expect(tf.min(pick(f, 'prerelu2_2')).dataSync()[0]).toBeLessThan(0);
    expect(pick(f, 'conv2_2')).not.toBe(pick(f, 'relu2_2')); // distinct tensors the caller can dispose separately
    tf.dispose([image, ...Object.values(f)]);
    vgg.dispose();
  });

  it('runs only as deep as the deepest requested layer (missing deeper weights are not needed)', () => {
    const vgg = createVggExtractor(small); // blocks 1-2 only
    const image = tf.randomUniform([2, 8, 8, 3], 0, 255, 'float32', 4) as tf.Tensor4D;
    const f = vgg.extract(image, ['pool2', 'conv1_1']);
    expect(pick(f, 'pool2').shape).toEqual([2, 2, 2, 128]);
    expect(pick(f, 'conv1_1').shape).toEqual([2, 8, 8, 64]);
    expect(() => vgg.extract(image, ['conv3_1'])).toThrow(/block3_conv1.*block3_conv1\/kernel' is not in the weight map/);
    tf.dispose([image, ...Object.values(f)]);
    vgg.dispose();
  });

  it('resolves every layer name of vgg19 and vgg16, with the right shapes', () => {
    for (const variant of ['vgg19', 'vgg16'] as const) {
      const w = constantVggWeights(variant);
      const vgg = createVggExtractor(w, { variant, fastInputGradient: false });
      tf.dispose(Object.values(w));
      expect([...vgg.layers].sort()).toEqual(vggLayerNames(variant).sort());
      expect(vgg.id).toBe(variant);
      const image = tf.randomUniform([32, 32, 3], 0, 255, 'float32', 5) as tf.Tensor3D;
      const f = vgg.extract(image, vgg.layers);
      expect(f.pool5?.shape).toEqual([1, 1, 1, 512]);
      expect(f.conv3_1?.shape).toEqual([1, 8, 8, 256]);
      expect(f[variant === 'vgg19' ? 'block5_conv4' : 'block5_conv3']?.shape).toEqual([1, 2, 2, 512]);
      expect(Object.keys(f).length).toBe(vgg.layers.length);
      tf.dispose([image, ...Object.values(f)]);
      vgg.dispose();
    }
  });

  it('rejects unknown layers (listing the valid ones), bad images, bad options and misshapen weights', () => {
    const vgg = createVggExtractor(small);
    const image = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    expect(() => vgg.extract(image, ['conv9_9'])).toThrow(/Unknown layer|unknown layer 'conv9_9' for vgg19; valid layers: block1_conv1, conv1_1, relu1_1, prerelu1_1,/);
    expect(() => vgg.extract(image, [])).toThrow(StylegradError);
    expect(() => vgg.extract(tf.zeros([4, 4]) as unknown as tf.Tensor3D, ['conv1_1'])).toThrow(/\[H, W, 3\] or \[B, H, W, 3\]/);
    expect(() => createVggExtractor(small, { pooling: 'min' as 'max' })).toThrow(/options.pooling must be one of 'max', 'average'/);
    const wrong = { ...small, 'block1_conv2/kernel': tf.zeros([3, 3, 64, 32]) };
    expect(() => createVggExtractor(wrong)).toThrow("createVggExtractor: weights has weight 'block1_conv2/kernel' of shape [3, 3, 64, 32], but vgg19 needs [3, 3, 64, 64].");
    expect(() => createVggExtractor({ foo: tf.zeros([1]) })).toThrow(/contain no vgg19 layer/);
    tf.dispose([image, wrong['block1_conv2/kernel'] as tf.Tensor]);
    vgg.dispose();
    expect(() => vgg.extract(image, ['conv1_1'])).toThrow(/disposed/);
  });

  it('fast input gradient equals the stock gradient through the network (max and average pooling)', () => {
    for (const pooling of ['max', 'average'] as const) {
      const fast = createVggExtractor(small, { pooling });
      const stock = createVggExtractor(small, { pooling, fastInputGradient: false });
      const image = tf.randomUniform([1, 12, 12, 3], 0, 255, 'float32', 9) as tf.Tensor4D;
      const probe = tf.randomNormal([1, 6, 6, 128], 0, 1, 'float32', 10);
      const loss = (vgg: typeof fast) => (x: tf.Tensor): tf.Scalar => {
        const f = vgg.extract(x as tf.Tensor4D, ['conv1_1', 'conv2_2']);
        return tf.add(tf.sum(tf.mul(pick(f, 'conv2_2'), probe)), tf.mean(tf.square(pick(f, 'conv1_1'))));
      };
      const gFast = tf.grad(loss(fast))(image);
      const gStock = tf.grad(loss(stock))(image);
      const scale = tf.max(tf.abs(gStock)).dataSync()[0] as number;
      expect(scale).toBeGreaterThan(0);
      expect(tf.max(tf.abs(tf.sub(gFast, gStock))).dataSync()[0]).toBeLessThanOrEqual(1e-5 * scale);
      tf.dispose([image, probe, gFast, gStock]);
      fast.dispose();
      stock.dispose();
    }
  });

  it('leaks no tensors: build, extract, gradient, dispose', () => {
    const before = tf.memory().numTensors;
    const vgg = createVggExtractor(small);
    const image = tf.randomUniform([1, 8, 8, 3], 0, 255) as tf.Tensor4D;
    const f = vgg.extract(image, ['conv1_1', 'relu1_1', 'pool2', 'prerelu2_1']);
    tf.dispose(Object.values(f));
    const g = tf.grad((x: tf.Tensor) => tf.sum(pick(vgg.extract(x as tf.Tensor4D, ['conv2_2']), 'conv2_2')))(image);
    g.dispose();
    image.dispose();
    vgg.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
