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

  test("each step's weights follow the training Adam (ε 1e-8 on √v̂, written as Kingma & Ba §2's efficient form) from its checkpointed moments", async () => {
    // The update trainTransformNet has always made, step t with β1 0.9, β2 0.999, ε 1e-8:
    //   α_t = α·√(1−β2ᵗ)/(1−β1ᵗ),  w_t = w_{t−1} − α_t · m_t / (√v_t + ε·√(1−β2ᵗ)).
    // Recomputed here in float64 from the moments each checkpoint reports; also v_1 = 0.001·g² = 0.1·m_1².
    const extractor = tinyExtractor();
    const net = createTransformNet({ seed: 1 });
    const style = tf.randomUniform<tf.Rank.R3>([16, 16, 3], 0, 255, 'float32', 2);
    const images = [tf.randomUniform<tf.Rank.R3>([20, 24, 3], 0, 255, 'float32', 3)];
    const read = (map: Readonly<Record<string, tf.Tensor>>): Record<string, Float32Array> =>
      Object.fromEntries(Object.entries(map).map(([name, t]) => [name, t.dataSync().slice() as Float32Array]));
    const weights = [read(net.weights)];
    const moments: { m: Record<string, Float32Array>; v: Record<string, Float32Array> }[] = [];
    const learningRate = 1e-2;
    for await (const event of trainTransformNet({ net, extractor, style, images, steps: 2, batchSize: 1, cropSize: 16, styleWeight: 1e3, learningRate, checkpointEvery: 1 })) {
      if (event.type !== 'checkpoint') continue;
      weights.push(read(event.state.weights));
      moments.push({ m: read(event.state.adamFirstMoments), v: read(event.state.adamSecondMoments) });
    }
    let worst = 0;
    let worstV1 = 0;
    let moved = 0;
    for (const t of [1, 2]) {
      const { m, v } = moments[t - 1] as (typeof moments)[number];
      const stepSize = (learningRate * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      const epsilonHat = 1e-8 * Math.sqrt(1 - 0.999 ** t);
      for (const [name, before] of Object.entries(weights[t - 1] as Record<string, Float32Array>)) {
        const after = (weights[t] as Record<string, Float32Array>)[name] as Float32Array;
        const mt = m[name] as Float32Array;
        const vt = v[name] as Float32Array;
        for (let i = 0; i < before.length; i++) {
          const expected = (before[i] as number) - (stepSize * (mt[i] as number)) / (Math.sqrt(vt[i] as number) + epsilonHat);
          worst = Math.max(worst, Math.abs((after[i] as number) - expected));
          moved = Math.max(moved, Math.abs((after[i] as number) - (before[i] as number)));
          if (t === 1) worstV1 = Math.max(worstV1, Math.abs((vt[i] as number) - 0.1 * (mt[i] as number) ** 2) / Math.max(vt[i] as number, 1e-30));
        }
      }
    }
    expect(moved).toBeGreaterThan(5e-3);
    expect(worst).toBeLessThan(1e-6);
    expect(worstV1).toBeLessThan(1e-5);
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
