import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { matchColorStatistics } from '../../src/image/matchColorStatistics';
import { matchHistogram } from '../../src/image/matchHistogram';
import { rgbToYiq } from '../../src/image/rgbToYiq';
import { stylize } from '../../src/index';
import type { StylizeOptions } from '../../src/transfer/types';
import { collect, doneOf, runStylize } from '../helpers/stylizeEvents';
import { tinyFixture } from '../helpers/stylizeFixtures';
import { referenceLoss, relativeDifference, TINY_DEFAULTS } from '../helpers/stylizeReferenceLoss';

const fixture = tinyFixture();
const { extractor, content, style } = fixture;
afterAll(() => {
  fixture.dispose();
});

const base: StylizeOptions = {
  content,
  style,
  extractor,
  contentLayers: ['b'],
  styleLayers: { a: 1, b: 1 },
  styleWeight: 10,
  tvWeight: 0,
  multiScale: false,
  earlyStopping: false,
  iterations: 6,
};

describe('stylize (tiny extractor)', () => {
  it('emits scale, iteration and done events; the loss falls; every tensor is freed', async () => {
    const before = tf.memory().numTensors;
    const events = await collect(base);
    const done = doneOf(events);
    expect(events[0]).toMatchObject({ type: 'scale', scale: 0, scales: 1, height: 16, width: 16, iterations: 6 });
    const iterations = events.filter((e) => e.type === 'iteration');
    expect(iterations.map((e) => e.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    const first = iterations[0]?.loss;
    // Content init: the content term starts at 0 and the style term carries the loss.
    expect(first?.content).toBe(0);
    expect(first?.style).toBeGreaterThan(0);
    expect(done.loss.total).toBeLessThan((first?.total ?? 0) / 2);
    // The delivered image is 8-bit: integers 0..255, and its loss is reported next to the float one.
    const values = await done.image.data();
    expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    expect(done.deliveredLoss.total).toBeGreaterThan(0);
    expect(Math.abs(done.deliveredLoss.total - done.loss.total) / done.loss.total).toBeLessThan(0.05);
    done.image.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic for a seed with noise init', async () => {
    const options: StylizeOptions = { ...base, init: 'noise', seed: 7, iterations: 3 };
    const a = doneOf(await collect(options));
    const b = doneOf(await collect(options));
    const c = doneOf(await collect({ ...options, seed: 8 }));
    expect(Array.from(a.image.dataSync())).toEqual(Array.from(b.image.dataSync()));
    expect(Array.from(a.image.dataSync())).not.toEqual(Array.from(c.image.dataSync()));
    tf.dispose([a.image, b.image, c.image]);
  });

  it('reconstructs content only and synthesises texture only', async () => {
    const recon = doneOf(await collect({ ...base, mode: 'content', style: undefined as unknown as tf.Tensor3D, init: 'noise' }));
    expect(recon.loss.style).toBeUndefined();
    expect(recon.loss.content).toBeGreaterThan(0);
    recon.image.dispose();
    // Without a content image, texture synthesis starts from noise by default.
    const texture = doneOf(await collect({ ...base, mode: 'texture', content: undefined as unknown as tf.Tensor3D, textureSize: [12, 20] }));
    expect(texture.image.shape).toEqual([12, 20, 3]);
    expect(texture.loss.content).toBeUndefined();
    texture.image.dispose();
  });

  it('frees every tensor when aborted mid-run, and rejects with the reason', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const event of stylize({ ...base, iterations: 50, signal: controller.signal })) {
        if (event.type === 'iteration') {
          seen.push(event.iteration);
          if (event.iteration === 2) controller.abort(new Error('user stop'));
        }
      }
    };
    await expect(run()).rejects.toThrow('user stop');
    expect(seen).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees every tensor when the consumer stops early, including image events it disposes', async () => {
    const before = tf.memory().numTensors;
    for await (const event of stylize({ ...base, imageEvery: 1 })) {
      if (event.type === 'image') {
        expect(event.image.shape).toEqual([16, 16, 3]);
        event.image.dispose();
        break;
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs coarse-to-fine, each scale starting from the upscaled previous result', async () => {
    const events = await collect({ ...base, size: 16, multiScale: { start: 8, factor: 2 }, iterations: 2 });
    const scales = events.filter((e) => e.type === 'scale');
    expect(scales.map((e) => [e.height, e.width])).toEqual([[8, 8], [16, 16]]);
    const done = doneOf(events);
    expect(done.iterations).toBe(4);
    done.image.dispose();
  });

  it('stops a scale early when the loss stops changing', async () => {
    // A huge tolerance: every relative change counts as quiet, so a window of 2 stops after iteration 3.
    const done = doneOf(await collect({ ...base, iterations: 20, earlyStopping: { tolerance: 10, window: 2 } }));
    expect(done.stopReason).toBe('earlyStopping');
    expect(done.iterations).toBe(3);
    done.image.dispose();
  });

  it('keeps the content chroma in luminance-only mode', async () => {
    const done = doneOf(await collect({ ...base, colour: 'luminance' }));
    // I and Q of the result equal the content's up to 8-bit rounding and clamping (content lies inside 0..255).
    const diff = tf.tidy(() => {
      const a = tf.slice(rgbToYiq(done.image), [0, 0, 1], [16, 16, 2]);
      const b = tf.slice(rgbToYiq(content), [0, 0, 1], [16, 16, 2]);
      return tf.mean(tf.abs(tf.sub(a, b))).dataSync()[0] ?? NaN;
    });
    expect(diff).toBeLessThan(3);
    // ... while the luminance changed.
    const yChange = tf.tidy(() => tf.mean(tf.abs(tf.sub(tf.slice(rgbToYiq(done.image), [0, 0, 0], [16, 16, 1]), tf.slice(rgbToYiq(content), [0, 0, 0], [16, 16, 1])))).dataSync()[0] ?? NaN);
    expect(yChange).toBeGreaterThan(1);
    done.image.dispose();
  });

  it('runs with colour-statistics and histogram matching and with Adam', async () => {
    for (const options of [{ colour: 'statistics' }, { colour: 'histogram' }, { optimizer: { name: 'adam', learningRate: 5 } }] as const) {
      const before = tf.memory().numTensors;
      const done = doneOf(await collect({ ...base, ...options, iterations: 2 }));
      done.image.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('keeps the content chroma exactly wherever the delivered image was not clamped (luminance mode)', async () => {
    const done = doneOf(await collect({ ...base, colour: 'luminance' }));
    const [got, want] = [rgbToYiq(done.image), rgbToYiq(content)];
    const [image, a, b] = [Array.from(done.image.dataSync()), Array.from(got.dataSync()), Array.from(want.dataSync())];
    tf.dispose([got, want, done.image]);
    // Rounding R, G, B by ≤ 0.5 moves I by ≤ 0.5·(0.595716 + 0.274453 + 0.321263) = 0.596 and Q by ≤ 0.5·(0.211456
    // + 0.522591 + 0.311135) = 0.523; clamping moves more, so only pixels strictly inside 0..255 are compared.
    let compared = 0;
    for (let p = 0; p < 16 * 16; p++) {
      if (image.slice(3 * p, 3 * p + 3).some((v) => v <= 0 || v >= 255)) continue;
      compared++;
      expect(Math.abs((a[3 * p + 1] ?? NaN) - (b[3 * p + 1] ?? NaN))).toBeLessThanOrEqual(0.596 + 1e-3);
      expect(Math.abs((a[3 * p + 2] ?? NaN) - (b[3 * p + 2] ?? NaN))).toBeLessThanOrEqual(0.523 + 1e-3);
    }
    expect(compared).toBeGreaterThan(128);
  });

  it("feeds the colour-matched style to the loss: the first loss is the style loss of the matched style image ('statistics', 'histogram')", async () => {
    // The style recoloured so matching changes it; the first iteration's loss is the loss at the start (content).
    const tinted = tf.tidy(() => tf.add(tf.mul(style, tf.tensor1d([0.5, 0.8, 0.3])), tf.tensor1d([90, 10, 40]))) as tf.Tensor3D;
    for (const [colour, match] of [['statistics', matchColorStatistics], ['histogram', matchHistogram]] as const) {
      const { iterations, done } = await runStylize({ ...base, style: tinted, colour, iterations: 1 });
      const matched = match(tinted, content);
      const expected = referenceLoss(extractor, content, matched, TINY_DEFAULTS, content);
      const unmatched = referenceLoss(extractor, content, tinted, TINY_DEFAULTS, content);
      expect(relativeDifference(iterations[0]?.loss.style, expected.style)).toBeLessThan(1e-5);
      expect(relativeDifference(unmatched.style, expected.style)).toBeGreaterThan(0.01);
      tf.dispose([matched, done.image]);
    }
    tinted.dispose();
  });

  it('validates up front: unknown layers (listing the valid ones), missing images, bad numbers', () => {
    expect(() => stylize({ ...base, styleLayers: ['a', 'conv9_9'] })).toThrow(/stylize: options.styleLayers names unknown layer 'conv9_9' for tiny; valid layers: a, b\./);
    expect(() => stylize({ ...base, content: undefined as unknown as tf.Tensor3D })).toThrow(/options.content is required in mode 'transfer'/);
    expect(() => stylize({ ...base, style: undefined as unknown as tf.Tensor3D })).toThrow(/options.style is required in mode 'transfer'/);
    expect(() => stylize({ ...base, iterations: 0 })).toThrow(/options.iterations must be an integer >= 1/);
    expect(() => stylize({ ...base, styleReduction: 'gatys', gramNormalization: 'chw' })).toThrow(/must be 'none' with styleReduction 'gatys'/);
    expect(() => stylize({ ...base, preset: 'nope' })).toThrow(StylegradError);
  });
});
