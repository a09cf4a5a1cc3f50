// trainTransformNet on both unit backends (wasm has no Conv2DBackpropFilter: the forward-conv filter
// gradient must carry the training) with a tiny stand-in extractor, plus option validation.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { createTransformNet, trainTransformNet, type FeatureExtractor, type TrainingLossRecord } from '../../src/index';

// A stand-in loss network: the four layer names of the stanford-vgg16 preset on fixed random 3×3 convs + ReLU.
function tinyExtractor(): FeatureExtractor {
  const kernels = [0, 1, 2, 3].map((i) => tf.randomNormal<tf.Rank.R4>([3, 3, i === 0 ? 3 : 4, 4], 0, 0.2, 'float32', 40 + i));
  const layers = ['relu1_2', 'relu2_2', 'relu3_3', 'relu4_3'];
  return {
    id: 'tiny',
    layers,
    extract(image, wanted) {
      return tf.tidy(() => {
        let x = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
        x = tf.div(x, 255);
        const out: Record<string, tf.Tensor4D> = {};
        layers.forEach((name, i) => {
          x = tf.relu(tf.conv2d(x, kernels[i] as tf.Tensor4D, 1, 'same'));
          if (wanted.includes(name)) out[name] = x;
        });
        return out;
      });
    },
    dispose() {
      tf.dispose(kernels);
    },
  };
}

describe('trainTransformNet', () => {
  test(`trains on this backend: weights change, losses are finite, nothing leaks`, async () => {
    const extractor = tinyExtractor();
    const net = createTransformNet({ seed: 1 });
    const style = tf.randomUniform<tf.Rank.R3>([16, 16, 3], 0, 255, 'float32', 2);
    const images = [tf.randomUniform<tf.Rank.R3>([20, 24, 3], 0, 255, 'float32', 3), tf.randomUniform<tf.Rank.R3>([24, 20, 3], 0, 255, 'float32', 4)];
    const kernelBefore = (net.weights['res3a/kernel'] as tf.Variable).dataSync().slice();
    const before = tf.memory().numTensors;
    const history: TrainingLossRecord[] = [];
    for await (const event of trainTransformNet({ net, extractor, style, images, steps: 1, batchSize: 1, cropSize: 16, styleWeight: 1e3 })) {
      if (event.type === 'step') history.push(event.loss);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(history.map((r) => r.step)).toEqual([1]);
    for (const r of history) expect(Number.isFinite(r.total) && r.total > 0).toBe(true);
    const kernelAfter = (net.weights['res3a/kernel'] as tf.Variable).dataSync();
    // Adam's first step moves every weight with a non-zero gradient by ≈ lr = 1e-3.
    const moved = Array.from(kernelAfter).reduce((m, v, i) => Math.max(m, Math.abs(v - (kernelBefore[i] as number))), 0);
    expect(moved).toBeGreaterThan(5e-4);
    expect(moved).toBeLessThan(3e-3);
    tf.dispose([style, ...images]);
    net.dispose();
    extractor.dispose();
  });

  test('rejects bad options with clear errors', async () => {
    const extractor = tinyExtractor();
    const style = tf.zeros<tf.Rank.R3>([8, 8, 3]);
    const images = [tf.zeros<tf.Rank.R3>([8, 8, 3])];
    const net = createTransformNet({ seed: 1 });
    const first = (options: Parameters<typeof trainTransformNet>[0]) => trainTransformNet(options).next();
    await expect(first({ net, extractor, style, images, steps: 0 })).rejects.toThrow('trainTransformNet: options.steps must be a positive integer; got 0.');
    await expect(first({ net, extractor, style, images: [], steps: 1 })).rejects.toThrow(/options.images must be a non-empty array/);
    await expect(first({ net, extractor, style, images, steps: 1, styleLayers: { conv9_9: 1 } })).rejects.toThrow('trainTransformNet: options.styleLayers must name at least one layer of tiny; unknown: conv9_9.');
    await expect(first({ net, extractor, style: tf.zeros<tf.Rank.R4>([2, 8, 8, 3]), images, steps: 1 })).rejects.toThrow(/options.style must be an RGB image/);
    const pretrained = { ...net, architecture: 'lengstrom' as const };
    await expect(first({ net: pretrained, extractor, style, images, steps: 1 })).rejects.toThrow(/must have the 'pytorch-examples' architecture/);
    tf.dispose([style, ...images]);
    net.dispose();
    extractor.dispose();
  });
});
