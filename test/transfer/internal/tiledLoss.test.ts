// The tiled loss against an independent computation: the whole-image loss built from contentLoss, styleLoss and
// totalVariationLoss, differentiated by tf.valueAndGrad. With a halo covering the tiny network's receptive field
// (layer b: 3×3 conv, 2×2 average pool, 3×3 conv at stride 2 → 4 pixels) the two must agree to float rounding,
// for every reduction, with the tile boundaries shifted or not, and in luminance mode (1 channel).
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import '../../../src/index'; // registers the gradients (through tfjs-layers)
import { combineLosses } from '../../../src/losses/combineLosses';
import { contentLoss, type ContentReduction } from '../../../src/losses/contentLoss';
import { styleLoss, type StyleReduction } from '../../../src/losses/styleLoss';
import { totalVariationLoss, type TotalVariationKind } from '../../../src/losses/totalVariationLoss';
import type { GramNormalization } from '../../../src/gram/gramMatrix';
import { createTiledLoss, type TiledLossSpec } from '../../../src/transfer/internal/tiledLoss';
import { testImage, tinyExtractor } from '../../helpers/tinyExtractor';

const extractor = tinyExtractor();
const [H, W] = [22, 18];
const content = tf.tidy(() => tf.slice(testImage(0, 24), [0, 0, 0], [H, W, 3]));
const style = testImage(2.5, 14);
const x = tf.tidy(() => tf.expandDims<tf.Tensor4D>(tf.add(tf.slice(testImage(1.2, 24), [1, 2, 0], [H, W, 3]), 3), 0));
afterAll(() => {
  extractor.dispose();
  tf.dispose([content, style, x]);
});

interface Case {
  contentReduction: ContentReduction;
  styleReduction: StyleReduction;
  normalization: GramNormalization;
  tvKind: TotalVariationKind;
  tvReduction: 'sum' | 'mean';
}

/** The untiled loss and gradient at `image` (`[1, H, W, c]`), as stylize builds it. */
function wholeImage(c: Case, image: tf.Tensor4D): { loss: number; grad: Float32Array } {
  const targets = extractor.extract(content, ['b']);
  const styleFeatures = extractor.extract(style, ['a', 'b']);
  const loss = combineLosses({
    content: { loss: contentLoss(targets, { layers: { b: 1 }, reduction: c.contentReduction }), weight: 2 },
    style: { loss: styleLoss([{ features: styleFeatures, weight: 1 }], { layers: { a: 1, b: 0.5 }, normalization: c.normalization, reduction: c.styleReduction }), weight: 30 },
    tv: { loss: totalVariationLoss({ kind: c.tvKind, reduction: c.tvReduction }), weight: 0.7 },
  });
  tf.dispose([...Object.values(targets), ...Object.values(styleFeatures)]);
  const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
    const rgb = t.shape[3] === 1 ? tf.tile(t as tf.Tensor4D, [1, 1, 1, 3]) : (t as tf.Tensor4D);
    return loss({ image: rgb, features: extractor.extract(rgb, loss.layers) }).total;
  })(image);
  const result = { loss: value.dataSync()[0] ?? NaN, grad: grad.dataSync() as Float32Array };
  tf.dispose([value, grad]);
  loss.dispose();
  return result;
}

function spec(c: Case, channels: 1 | 3, halo = 4): TiledLossSpec {
  return {
    extractor, channels, height: H, width: W,
    tiling: { tileSize: 8, halo, align: 2, historySize: 5, shift: true },
    content: { image: content, layers: { b: 1 }, weight: 2, reduction: c.contentReduction },
    style: { images: [{ image: style, weight: 1 }], layers: { a: 1, b: 0.5 }, weight: 30, reduction: c.styleReduction, normalization: c.normalization },
    tv: { weight: 0.7, kind: c.tvKind, reduction: c.tvReduction },
    progress: () => undefined,
    signal: null,
  };
}

function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let [diff, scale] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    scale = Math.max(scale, Math.abs(b[i] ?? 0));
  }
  return diff / scale;
}

const cases: Case[] = [
  { contentReduction: 'mean', styleReduction: 'mean', normalization: 'chw', tvKind: 'l2', tvReduction: 'mean' },
  { contentReduction: 'halfSum', styleReduction: 'gatys', normalization: 'none', tvKind: 'l1', tvReduction: 'sum' },
  { contentReduction: 'sum', styleReduction: 'sum', normalization: 'hw', tvKind: 'isotropic', tvReduction: 'mean' },
];

describe('createTiledLoss (tiny extractor, 22×18 image, 8-pixel cores, halo 4)', () => {
  for (const c of cases) {
    it(`equals the whole-image loss and gradient: ${JSON.stringify(c)}`, () => {
      const expected = wholeImage(c, x);
      const before = tf.memory().numTensors;
      const tiled = createTiledLoss(spec(c, 3));
      expect(tiled.tiles).toBe(9); // rows [0,8) [8,16) [16,22), columns [0,8) [8,16) [16,18)
      for (const iteration of [1, 2]) {
        tiled.setIteration(iteration); // unshifted, then boundaries shifted by 4 pixels
        const { values, gradient } = tiled.valueAndGradient(x);
        expect(Math.abs(values.total - expected.loss) / expected.loss).toBeLessThan(1e-5);
        expect(maxRelative(gradient.dataSync(), expected.grad)).toBeLessThan(1e-4);
        gradient.dispose();
        expect(Math.abs(tiled.value(x).total - expected.loss) / expected.loss).toBeLessThan(1e-5);
      }
      tiled.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('in luminance mode (one channel replicated to RGB), too', () => {
    const c = cases[0] as Case;
    const y = tf.tidy(() => tf.mean(x, 3, true) as tf.Tensor4D);
    const expected = wholeImage(c, y);
    const tiled = createTiledLoss(spec(c, 1));
    const { values, gradient } = tiled.valueAndGradient(y);
    expect(Math.abs(values.total - expected.loss) / expected.loss).toBeLessThan(1e-5);
    expect(maxRelative(gradient.dataSync(), expected.grad)).toBeLessThan(1e-4);
    tf.dispose([gradient, y]);
    tiled.dispose();
  });

  it('a halo shorter than the receptive field truncates it: the gradient differs near core borders', () => {
    const c = cases[0] as Case;
    const expected = wholeImage(c, x);
    const tiled = createTiledLoss(spec(c, 3, 2));
    const { gradient } = tiled.valueAndGradient(x);
    expect(maxRelative(gradient.dataSync(), expected.grad)).toBeGreaterThan(1e-3);
    gradient.dispose();
    tiled.dispose();
  });
});
