// Minimum image sides, worked by hand:
// VGG: 'same' convs keep the size, each 2×2/2 'valid' pool floors n/2, so a layer in block b needs
// 2^(b−1) px per side (conv5_1: 4 pools → 16) and pool b needs 2^b (pool5 → 32).
// SqueezeNet 1.1: conv1 and pools are 3×3/2 'valid': n → ⌊(n−3)/2⌋+1; fire modules keep the size.
// conv1 ≥ 1 px ⇔ n ≥ 3; pool1 needs conv1 ≥ 3 ⇔ n ≥ 7; pool3 needs pool1 ≥ 3 ⇔ conv1 ≥ 7 ⇔ n ≥ 15;
// pool5 (and fire6..fire9) needs pool3 ≥ 3 ⇔ pool1 ≥ 7 ⇔ conv1 ≥ 15 ⇔ n ≥ 31.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqueezeNetExtractor } from '../../src/extractors/createSqueezeNetExtractor';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import type { FeatureExtractor } from '../../src/extractors/types';
import { randomSqueezeNetWeights } from './squeezeNetWeights';
import { constantVggWeights } from './vggWeights';

function works(extractor: FeatureExtractor, h: number, w: number, layer: string): number[] {
  const image = tf.fill([1, h, w, 3], 100) as tf.Tensor4D;
  try {
    const features = extractor.extract(image, [layer]);
    const shape = [...(features[layer] as tf.Tensor).shape];
    tf.dispose(Object.values(features));
    return shape;
  } finally {
    image.dispose();
  }
}

describe('extract on images too small for the requested layer', () => {
  let vgg: FeatureExtractor;
  let squeeze: FeatureExtractor;
  beforeAll(() => {
    const v = constantVggWeights('vgg19');
    const s = randomSqueezeNetWeights();
    vgg = createVggExtractor(v, { fastInputGradient: false });
    squeeze = createSqueezeNetExtractor(s, { fastInputGradient: false });
    tf.dispose([...Object.values(v), ...Object.values(s)]);
  });
  afterAll(() => {
    vgg.dispose();
    squeeze.dispose();
  });

  const vggCases: [string, number][] = [['conv1_1', 1], ['pool1', 2], ['conv2_1', 2], ['relu3_1', 4], ['conv4_2', 8], ['conv5_1', 16], ['pool5', 32]];
  it.each(vggCases)('VGG-19 %s: %i px per side works, one less fails', (layer, min) => {
    const before = tf.memory().numTensors;
    expect(works(vgg, min, min + 3, layer).slice(1, 3).every((d) => d >= 1)).toBe(true);
    if (min > 1) {
      expect(() => works(vgg, min - 1, min + 3, layer)).toThrow(
        `vgg19.extract: image is ${min - 1}×${min + 3} but layer '${layer}' of vgg19 needs at least ${min}×${min} pixels (${min} per side, from its strides and pools); resize the image or request a shallower layer.`,
      );
      expect(() => works(vgg, min + 3, min - 1, layer)).toThrow(`image is ${min + 3}×${min - 1} but layer '${layer}'`);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the deepest requested layer', () => {
    const image = tf.fill([1, 10, 10, 3], 1) as tf.Tensor4D;
    expect(() => vgg.extract(image, ['conv1_1', 'conv5_1', 'conv2_1'])).toThrow("layer 'conv5_1' of vgg19 needs at least 16×16 pixels");
    image.dispose();
  });

  const squeezeCases: [string, number, number][] = [['conv1', 3, 1], ['pool1', 7, 1], ['fire3', 7, 1], ['pool3', 15, 1], ['fire5', 15, 1], ['pool5', 31, 1], ['fire9', 31, 1]];
  it.each(squeezeCases)('SqueezeNet 1.1 %s: %i px per side works (giving %i px), one less fails', (layer, min, side) => {
    const before = tf.memory().numTensors;
    expect(works(squeeze, min, min, layer).slice(1, 3)).toEqual([side, side]);
    expect(() => works(squeeze, min - 1, min, layer)).toThrow(
      `squeezenet1.1.extract: image is ${min - 1}×${min} but layer '${layer}' of squeezenet1.1 needs at least ${min}×${min} pixels`,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
