// stylize's spatial control (mask, regions) and style strength on the tiny extractor: equivalences with the plain
// run, the content kept exactly outside a mask, regions that end nearer their own style (checked with the
// independent float64 guided Grams of referenceMasks.ts), and every option error.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { stylize } from '../../src/index';
import type { StylizeOptions } from '../../src/transfer/types';
import type { Nhwc } from '../helpers/reference';
import { referenceBlockMean, referenceGuidedTarget, type Plane } from '../helpers/referenceMasks';
import { runStylize } from '../helpers/stylizeEvents';
import { testImage, tinyExtractor } from '../helpers/tinyExtractor';

const extractor = tinyExtractor();
// Integer pixels, so "the content exactly" survives the delivered image's rounding.
const content = tf.round(testImage(0));
const style = testImage(2.5);
const other = testImage(5.1);
const ones = tf.ones([16, 16]) as tf.Tensor2D;
/** 1 on the left `columns` columns, 0 elsewhere, 16×16. */
const leftPlane = (columns: number): number[][] => Array.from({ length: 16 }, () => Array.from({ length: 16 }, (_, x) => (x < columns ? 1 : 0)));
const left = tf.tensor2d(leftPlane(8));
const right = tf.sub(1, left) as tf.Tensor2D;
afterAll(() => {
  extractor.dispose();
  tf.dispose([content, style, other, ones, left, right]);
});

const base: StylizeOptions = {
  content, style, extractor,
  contentLayers: ['b'], styleLayers: { a: 1, b: 1 }, styleWeight: 10, tvWeight: 0,
  multiScale: false, earlyStopping: false, iterations: 5,
};

const totals = (run: Awaited<ReturnType<typeof runStylize>>): number[] => run.iterations.map((e) => e.loss.total);

function maxRelativeDifference(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number)) / Math.max(Math.abs(b[i] as number), 1e-12)));
}

describe('stylize mask and styleStrength', () => {
  it('an all-ones mask equals no mask: the same losses and the same delivered image; no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const plain = await runStylize(base);
    const masked = await runStylize({ ...base, mask: ones });
    expect(maxRelativeDifference(totals(masked), totals(plain))).toBeLessThan(1e-5);
    expect(Math.abs(masked.done.deliveredLoss.total - plain.done.deliveredLoss.total) / plain.done.deliveredLoss.total).toBeLessThan(1e-5);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(masked.done.image, plain.done.image))).dataSync()[0]);
    expect(diff).toBeLessThanOrEqual(1); // a float difference of 1e-5 may flip one rounding
    tf.dispose([plain.done.image, masked.done.image]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a half mask keeps the other half of every delivered image exactly the content, and stylises the masked half', async () => {
    const before = tf.memory().numTensors;
    const events: { image: tf.Tensor3D }[] = [];
    for await (const event of stylize({ ...base, mask: left, imageEvery: 2 })) if (event.type === 'image' || event.type === 'done') events.push(event);
    expect(events).toHaveLength(3);
    const [contentLeft, contentRight] = tf.split(content, 2, 1);
    for (const { image } of events) {
      const [imageLeft, imageRight] = tf.split(image, 2, 1);
      expect(Array.from(imageRight!.dataSync())).toEqual(Array.from(contentRight!.dataSync()));
      const change = tf.tidy(() => tf.mean(tf.abs(tf.sub(imageLeft!, contentLeft!))).dataSync()[0] as number);
      expect(change).toBeGreaterThan(1);
      tf.dispose([imageLeft!, imageRight!, image]);
    }
    tf.dispose([contentLeft!, contentRight!]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('styleStrength 0 starts at zero loss and delivers the content; 1 is the default run', async () => {
    const before = tf.memory().numTensors;
    const zero = await runStylize({ ...base, styleStrength: 0 });
    const first = zero.iterations[0]?.loss;
    expect(first?.content).toBe(0);
    expect(first?.style).toBeLessThan(1e-9);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(zero.done.image, content))).dataSync()[0]);
    expect(diff).toBeLessThanOrEqual(1);
    const plain = await runStylize(base);
    const full = await runStylize({ ...base, styleStrength: 1 });
    expect(totals(full)).toEqual(totals(plain));
    expect(Array.from(full.done.image.dataSync())).toEqual(Array.from(plain.done.image.dataSync()));
    // Halfway: the first style loss is a quarter of the plain one (the target moves half-way, the loss is squared).
    const half = await runStylize({ ...base, styleStrength: 0.5, iterations: 1 });
    expect(Math.abs((half.iterations[0]?.loss.style ?? 0) / (plain.iterations[0]?.loss.style ?? 1) - 0.25)).toBeLessThan(1e-4);
    tf.dispose([zero.done.image, plain.done.image, full.done.image, half.done.image]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** The guided Gram (chw) of `features` under `mask` brought to the layer by 2×2 block means, as float64. */
function guidedGram(features: tf.Tensor4D, mask: Plane): number[][] {
  const [b, h, w, c] = features.shape;
  const f: Nhwc = { shape: [b, h, w, c], data: Float64Array.from(features.dataSync()) };
  return referenceGuidedTarget(f, referenceBlockMean(mask, 16 / h), 'chw');
}

const squaredDistance = (a: number[][], b: number[][]): number => a.flat().reduce((s, v, i) => s + (v - (b.flat()[i] as number)) ** 2, 0);

describe('stylize regions', () => {
  it('two regions, two styles: each region ends at least 10× nearer (squared distance) its own style than the other at every layer', async () => {
    const before = tf.memory().numTensors;
    const regions = [{ mask: left, style: 0 }, { mask: right, style: 1 }];
    const run = await runStylize({ ...base, style: [{ image: style, weight: 1 }, { image: other, weight: 1 }], regions, styleWeight: 100, iterations: 30 });
    const full = leftPlane(16);
    const planes: [Plane, Plane] = [leftPlane(8), leftPlane(8).map((row) => row.map((v) => 1 - v))];
    const [result, a, b] = [run.done.image, style, other].map((image) => extractor.extract(image, ['a', 'b']));
    for (const layer of ['a', 'b']) {
      const targets = [guidedGram(a![layer]!, full), guidedGram(b![layer]!, full)];
      for (const r of [0, 1]) {
        const gram = guidedGram(result![layer]!, planes[r]!);
        const own = squaredDistance(gram, targets[r]!);
        const foreign = squaredDistance(gram, targets[1 - r]!);
        expect(own * 10).toBeLessThan(foreign); // measured 329× and 641× at a, 27× and 39× at b
      }
    }
    tf.dispose([run.done.image, ...[result, a, b].flatMap((m) => Object.values(m!))]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('stylize spatial combinations', () => {
  it('a mask with styleStrength 0 starts at zero loss; luminance colour keeps the unmasked half exact; an all-ones styleMask changes nothing', async () => {
    const before = tf.memory().numTensors;
    const zero = await runStylize({ ...base, mask: left, styleStrength: 0, iterations: 1 });
    expect(zero.iterations[0]?.loss.total).toBeLessThan(1e-9);
    const luminance = await runStylize({ ...base, mask: left, colour: 'luminance', iterations: 2 });
    const [maskedHalf, kept] = tf.split(luminance.done.image, 2, 1);
    const [contentLeft, contentRight] = tf.split(content, 2, 1);
    expect(Array.from(kept!.dataSync())).toEqual(Array.from(contentRight!.dataSync()));
    const plainRegions = await runStylize({ ...base, regions: [{ mask: left, style: 0 }], iterations: 2 });
    const withStyleMask = await runStylize({ ...base, regions: [{ mask: left, style: 0, styleMask: ones }], iterations: 2 });
    expect(totals(withStyleMask)).toEqual(totals(plainRegions));
    tf.dispose([zero.done.image, luminance.done.image, maskedHalf!, kept!, contentLeft!, contentRight!, plainRegions.done.image, withStyleMask.done.image]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('stylize spatial errors', () => {
  const cases: [string, Partial<StylizeOptions>, RegExp][] = [
    ['styleStrength above 1', { styleStrength: 1.5 }, /options\.styleStrength.*0\.\.1/],
    ['styleStrength negative', { styleStrength: -0.1 }, /options\.styleStrength/],
    ['styleStrength in texture mode', { mode: 'texture', styleStrength: 0.5 }, /options\.styleStrength.*content image/],
    ['a mask of another size', { mask: tf.ones([8, 16]) as tf.Tensor2D }, /options\.mask.*8×16.*16×16/],
    ['an RGB mask', { mask: tf.ones([16, 16, 3]) as tf.Tensor3D }, /options\.mask.*single-channel/],
    ['an all-zero mask', { mask: tf.zeros([16, 16]) as tf.Tensor2D }, /options\.mask.*all zero/],
    ['a mask with values above 1', { mask: tf.fill([16, 16], 2) as tf.Tensor2D }, /options\.mask.*0\.\.1/],
    ['a mask in content mode', { mode: 'content', mask: tf.ones([16, 16]) as tf.Tensor2D }, /options\.mask.*mode 'content'/],
    ['a mask and regions', { mask: tf.ones([16, 16]) as tf.Tensor2D, regions: [{ mask: tf.ones([16, 16]) as tf.Tensor2D, style: 0 }] }, /options\.regions.*options\.mask/],
    ['empty regions', { regions: [] }, /options\.regions.*non-empty/],
    ['a region style out of range', { regions: [{ mask: tf.ones([16, 16]) as tf.Tensor2D, style: 1 }] }, /options\.regions\[0\]\.style.*0\.\.0.*1/],
    ['a region mask of another size', { regions: [{ mask: tf.ones([16, 8]) as tf.Tensor2D, style: 0 }] }, /options\.regions\[0\]\.mask.*16×8/],
    ['a style mask of another size', { regions: [{ mask: tf.ones([16, 16]) as tf.Tensor2D, style: 0, styleMask: tf.ones([4, 4]) as tf.Tensor2D }] }, /options\.regions\[0\]\.styleMask.*4×4.*style 0/],
    ['a negative region weight', { regions: [{ mask: tf.ones([16, 16]) as tf.Tensor2D, style: 0, weight: -1 }] }, /options\.regions\[0\]\.weight/],
    ['a mask with tiling', { mask: tf.ones([16, 16]) as tf.Tensor2D, tiling: { tileSize: 16, halo: 16, maxUntiledPixels: 0 } }, /options\.mask.*tiling/],
    ['styleStrength with tiling', { styleStrength: 0.5, tiling: { tileSize: 16, halo: 16, maxUntiledPixels: 0 } }, /options\.styleStrength.*tiling/],
    ['a mask with a sliced-Wasserstein style loss', { mask: tf.ones([16, 16]) as tf.Tensor2D, styleLoss: 'sliced-wasserstein' }, /options\.mask needs styleLoss 'gram'.*'sliced-wasserstein'/],
    ['regions with a moment style loss', { regions: [{ mask: tf.ones([16, 16]) as tf.Tensor2D, style: 0 }], styleLoss: 'moment' }, /options\.regions needs styleLoss 'gram'.*'moment'/],
  ];
  it.each(cases)('refuses %s with a StylegradError naming stylize and the option', (_, options, message) => {
    const made: tf.Tensor[] = [];
    for (const value of [options.mask, ...(options.regions ?? []).flatMap((r) => [r.mask, r.styleMask])]) if (value !== undefined) made.push(value);
    const before = tf.memory().numTensors;
    const call = (): unknown => stylize({ ...base, ...options });
    expect(call).toThrow(StylegradError);
    expect(call).toThrow(/^stylize:/);
    expect(call).toThrow(message);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(made);
  });
});
