import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { gaussianWassersteinStyleLoss, momentStyleLoss, resizeImage, slicedWassersteinStyleLoss, stylize, styleLoss } from '../../src/index';
import type { FeatureLoss } from '../../src/losses/types';
import type { StyleLossKind, StylizeOptions } from '../../src/transfer/types';
import type { FeatureMap } from '../../src/types';
import { runStylize } from '../helpers/stylizeEvents';
import { tinyFixture } from '../helpers/stylizeFixtures';

const fixture = tinyFixture();
const { extractor, content, style } = fixture;
afterAll(() => {
  fixture.dispose();
});

const LAYERS = { a: 1, b: 0.5 };
const base: StylizeOptions = {
  content, style, extractor,
  contentLayers: ['b'], styleLayers: LAYERS,
  styleWeight: 10, contentWeight: 1, tvWeight: 0,
  multiScale: false, earlyStopping: false, iterations: 6, seed: 3,
};

/** The public builder of each kind, as stylize should build it (seeded by stylize's seed). */
const builders: Record<Exclude<StyleLossKind, 'gram'>, (target: FeatureMap) => FeatureLoss> = {
  'sliced-wasserstein': (target) => slicedWassersteinStyleLoss(target, { layers: LAYERS, seed: 3 }),
  'gaussian-w2': (target) => gaussianWassersteinStyleLoss(target, { layers: LAYERS, iterations: 20 }),
  moment: (target) => momentStyleLoss(target, { layers: LAYERS }),
};

/** The builder's first value at the content image, computed outside stylize. */
function firstValue(build: (target: FeatureMap) => FeatureLoss): number {
  const styleFeatures = tf.tidy(() => extractor.extract(resizeImage(style, { height: 16, width: 16 }), ['a', 'b']));
  const loss = build(styleFeatures);
  const value = tf.tidy(() => loss(extractor.extract(tf.expandDims<tf.Tensor4D>(content, 0), ['a', 'b'])).dataSync()[0] ?? Number.NaN);
  loss.dispose();
  tf.dispose(Object.values(styleFeatures));
  return value;
}

describe('stylize styleLoss', () => {
  for (const kind of Object.keys(builders) as (keyof typeof builders)[]) {
    it(`'${kind}': its first style value is the public builder's; the run lowers it; every tensor is freed`, async () => {
      const before = tf.memory().numTensors;
      const { iterations, done } = await runStylize({ ...base, styleLoss: kind });
      done.image.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const first = iterations[0]?.loss.style ?? Number.NaN;
      const expected = 10 * firstValue(builders[kind]);
      expect(Math.abs(first - expected) / expected).toBeLessThan(1e-5);
      // Not the Gram loss: the two differ at the same image.
      const gram = 10 * firstValue((target) => styleLoss(target, { layers: LAYERS, normalization: 'chw', reduction: 'mean' }));
      expect(Math.abs(first - gram) / gram).toBeGreaterThan(1e-2);
      expect(done.loss.style ?? Number.NaN).toBeLessThan(first * 0.8);
    });
  }

  it("'gram' is byte-identical to the default", async () => {
    const a = await runStylize(base);
    const b = await runStylize({ ...base, styleLoss: 'gram' });
    expect(Array.from(b.done.image.dataSync())).toEqual(Array.from(a.done.image.dataSync()));
    expect(b.iterations.map((e) => e.loss)).toEqual(a.iterations.map((e) => e.loss));
    expect(b.done.loss).toEqual(a.done.loss);
    tf.dispose([a.done.image, b.done.image]);
  });

  it('without a preset, a non-Gram kind takes its own preset\'s style weight, not the Gram default\'s 100', async () => {
    // base sets styleWeight 10 explicitly; leave it out so the preset decides.
    const { styleWeight, ...unweighted } = base;
    expect(styleWeight).toBe(10);
    const settings: StylizeOptions = { ...unweighted, iterations: 1 };
    const implied = await runStylize({ ...settings, styleLoss: 'moment' });
    const named = await runStylize({ ...settings, styleLoss: 'moment', preset: 'moment' });
    const underDefault = await runStylize({ ...settings, styleLoss: 'moment', preset: 'default' });
    const style = (run: typeof implied): number => run.iterations[0]?.loss.style ?? Number.NaN;
    expect(style(implied)).toBe(style(named));
    // The moment preset's weight (1.7e-9) against the default's 100, on the same unweighted term.
    expect(style(underDefault) / style(implied)).toBeCloseTo(100 / 1.7e-9, -3);
    tf.dispose([implied.done.image, named.done.image, underDefault.done.image]);
  });

  it("the sliced Wasserstein run is reproducible for a seed and changes with it", async () => {
    const options: StylizeOptions = { ...base, styleLoss: 'sliced-wasserstein', iterations: 3 };
    const a = await runStylize(options);
    const b = await runStylize(options);
    const c = await runStylize({ ...options, seed: 4 });
    expect(b.iterations.map((e) => e.loss)).toEqual(a.iterations.map((e) => e.loss));
    expect(c.iterations[0]?.loss.style).not.toEqual(a.iterations[0]?.loss.style);
    tf.dispose([a.done.image, b.done.image, c.done.image]);
  });

  it('rejects an unknown kind and a non-Gram loss with tiling, up front', () => {
    expect(() => stylize({ ...base, styleLoss: 'wasserstein' as StyleLossKind })).toThrow(StylegradError);
    expect(() => stylize({ ...base, styleLoss: 'wasserstein' as StyleLossKind })).toThrow(
      "stylize: options.styleLoss must be one of 'gram', 'sliced-wasserstein', 'gaussian-w2', 'moment'; got 'wasserstein'.",
    );
    for (const kind of ['sliced-wasserstein', 'gaussian-w2', 'moment'] as const) {
      expect(() => stylize({ ...base, styleLoss: kind, tiling: { tileSize: 16, halo: 16 } })).toThrow(`options.styleLoss '${kind}' cannot be tiled; only 'gram' tiles today`);
    }
    expect(() => stylize({ ...base, styleLoss: 'gram', tiling: { tileSize: 16, halo: 16 } })).not.toThrow();
  });
});
