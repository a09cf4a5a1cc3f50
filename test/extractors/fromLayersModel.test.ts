import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { fromLayersModel } from '../../src/extractors/fromLayersModel';
import { pick } from './vggWeights';

/** c1 = 1×1 conv summing the 3 channels (ones kernel, bias 1); c2 = 1×1 conv doubling c1; then flatten + dense. */
function tinyModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [4, 4, 3] });
  const c1 = tfl.layers.conv2d({ name: 'c1', filters: 1, kernelSize: 1, kernelInitializer: 'ones', biasInitializer: tfl.initializers.constant({ value: 1 }) }).apply(input) as tfl.SymbolicTensor;
  const c2 = tfl.layers.conv2d({ name: 'c2', filters: 1, kernelSize: 1, kernelInitializer: tfl.initializers.constant({ value: 2 }), useBias: false }).apply(c1) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(c2) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ name: 'dense', units: 2 }).apply(flat) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'tiny' });
}

describe('fromLayersModel', () => {
  it('taps named layers in one pass, with the chosen preprocessing', () => {
    const extractor = fromLayersModel(tinyModel());
    expect(extractor.id).toBe('tiny');
    expect(extractor.layers).toEqual(['c1', 'c2']); // flat and dense are not [B, h, w, c]
    // Pixel (1, 2, 3): c1 = 1 + 2 + 3 + 1 = 7, c2 = 2 · 7 = 14.
    const image = tf.tile(tf.tensor3d([[[1, 2, 3]]]), [4, 4, 1]) as tf.Tensor3D;
    const f = extractor.extract(image, ['c2', 'c1']);
    expect(pick(f, 'c1').shape).toEqual([1, 4, 4, 1]);
    expect(pick(f, 'c1').dataSync()[0]).toBe(7);
    expect(pick(f, 'c2').dataSync()[5]).toBe(14);
    tf.dispose(Object.values(f));
    // 'caffe': BGR minus means → (3 − 103.939) + (2 − 116.779) + (1 − 123.68) + 1 = −337.398.
    const caffe = fromLayersModel(tinyModel(), { preprocess: 'caffe', layers: ['c1'], id: 'mine' });
    const g = pick(caffe.extract(image, ['c1']), 'c1');
    expect(g.dataSync()[0]).toBeCloseTo(-337.398, 3);
    expect(caffe.id).toBe('mine');
    tf.dispose([g, image]);
    extractor.dispose();
    caffe.dispose();
  });

  it('is differentiable with respect to the image (not on wasm: see docs/extractors.md)', () => {
    const extractor = fromLayersModel(tinyModel());
    const image = tf.randomUniform([4, 4, 3], 0, 255) as tf.Tensor3D;
    const gradient = (): tf.Tensor => tf.grad((x: tf.Tensor) => tf.sum(pick(extractor.extract(x as tf.Tensor3D, ['c2']), 'c2')))(image);
    if (tf.getBackend() === 'wasm') {
      // tfjs-layers convs use tf.fused.conv2d with a linear activation, whose gradient always evaluates the
      // filter gradient too, and tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel.
      expect(gradient).toThrow(/Conv2DBackpropFilter' not registered for backend 'wasm'/);
    } else {
      const grad = gradient();
      // d/dx Σ c2 = 2 for every pixel and channel.
      expect(Array.from(new Set(grad.dataSync()))).toEqual([2]);
      grad.dispose();
    }
    image.dispose();
    extractor.dispose();
  });

  it('rejects unknown and non-4-D layers, listing the valid names; leaks nothing', () => {
    const before = tf.memory().numTensors;
    const model = tinyModel();
    expect(() => fromLayersModel(model, { layers: ['c3'] })).toThrow("fromLayersModel: options.layers contains unknown layer 'c3'; the model's layers: c1, c2, flat, dense.");
    expect(() => fromLayersModel(model, { layers: ['dense'] })).toThrow(/layer 'dense' whose output shape \[null,2\] is not \[B, h, w, c\]/);
    const extractor = fromLayersModel(model);
    const image = tf.zeros([4, 4, 3]) as tf.Tensor3D;
    expect(() => extractor.extract(image, ['flat'])).toThrow(/unknown layer 'flat' for tiny; valid layers: c1, c2/);
    tf.dispose(Object.values(extractor.extract(image, ['c1'])));
    tf.dispose(Object.values(extractor.extract(image, ['c1', 'c2'])));
    image.dispose();
    extractor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
