// SqueezeNet 1.1 from the real Keras .h5 (via h5wasm) against PyTorch (float64, same file via h5py):
// scripts/reference/extractors_squeezenet.py → test/fixtures/reference/extractors_squeezenet.json.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadSqueezeNetFromPath } from '../../src/node/loadSqueezeNetFromPath';
import { compareInputGradients, DATA, expectFeaturesMatchReference, fixtureImage, readFixture, type LayerSummary } from './referenceCompare';

interface Fixture {
  input: { shape: number[]; base64: string };
  max: Record<string, LayerSummary>;
  average: Record<string, LayerSummary>;
}

const H5 = path.join(DATA, 'weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5');

describe('SqueezeNet 1.1 (Keras .h5) matches PyTorch at every layer', () => {
  const fixture = readFixture('extractors_squeezenet.json') as Fixture;
  for (const pooling of ['max', 'average'] as const) {
    it(`${pooling} pooling: relative error < 1e-4 in sum, norm and sampled entries`, async () => {
      const squeeze = await loadSqueezeNetFromPath(H5, { pooling });
      expect(squeeze.layers).toEqual(['conv1', 'pool1', 'fire2', 'fire3', 'pool3', 'fire4', 'fire5', 'pool5', 'fire6', 'fire7', 'fire8', 'fire9']);
      const image = fixtureImage(fixture.input);
      const reference = fixture[pooling];
      const names = Object.keys(reference);
      const features = squeeze.extract(image, names);
      const worst = expectFeaturesMatchReference(features, reference);
      console.info(`squeezenet1.1 ${pooling} pooling, ${names.length} layers: worst relative error ${worst.toExponential(2)}`);
      tf.dispose([image, ...Object.values(features)]);
      squeeze.dispose();
    });
  }
});

describe('SqueezeNet 1.1 input gradient on this backend', () => {
  it('the fast input gradient equals the stock one and the portable path (tfjs-node: ReluGrad)', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const fast = await loadSqueezeNetFromPath(H5);
    const stock = await loadSqueezeNetFromPath(H5, { fastInputGradient: false });
    const image = tf.randomUniform([1, 67, 61, 3], 0, 255, 'float32', 5) as tf.Tensor4D;
    const { vsStock, vsPortable } = compareInputGradients(fast, stock, image, ['conv1', 'fire3', 'fire5', 'fire9']);
    console.info(`squeezenet1.1 on ${tf.getBackend()}: input gradient max diff / max |grad|: vs stock ${vsStock.toExponential(2)}, vs portable path ${vsPortable.toExponential(2)}`);
    expect(vsStock).toBeLessThan(1e-5);
    expect(vsPortable).toBe(0); // ReluGrad and dy · cast(y > 0) are the same products by 0 or 1
    image.dispose();
    fast.dispose();
    stock.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore); // ReluGrad's outputs are tracked and freed like any tensor
  });
});
