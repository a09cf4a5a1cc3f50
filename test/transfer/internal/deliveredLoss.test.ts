// The delivered 8-bit image and its loss: rounding and clamping by hand, the luminance the loss is evaluated
// on, and stylize's reported deliveredLoss recomputed independently from the delivered image with the public
// loss builders (whole and tiled).
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { LossTerms, StylizeOptions } from '../../../src/transfer/types';
import { deliveredImage, deliveredLoss } from '../../../src/transfer/internal/deliveredLoss';
import { runStylize } from '../../helpers/stylizeEvents';
import { tinyFixture } from '../../helpers/stylizeFixtures';
import { referenceLoss, relativeDifference, TINY_DEFAULTS } from '../../helpers/stylizeReferenceLoss';

const fixture = tinyFixture();
const { extractor, content, style } = fixture;
afterAll(() => {
  fixture.dispose();
});

const rgbOnly = { content: null, chroma: null, styles: [], channels: 3 } as const;

describe('deliveredImage', () => {
  it('rounds and clamps to 0..255, making one tensor', () => {
    const x = tf.tensor4d([-3, 12.4, 12.6, 254.7, 300, 0.2], [1, 1, 2, 3]);
    const before = tf.memory().numTensors;
    const image = deliveredImage(rgbOnly, x, 1, 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(image.shape).toEqual([1, 2, 3]);
    expect(Array.from(image.dataSync())).toEqual([0, 12, 13, 255, 255, 0]);
    tf.dispose([x, image]);
  });
});

describe('deliveredLoss', () => {
  it('evaluates the RGB image as is, and in luminance mode its Y = 0.299 R + 0.587 G + 0.114 B; frees its input', () => {
    const image = tf.tensor3d([255, 0, 0, 10, 20, 30], [1, 2, 3]);
    const seen: number[][] = [];
    const evaluate = (x: tf.Tensor4D): LossTerms => {
      seen.push([...x.shape, ...Array.from(x.dataSync())]);
      return { total: 1 };
    };
    const before = tf.memory().numTensors;
    expect(deliveredLoss(image, 3, evaluate)).toEqual({ total: 1 });
    deliveredLoss(image, 1, evaluate);
    expect(tf.memory().numTensors).toBe(before);
    expect(seen[0]).toEqual([1, 1, 2, 3, 255, 0, 0, 10, 20, 30]);
    const expectedY = [0.299 * 255, 0.299 * 10 + 0.587 * 20 + 0.114 * 30];
    expect(seen[1]?.slice(0, 4)).toEqual([1, 1, 2, 1]);
    seen[1]?.slice(4).forEach((y, i) => expect(y).toBeCloseTo(expectedY[i] ?? NaN, 3));
    image.dispose();
  });
});

describe("stylize's deliveredLoss", () => {
  const settings = { ...TINY_DEFAULTS, tvWeight: 0.5 };
  const base: StylizeOptions = {
    content, style, extractor, contentLayers: ['b'], styleLayers: { a: 1, b: 1 }, styleWeight: settings.styleWeight, tvWeight: settings.tvWeight,
    multiScale: false, earlyStopping: false, iterations: 4, optimizer: { name: 'lbfgs', historySize: 5 },
  };
  const tiling = { tileSize: 8, halo: 4, align: 2, maxUntiledPixels: 0, historySize: 5 } as const;

  for (const [name, options] of [['whole image', base], ['tiled', { ...base, tiling }]] as const) {
    it(`equals the loss rebuilt from the public builders on the delivered 8-bit image (${name})`, async () => {
      const { done } = await runStylize(options);
      const reference = referenceLoss(extractor, content, style, settings, done.image);
      // Tiles sum their terms in another order: float32 rounding only.
      const tolerance = name === 'tiled' ? 1e-4 : 1e-6;
      for (const term of ['total', 'content', 'style', 'tv'] as const) expect(relativeDifference(done.deliveredLoss[term], reference[term])).toBeLessThan(tolerance);
      // The delivered image is not the optimiser's float image: its loss is a separate evaluation.
      expect(done.deliveredLoss.total).not.toBe(done.loss.total);
      done.image.dispose();
    });
  }
});
