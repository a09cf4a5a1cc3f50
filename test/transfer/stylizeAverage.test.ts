import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { stylize } from '../../src/index';
import type { Objective, Optimizer } from '../../src/optimizers/types';
import type { ImageEvent, StylizeOptions } from '../../src/transfer/types';
import { collect, doneOf } from '../helpers/stylizeEvents';
import { tinyFixture } from '../helpers/stylizeFixtures';

const fixture = tinyFixture();
const { extractor, content, style } = fixture;
afterAll(() => {
  fixture.dispose();
});

/**
 * An optimizer whose k-th step (counted from each `init`) jumps to the image filled with `levels[k]`, or stays put
 * for `null`, after evaluating the objective once.
 */
function scripted(levels: readonly (number | null)[]): Optimizer<{ readonly x: tf.Tensor; readonly k: number }> {
  return {
    name: 'scripted',
    init: (x0) => ({ x: tf.clone(x0), k: 0 }),
    step: (state, objective: Objective) => {
      const { loss, gradient } = objective(state.x);
      gradient.dispose();
      const level = levels[state.k];
      const x = level === null ? tf.clone(state.x) : tf.fill(state.x.shape, level ?? Number.NaN);
      state.x.dispose();
      return { state: { x, k: state.k + 1 }, loss, evaluations: 1 };
    },
    dispose: (state) => {
      state.x.dispose();
    },
  };
}

const base: StylizeOptions = {
  content, style, extractor,
  contentLayers: ['b'], styleLayers: { a: 1, b: 1 },
  styleWeight: 10, tvWeight: 0, multiScale: false, earlyStopping: false, iterations: 3,
};

describe('stylize averageIterates', () => {
  it('delivers the bias-corrected moving average of the start and the iterates, in image and done events', async () => {
    const before = tf.memory().numTensors;
    const events = await collect({ ...base, optimizer: scripted([10, 50, 200]), averageIterates: 0.5, imageEvery: 1 });
    const done = doneOf(events);
    const images = events.filter((e): e is ImageEvent => e.type === 'image');
    const start = Array.from(content.dataSync());
    // Weights of x0 … xn: (1 − d) d^(n−k) / (1 − d^(n+1)), d = 1/2; by hand:
    // after x1: (0.25 x0 + 0.5 x1) / 0.75; after x2: (0.125 x0 + 0.25 x1 + 0.5 x2) / 0.875;
    // after x3: (0.0625 x0 + 0.125 x1 + 0.25 x2 + 0.5 x3) / 0.9375.
    const expected = [
      start.map((v) => Math.round((0.25 * v + 0.5 * 10) / 0.75)),
      start.map((v) => Math.round((0.125 * v + 0.25 * 10 + 0.5 * 50) / 0.875)),
      start.map((v) => Math.round((0.0625 * v + 0.125 * 10 + 0.25 * 50 + 0.5 * 200) / 0.9375)),
    ];
    expect(images.map((e) => Array.from(e.image.dataSync()))).toEqual(expected);
    expect(Array.from(done.image.dataSync())).toEqual(expected[2]);
    // The done event's losses are those of the average: the same as a run that ends on that very image.
    const average = tf.tensor3d(expected[2] ?? [], content.shape);
    const direct = doneOf(await collect({ ...base, optimizer: scripted([null]), iterations: 1, init: average }));
    expect(done.deliveredLoss).toEqual(direct.deliveredLoss);
    tf.dispose([average, direct.image, done.image, ...images.map((e) => e.image)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('off by default: the last iterate is delivered', async () => {
    const done = doneOf(await collect({ ...base, optimizer: scripted([10, 50, 200]) }));
    expect(Array.from(done.image.dataSync()).every((v) => v === 200)).toBe(true);
    done.image.dispose();
  });

  it('restarts the average at each scale from its first image', async () => {
    const start = tf.fill([16, 16, 3], 100) as tf.Tensor3D;
    const events = await collect({
      ...base, init: start, optimizer: scripted([10, 50, 200]), averageIterates: 0.5, imageEvery: 1, multiScale: { start: 8, factor: 2, iterations: 2 },
    });
    const done = doneOf(events);
    const images = events.filter((e): e is ImageEvent => e.type === 'image');
    // Scale 0 (8 px): 100, then 10 → (0.25·100 + 0.5·10) / 0.75 = 40; then 50 → (0.125·100 + 0.25·10 + 0.5·50) / 0.875 = 45.714…, which starts scale 1.
    // Scale 1: after 10, (0.25·45.714 + 0.5·10) / 0.75 = 21.9 → 22; after 10, 50,
    // (0.125·45.714 + 0.25·10 + 0.5·50) / 0.875 = 37.96 → 38; after 10, 50, 200:
    // (0.0625·45.714 + 0.125·10 + 0.25·50 + 0.5·200) / 0.9375 = 124.38 → 124.
    expect(images.map((e) => [e.scale, e.image.shape[0], e.image.dataSync()[0]])).toEqual([[0, 8, 40], [0, 8, 46], [1, 16, 22], [1, 16, 38], [1, 16, 124]]);
    expect(new Set(done.image.dataSync())).toEqual(new Set([124]));
    tf.dispose([start, done.image, ...images.map((e) => e.image)]);
  });

  it('frees every tensor with a real optimizer over two scales', async () => {
    const before = tf.memory().numTensors;
    const events = await collect({ ...base, optimizer: 'adam', averageIterates: 0.9, imageEvery: 1, multiScale: { start: 8, factor: 2, iterations: 2 } });
    const done = doneOf(events);
    const plain = doneOf(await collect({ ...base, optimizer: 'adam', multiScale: { start: 8, factor: 2, iterations: 2 } }));
    expect(Array.from(done.image.dataSync())).not.toEqual(Array.from(plain.image.dataSync()));
    tf.dispose([done.image, plain.image, ...events.flatMap((e) => (e.type === 'image' ? [e.image] : []))]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a decay outside (0, 1)', () => {
    for (const bad of [0, 1, -0.5, 1.5, Number.NaN, '0.9']) {
      expect(() => stylize({ ...base, averageIterates: bad as number })).toThrow(StylegradError);
    }
    expect(() => stylize({ ...base, averageIterates: 1 })).toThrow('stylize: options.averageIterates must be a decay strictly between 0 and 1');
  });
});
