// VGG-19 on real weights (../shared/data/weights/vgg19-notop-uint8) against PyTorch (float64) reading the same
// uint8 files: scripts/reference/extractors_vgg19.py → test/fixtures/reference/extractors_vgg19.json.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import { fromLayersModel } from '../../src/extractors/fromLayersModel';
import type { FeatureExtractor } from '../../src/extractors/types';
import { fileSystemIOHandler } from '../../src/node/fileSystemIOHandler';
import { loadVgg19FromPath } from '../../src/node/loadVgg19FromPath';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { compareInputGradients, DATA, expectFeaturesMatchReference, fixtureImage, layerErrors, readFixture, readJson, type LayerSummary } from './referenceCompare';

interface Vgg19Fixture {
  input: { shape: number[]; base64: string };
  max: Record<string, LayerSummary>;
  average: Record<string, LayerSummary>;
}

const UINT8 = path.join(DATA, 'weights/vgg19-notop-uint8');
const FLOAT32 = path.join(DATA, 'weights/vgg19-blocks1-3-float32');

describe('VGG-19 (uint8 tfjs folder) matches PyTorch at every conv and pool layer', () => {
  const fixture = readFixture('extractors_vgg19.json') as Vgg19Fixture;
  let image: tf.Tensor3D;
  beforeAll(() => {
    image = fixtureImage(fixture.input);
  });
  afterAll(() => image.dispose());

  for (const pooling of ['max', 'average'] as const) {
    it(`${pooling} pooling: relative error < 1e-4 in sum, norm and sampled entries`, async () => {
      const vgg: FeatureExtractor = await loadVgg19FromPath(UINT8, { pooling });
      const reference = fixture[pooling];
      const names = Object.keys(reference);
      const features = vgg.extract(image, names);
      const worst = expectFeaturesMatchReference(features, reference);
      console.info(`vgg19 ${pooling} pooling, ${names.length} layers: worst relative error ${worst.toExponential(2)}`);
      tf.dispose(Object.values(features));
      vgg.dispose();
    });
  }
});

describe('VGG-19 float32 blocks 1-3 folder (model.json lists shards that do not exist)', () => {
  it('loads what exists, and those weights agree with the uint8 ones within half a quantisation step', async () => {
    const f32 = await loadWeightsFromPath(FLOAT32);
    const u8 = await loadWeightsFromPath(UINT8);
    const loaded = Object.keys(f32.tensors);
    expect(loaded.length).toBe(16); // block1_conv1 .. block3_conv4, kernel + bias
    expect(Object.keys(f32.missing)).toContain('block4_conv1/kernel');
    const specs = new Map<string, { scale: number }>();
    const manifest = readJson(path.join(UINT8, 'model.json')) as { weightsManifest: { weights: { name: string; quantization: { scale: number } }[] }[] };
    for (const w of manifest.weightsManifest[0]?.weights ?? []) specs.set(w.name, w.quantization);
    for (const name of loaded) {
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(f32.tensors[name] as tf.Tensor, u8.tensors[name] as tf.Tensor))).dataSync()[0] as number);
      const step = specs.get(name)?.scale ?? 0;
      // Half a step of rounding, plus float32 round-off of q·scale + min.
      expect(diff, name).toBeLessThanOrEqual(step / 2 + 1e-6);
    }
    tf.dispose([...Object.values(f32.tensors), ...Object.values(u8.tensors)]);
  });

  it('extracts blocks 1-3, and names the missing file for deeper layers', async () => {
    const vgg = await loadVgg19FromPath(FLOAT32);
    const image = tf.randomUniform([32, 32, 3], 0, 255, 'float32', 1) as tf.Tensor3D;
    const f = vgg.extract(image, ['conv3_4', 'pool3']);
    expect(f.pool3?.shape).toEqual([1, 4, 4, 256]);
    expect(() => vgg.extract(image, ['conv4_2'])).toThrow(/layer 'block4_conv1' of vgg19, which cannot run: weight file 'group9-shard1of2' listed in .*vgg19-blocks1-3-float32\/model.json could not be read \(ENOENT/);
    tf.dispose([image, ...Object.values(f)]);
    vgg.dispose();
  });
});

describe('VGG-19 real weights through other paths', () => {
  it('tf.loadLayersModel(fileSystemIOHandler) + fromLayersModel (caffe) gives the same features as createVggExtractor', async () => {
    const model = await tfl.loadLayersModel(fileSystemIOHandler(UINT8));
    const keras = fromLayersModel(model, { preprocess: 'caffe' });
    expect(keras.layers).toContain('block5_pool');
    const vgg = await loadVgg19FromPath(UINT8);
    const image = tf.randomUniform([32, 32, 3], 0, 255, 'float32', 2) as tf.Tensor3D;
    const names = ['block1_conv1', 'block3_conv4', 'block4_conv2', 'block5_pool'];
    // createVggExtractor also takes the LayersModel itself (weights read by their original names).
    const fromModel = createVggExtractor(model);
    const a = keras.extract(image, names);
    const b = vgg.extract(image, names);
    const c = fromModel.extract(image, names);
    for (const name of names) {
      const rel = tf.tidy(() => (tf.norm(tf.sub(a[name] as tf.Tensor, b[name] as tf.Tensor)).dataSync()[0] as number) / (tf.norm(b[name] as tf.Tensor).dataSync()[0] as number));
      expect(rel, name).toBeLessThan(1e-5);
      expect((c[name] as tf.Tensor).arraySync(), name).toEqual((b[name] as tf.Tensor).arraySync());
    }
    tf.dispose([image, ...Object.values(a), ...Object.values(b), ...Object.values(c)]);
    fromModel.dispose();
    keras.dispose();
    vgg.dispose();
  });

  it('on this backend, the fast input gradient equals the stock one and the portable path (tfjs-node: ReluGrad, stock grad for conv1_1)', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const fast = await loadVgg19FromPath(UINT8);
    const stock = await loadVgg19FromPath(UINT8, { fastInputGradient: false });
    const image = tf.randomUniform([1, 40, 36, 3], 0, 255, 'float32', 7) as tf.Tensor4D;
    const { vsStock, vsPortable } = compareInputGradients(fast, stock, image, ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_2', 'conv5_1']);
    console.info(`vgg19 on ${tf.getBackend()}: input gradient max diff / max |grad|: vs stock ${vsStock.toExponential(2)}, vs portable path ${vsPortable.toExponential(2)}`);
    expect(vsStock).toBeLessThan(1e-5);
    expect(vsPortable).toBeLessThan(1e-5);
    image.dispose();
    fast.dispose();
    stock.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore); // ReluGrad's outputs are tracked and freed like any tensor
  });

  it('on wasm too: matches PyTorch (max pooling), and the fast input gradient equals the stock one', async () => {
    const previous = tf.getBackend();
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    try {
      const fixture = readFixture('extractors_vgg19.json') as Vgg19Fixture;
      const fast = await loadVgg19FromPath(UINT8);
      const stock = await loadVgg19FromPath(UINT8, { fastInputGradient: false });
      const image = fixtureImage(fixture.input);
      const names = Object.keys(fixture.max);
      const features = fast.extract(image, names);
      let worst = 0;
      for (const name of names) {
        const e = layerErrors(features[name] as tf.Tensor, fixture.max[name] as LayerSummary);
        worst = Math.max(worst, e.sum, e.norm, e.samples);
      }
      expect(worst).toBeLessThan(1e-4);
      tf.dispose(Object.values(features));
      const small = tf.slice(image, [24, 24, 0], [16, 16, 3]);
      const loss = (e: FeatureExtractor) => (x: tf.Tensor): tf.Scalar =>
        tf.addN(Object.values(e.extract(x as tf.Tensor3D, ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_2', 'conv5_1'])).map((t) => tf.mean(tf.square(t)))) as tf.Scalar;
      const g1 = tf.grad(loss(fast))(small);
      const g2 = tf.grad(loss(stock))(small);
      const rel = tf.tidy(() => (tf.max(tf.abs(tf.sub(g1, g2))).dataSync()[0] as number) / (tf.max(tf.abs(g2)).dataSync()[0] as number));
      console.info(`vgg19 on wasm: worst relative error vs PyTorch ${worst.toExponential(2)}; fast vs stock input gradient max diff / max |grad| = ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-5);
      tf.dispose([image, small, g1, g2]);
      fast.dispose();
      stock.dispose();
    } finally {
      await tf.setBackend(previous);
    }
  });
});
