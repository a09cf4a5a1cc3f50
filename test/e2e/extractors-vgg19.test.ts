// VGG-19 on real weights (../shared/data/weights/vgg19-notop-uint8) against PyTorch (float64) reading the same
// uint8 files: scripts/reference/extractors_vgg19.py → test/fixtures/reference/extractors_vgg19.json.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from '../../src/extractors/types';
import { loadVgg19FromPath } from '../../src/node/loadVgg19FromPath';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { DATA, fixtureImage, layerErrors, readFixture, readJson, type LayerSummary } from './referenceCompare';

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
      let worst = 0;
      for (const name of names) {
        const actual = features[name] as tf.Tensor4D;
        const ref = reference[name] as LayerSummary;
        expect(actual.shape, name).toEqual(ref.shape);
        const e = layerErrors(actual, ref);
        worst = Math.max(worst, e.sum, e.norm, e.samples);
        expect(e.sum, `${name} sum`).toBeLessThan(1e-4);
        expect(e.norm, `${name} norm`).toBeLessThan(1e-4);
        expect(e.samples, `${name} samples`).toBeLessThan(1e-4);
      }
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
