import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { createSqueezeNetExtractor } from '../../src/extractors/createSqueezeNetExtractor';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import { fromLayersModel } from '../../src/extractors/fromLayersModel';
import { randomSqueezeNetWeights } from './squeezeNetWeights';
import { randomVggWeights } from './vggWeights';

const image = (): tf.Tensor4D => tf.fill([1, 16, 16, 3], 100) as tf.Tensor4D;

describe('extractors used after dispose() throw a StylegradError naming the function', () => {
  it('VGG and SqueezeNet extractors', () => {
    const vggWeights = randomVggWeights('vgg19', 1);
    const squeezeWeights = randomSqueezeNetWeights();
    const before = tf.memory().numTensors;
    const x = image();
    const vgg = createVggExtractor(vggWeights);
    vgg.dispose();
    vgg.dispose(); // twice is harmless
    expect(() => vgg.extract(x, ['conv1_1'])).toThrow(new StylegradError('vgg19.extract', 'this', 'is an extractor that has been disposed.'));
    const squeeze = createSqueezeNetExtractor(squeezeWeights);
    squeeze.dispose();
    expect(() => squeeze.extract(x, ['conv1'])).toThrow('squeezenet1.1.extract: this is an extractor that has been disposed.');
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...Object.values(vggWeights), ...Object.values(squeezeWeights)]);
  });

  it('fromLayersModel: disposed extractor, and a model disposed by its owner (disposeModel: false)', () => {
    const build = (): tfl.LayersModel =>
      tfl.sequential({ layers: [tfl.layers.conv2d({ name: 'c', inputShape: [null, null, 3] as unknown as number[], filters: 2, kernelSize: 3, padding: 'same' })] });
    const x = image();
    const owned = fromLayersModel(build(), { id: 'mine' });
    owned.dispose();
    expect(() => owned.extract(x, ['c'])).toThrow('mine.extract: this is an extractor that has been disposed.');
    const model = build();
    const borrowed = fromLayersModel(model, { id: 'borrowed', disposeModel: false });
    tf.dispose(Object.values(borrowed.extract(x, ['c'])));
    model.dispose();
    const before = tf.memory().numTensors;
    expect(() => borrowed.extract(x, ['c'])).toThrow(
      'borrowed.extract: this wraps a LayersModel that has been disposed (it was created with disposeModel: false and disposed by its owner); build the extractor from a live model.',
    );
    expect(tf.memory().numTensors).toBe(before);
    borrowed.dispose();
    x.dispose();
  });
});
