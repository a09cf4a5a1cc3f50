// stylize on the real VGG-19 (8-bit quantised Keras weights) and SqueezeNet 1.1 at small sizes, on the e2e backend
// (tfjs-node if installed, else wasm). Checks behaviour that can fail: the loss falls by a stated factor, each
// term moves the right way, the result differs from its start, every preset runs, abort frees every tensor.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from '../../src/extractors/types';
import { createLbfgs, stylize, stylizePresets } from '../../src/index';
import { loadSqueezeNetFromPath } from '../../src/node/loadSqueezeNetFromPath';
import { SQUEEZENET_WEIGHTS } from '../helpers/sharedData';
import { runStylize as run } from '../helpers/stylizeEvents';
import { vggFixture, type StylizeFixture } from '../helpers/stylizeFixtures';

let fixture: StylizeFixture;
let vgg: FeatureExtractor;
let content: tf.Tensor3D;
let style: tf.Tensor3D;

beforeAll(async () => {
  fixture = await vggFixture(64);
  ({ extractor: vgg, content, style } = fixture);
});
afterAll(() => {
  fixture.dispose();
});

const meanAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0] ?? NaN);

describe('stylize on VGG-19 (64 px)', () => {
  it('transfers style from the content image: style falls ≥ 5×, content rises from 0, the image changes', async () => {
    const before = tf.memory().numTensors;
    const { iterations, done } = await run({ content, style, extractor: vgg, iterations: 15, multiScale: false, earlyStopping: false });
    const first = iterations[0]?.loss;
    expect(first?.content).toBe(0); // starts at the content image
    expect((first?.style ?? 0) / (done.loss.style ?? Infinity)).toBeGreaterThan(5);
    expect(done.loss.content).toBeGreaterThan(0);
    expect((first?.total ?? 0) / done.loss.total).toBeGreaterThan(3);
    // The delivered 8-bit image: bounded optimisation means rounding barely changes the loss (< 1 %).
    expect(Math.abs(done.deliveredLoss.total - done.loss.total) / done.loss.total).toBeLessThan(0.01);
    expect(meanAbsDiff(done.image, content)).toBeGreaterThan(10);
    done.image.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reconstructs content from noise: the content loss falls ≥ 10× and the image approaches the content', async () => {
    const { iterations, done } = await run({ content, extractor: vgg, mode: 'content', contentLayers: ['conv2_2'], init: 'noise', seed: 1, iterations: 25, tvWeight: 0, multiScale: false, earlyStopping: false });
    expect((iterations[0]?.loss.content ?? 0) / (done.loss.content ?? Infinity)).toBeGreaterThan(10);
    const noise = tf.randomUniform(content.shape, 0, 255, 'float32', 1);
    // Uniform noise is ~75 levels from the content on average; 25 iterations bring the image well closer.
    expect(meanAbsDiff(done.image, content)).toBeLessThan(meanAbsDiff(noise, content) * 0.7);
    tf.dispose([noise, done.image]);
  });

  it('synthesises texture from noise: the style loss falls ≥ 10×', async () => {
    const { iterations, done } = await run({ style, extractor: vgg, mode: 'texture', init: 'noise', seed: 2, iterations: 20, size: 64, multiScale: false, earlyStopping: false });
    expect((iterations[0]?.loss.style ?? 0) / (done.loss.style ?? Infinity)).toBeGreaterThan(10);
    expect(done.loss.content).toBeUndefined();
    done.image.dispose();
  });

  it('keeps the content colours with luminance-only transfer', async () => {
    const { done } = await run({ content, style, extractor: vgg, colour: 'luminance', iterations: 8, multiScale: false, earlyStopping: false });
    const chroma = (image: tf.Tensor3D): tf.Tensor => tf.tidy(() => tf.slice(tf.matMul(tf.reshape(image, [-1, 3]), tf.tensor2d([0.595716, 0.211456, -0.274453, -0.522591, -0.321263, 0.311135], [3, 2])), [0, 0], [-1, 2]));
    const [a, b] = [chroma(done.image), chroma(content)];
    expect(meanAbsDiff(a, b)).toBeLessThan(3);
    tf.dispose([a, b, done.image]);
  });

  it("L-BFGS's first iteration makes progress in few evaluations (torch's 1/Σ|g| first step wastes it)", async () => {
    // At 64² torch's first step is too small for the float32 loss (~7e7) to register: its first iteration's line
    // search ends after ~7 evaluations with almost no decrease. stylize's first step moves the largest pixel by 10.
    const torchStart = createLbfgs({ maxIterations: 1, maxEvaluations: 25, bounds: { lower: 0, upper: 255 } });
    const common = { content, style, extractor: vgg, iterations: 2, multiScale: false, earlyStopping: false } as const;
    const withTorchStart = await run({ ...common, optimizer: torchStart });
    const withDefault = await run(common);
    tf.dispose([withTorchStart.done.image, withDefault.done.image]);
    const firstEvaluations = (r: typeof withDefault): number => r.iterations[0]?.evaluations ?? Infinity;
    // iterations[1].loss is the loss the first iteration reached.
    const firstDecrease = (r: typeof withDefault): number => (r.iterations[1]?.loss.total ?? Infinity) / (r.iterations[0]?.loss.total ?? 0);
    expect(firstEvaluations(withDefault)).toBeLessThanOrEqual(3);
    expect(firstEvaluations(withDefault)).toBeLessThan(firstEvaluations(withTorchStart));
    expect(firstDecrease(withDefault)).toBeLessThan(0.8);
  });

  it('aborted mid-run leaves numTensors unchanged', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const consume = async (): Promise<void> => {
      for await (const event of stylize({ content, style, extractor: vgg, iterations: 100, signal: controller.signal })) {
        if (event.type === 'iteration' && event.iteration === 2) controller.abort(new Error('stop now'));
      }
    };
    await expect(consume()).rejects.toThrow('stop now');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('every preset resolves and runs a few steps', () => {
  let squeeze: FeatureExtractor;
  beforeAll(async () => {
    squeeze = await loadSqueezeNetFromPath(SQUEEZENET_WEIGHTS);
  });
  afterAll(() => {
    squeeze.dispose();
  });

  for (const [name, preset] of Object.entries(stylizePresets)) {
    // No VGG-16 weights exist here (data/README): the VGG-16 presets run on VGG-19, which has every layer they name.
    it(`${name} (${preset.extractor === 'squeezenet1.1' ? 'SqueezeNet 1.1' : 'VGG-19'})`, async () => {
      const before = tf.memory().numTensors;
      const extractor = preset.extractor === 'squeezenet1.1' ? squeeze : vgg;
      const { iterations, done } = await run({ content, style, extractor, preset: name, iterations: 3, size: 48, multiScale: false, earlyStopping: false });
      expect(iterations).toHaveLength(3);
      expect(Number.isFinite(done.loss.total)).toBe(true);
      // CS231n's Adam starts with steps of ~the whole pixel range (lr 3 on normalised pixels), so its loss first
      // rises; every other preset's loss falls within three steps.
      if (name !== 'cs231n-squeezenet') expect(done.loss.total).toBeLessThan(iterations[0]?.loss.total ?? 0);
      done.image.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
