import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqueezeNetExtractor } from '../../src/extractors/createSqueezeNetExtractor';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import type { FeatureExtractor } from '../../src/extractors/types';
import { getPreset } from '../../src/transfer/getPreset';
import { resolveOptions } from '../../src/transfer/internal/resolveOptions';
import { stylizePresets } from '../../src/transfer/stylizePresets';
import { runStylize } from '../helpers/stylizeEvents';
import { tinyFixture } from '../helpers/stylizeFixtures';
import { referenceLoss, relativeDifference, type ReferenceLossSettings } from '../helpers/stylizeReferenceLoss';

// Extractors built from their first layer's weights only: enough to list every layer name (deeper layers
// fail only when extracted), so each preset's layers are checked against the real networks' names.
const conv = (shape: [number, number, number, number]): tf.Tensor => tf.zeros(shape);
const extractors: Record<string, FeatureExtractor> = {
  vgg19: createVggExtractor({ 'block1_conv1/kernel': conv([3, 3, 3, 64]), 'block1_conv1/bias': tf.zeros([64]) }, { variant: 'vgg19' }),
  vgg16: createVggExtractor({ 'block1_conv1/kernel': conv([3, 3, 3, 64]), 'block1_conv1/bias': tf.zeros([64]) }, { variant: 'vgg16' }),
  'squeezenet1.1': createSqueezeNetExtractor({ 'conv1/kernel': conv([3, 3, 3, 64]), 'conv1/bias': tf.zeros([64]) }),
};
const tiny = tinyFixture();
afterAll(() => {
  for (const extractor of Object.values(extractors)) extractor.dispose();
  tiny.dispose();
});

describe('stylizePresets', () => {
  it('has every preset the seeds need', () => {
    expect(Object.keys(stylizePresets).sort()).toEqual(
      ['cs231n-squeezenet', 'default', 'gatys', 'keras-vgg16-adam', 'pytorch-tutorial', 'cmu-16726', 'columbia-gr5242', 'stanford-vgg16', 'sliced-wasserstein', 'gaussian-w2', 'moment'].sort(),
    );
  });

  for (const [name, preset] of Object.entries(stylizePresets)) {
    it(`'${name}' resolves against the ${preset.extractor ?? '?'} layer names`, () => {
      const extractor = extractors[preset.extractor ?? ''];
      expect(extractor).toBeDefined();
      const content = tf.zeros([8, 8, 3]) as tf.Tensor3D;
      const plan = resolveOptions({ content, style: content, extractor: extractor as FeatureExtractor, preset: name });
      expect(Object.keys(plan.contentLayers).length).toBeGreaterThan(0);
      expect(Object.keys(plan.styleLayers).length).toBeGreaterThan(0);
      content.dispose();
    });
  }

  for (const [name, preset] of Object.entries(stylizePresets)) {
    it(`'${name}' taps layers its ${preset.extractor ?? '?'} has, with the preset's layer weights`, () => {
      const extractor = extractors[preset.extractor ?? ''] as FeatureExtractor;
      const content = tf.zeros([8, 8, 3]) as tf.Tensor3D;
      const plan = resolveOptions({ content, style: content, extractor, preset: name });
      const weights = (layers: typeof preset.contentLayers): Record<string, number> => (layers instanceof Array ? Object.fromEntries(layers.map((l) => [l, 1])) : { ...layers });
      expect(plan.contentLayers).toEqual(weights(preset.contentLayers));
      expect(plan.styleLayers).toEqual(weights(preset.styleLayers));
      for (const layer of [...Object.keys(plan.contentLayers), ...Object.keys(plan.styleLayers)]) expect(extractor.layers).toContain(layer);
      content.dispose();
    });

    it(`'${name}' builds the loss its conventions define, and its optimiser lowers it (tiny network)`, async () => {
      // The preset's reductions, Gram normalisation, weights and optimiser on the tiny network's layers, from the
      // content image: the first iteration reports the loss there, rebuilt here from the public loss builders.
      // CS231n's Adam (lr 170 on 0..255 pixels) overshoots first, so it gets 30 iterations; the others 3.
      const { extractor, content, style } = tiny;
      const options = { content, style, extractor, preset: name, contentLayers: ['b'], styleLayers: { a: 1, b: 1 }, init: 'content', iterations: name === 'cs231n-squeezenet' ? 30 : 3, multiScale: false, earlyStopping: false } as const;
      // Read from the preset itself (not from the resolved plan), so a preset stylize misreads fails here. A style
      // scale s resizes the 16×16 style to round(16·s) square (cs231n: 16 × 512/192 = 42.67 → 43).
      const side = Math.round(16 * (preset.styleScale ?? 1));
      const settings: ReferenceLossSettings = {
        contentLayers: { b: 1 }, styleLayers: { a: 1, b: 1 },
        contentWeight: preset.contentWeight ?? NaN, styleWeight: preset.styleWeight ?? NaN, tvWeight: preset.tvWeight ?? NaN,
        contentReduction: preset.contentReduction ?? 'mean', gramNormalization: preset.gramNormalization ?? 'chw', styleReduction: preset.styleReduction ?? 'mean',
        // Presets without TV (weight 0) leave its kind unset.
        tvKind: preset.tvKind ?? 'l2', tvReduction: preset.tvReduction ?? 'mean',
        ...(side === 16 ? {} : { styleSize: [side, side] as const }),
        ...(preset.styleLoss === undefined ? {} : { styleLoss: preset.styleLoss }),
      };
      const { iterations, done } = await runStylize(options);
      const expected = referenceLoss(extractor, content, style, settings, content);
      const first = iterations[0]?.loss;
      expect(first?.content).toBe(0);
      expect(Object.keys(first ?? {}).sort()).toEqual(Object.keys(expected).sort());
      for (const term of Object.keys(expected)) expect(relativeDifference(first?.[term as 'total'], expected[term])).toBeLessThan(1e-5);
      expect(done.loss.total).toBeLessThan(first?.total ?? 0);
      done.image.dispose();
    });
  }

  it('encodes the seeds’ conventions', () => {
    expect(getPreset('gatys')).toMatchObject({ styleReduction: 'gatys', gramNormalization: 'none', contentReduction: 'halfSum', optimizer: 'lbfgs', contentLayers: { conv4_2: 1 } });
    expect(getPreset('cmu-16726')).toMatchObject({ gramNormalization: 'chw', styleWeight: 1e6, contentWeight: 1 });
    expect(getPreset('columbia-gr5242')).toMatchObject({ styleReduction: 'gatys', styleWeight: 1e3, contentWeight: 1 });
    expect(getPreset('stanford-vgg16')).toMatchObject({ extractor: 'vgg16', gramNormalization: 'nm', styleReduction: 'sum', tvKind: 'l2', contentLayers: { relu2_2: 1 } });
    expect(getPreset('keras-vgg16-adam')).toMatchObject({ optimizer: { name: 'adam', learningRate: 30 }, tvKind: 'l1', tvReduction: 'mean', gramNormalization: 'chw', styleReduction: 'mean', contentReduction: 'mean', styleWeight: 0.1 });
    expect(getPreset('pytorch-tutorial')).toMatchObject({ gramNormalization: 'chw', styleReduction: 'mean', contentReduction: 'mean', styleWeight: 1e6, optimizer: 'lbfgs' });
    expect(getPreset('cs231n-squeezenet')).toMatchObject({ extractor: 'squeezenet1.1', tvKind: 'l2', contentLayers: { fire2: 1 } });
  });

  it('runs the default preset at the output size only; multiScale: true still gives the 128 px ×√2 schedule', () => {
    // Coarse scales did not pay at 512² (benchmarks/README.md): the default spends every evaluation at full size.
    const content = tf.zeros([512, 384, 3]) as tf.Tensor3D;
    const extractor = extractors.vgg19 as FeatureExtractor;
    const plan = resolveOptions({ content, style: content, extractor });
    expect(plan.scales).toEqual([512]);
    expect(resolveOptions({ content, style: content, extractor, multiScale: true }).scales).toEqual([128, 181, 256, 362, 512]);
    content.dispose();
  });

  it('lets an evaluation budget given in the call lift the preset’s iteration cap, but not an explicit iterations', () => {
    const content = tf.zeros([32, 32, 3]) as tf.Tensor3D;
    const base = { content, style: content, extractor: extractors.vgg19 as FeatureExtractor };
    expect(resolveOptions(base).iterations).toEqual([100]); // the default preset's cap (one scale)
    expect(resolveOptions({ ...base, maxEvaluations: 300 }).iterations).toEqual([300]);
    expect(resolveOptions({ ...base, maxEvaluations: 40 }).iterations).toEqual([100]); // the budget binds first anyway
    expect(resolveOptions({ ...base, maxEvaluations: 300, iterations: 50 }).iterations).toEqual([50]);
    // A preset's own budget is the preset's business: pytorch-tutorial keeps its iterations with its 300 evaluations.
    expect(resolveOptions({ ...base, preset: 'pytorch-tutorial' }).iterations).toEqual([stylizePresets['pytorch-tutorial']?.iterations ?? 100]);
    expect(() => resolveOptions({ ...base, maxEvaluations: 2.5 })).toThrow(/options\.maxEvaluations/);
    content.dispose();
  });

  it('rejects an unknown preset, listing the valid ones', () => {
    expect(() => getPreset('van-gogh')).toThrow(/getPreset: name 'van-gogh' is not a preset; valid presets: default, gatys, cmu-16726/);
    const content = tf.zeros([8, 8, 3]) as tf.Tensor3D;
    expect(() => resolveOptions({ content, style: content, extractor: extractors.vgg19 as FeatureExtractor, preset: 'nope' })).toThrow(
      /stylize: options.preset 'nope' is not a preset; valid presets: default, gatys/,
    );
    content.dispose();
  });

  it('is frozen plain data', () => {
    expect(Object.isFrozen(stylizePresets)).toBe(true);
    expect(JSON.parse(JSON.stringify(stylizePresets.gatys))).toEqual(stylizePresets.gatys);
  });
});
