// SqueezeNet 1.1 from the real Keras .h5 (via h5wasm) against PyTorch (float64, same file via h5py):
// scripts/reference/extractors_squeezenet.py → test/fixtures/reference/extractors_squeezenet.json.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadSqueezeNetFromPath } from '../../src/node/loadSqueezeNetFromPath';
import { DATA, expectFeaturesMatchReference, fixtureImage, readFixture, type LayerSummary } from './referenceCompare';

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
