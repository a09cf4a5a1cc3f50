// VGG-16 end to end without real weights (none exist here): VGG-16-shaped weights made in the test are written
// as a Keras-layout .h5 (h5wasm) and converted to tfjs folders (float32, uint8) with the `convert` CLI command,
// then loaded back through the public loaders and compared with an extractor built from the originals.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConvertCommand } from '../../src/cli/commands/convert';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import { loadVgg16FromPath } from '../../src/node/loadVgg16FromPath';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { writeKerasH5 } from '../io/writeKerasH5';
import { pick } from '../extractors/vggWeights';

const BLOCKS = [2, 2, 3, 3, 3];
const CHANNELS = [64, 128, 256, 512, 512];

/** Distinct, deterministic, He-scaled values per tensor: sin(i + seed) · sqrt(6 / fan-in) (cheap on cpu). */
function vgg16Weights(blocks: number): Record<string, tf.Tensor> {
  const w: Record<string, tf.Tensor> = {};
  let cin = 3;
  let seed = 0;
  BLOCKS.slice(0, blocks).forEach((convs, i) => {
    const cout = CHANNELS[i] as number;
    for (let n = 1; n <= convs; n++) {
      const name = `block${i + 1}_conv${n}`;
      const size = 9 * cin * cout;
      w[`${name}/kernel`] = tf.tidy(() => tf.reshape(tf.mul(tf.sin(tf.add(tf.range(0, size), ++seed)), Math.sqrt(6 / (9 * cin))), [3, 3, cin, cout]));
      w[`${name}/bias`] = tf.tidy(() => tf.mul(tf.cos(tf.add(tf.range(0, cout), ++seed)), 0.5));
      cin = cout;
    }
  });
  return w;
}

/**
 * The suite, for VGG-16 blocks 1..`blocks`: unit tests (cpu, wasm) use blocks 1-2 to stay fast; the e2e
 * suite runs all five blocks once on the fastest backend.
 */
export function vgg16LoaderSuite(blocks: number, size: number, deepest: string): void {
describe(`VGG-16 blocks 1-${blocks} through the .h5 and tfjs-folder loaders and the convert command`, () => {
  let dir: string;
  let weights: Record<string, tf.Tensor>;
  let h5Path: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'stylegrad-vgg16-'));
    weights = vgg16Weights(blocks);
    const layers: Record<string, [string, tf.Tensor][]> = { input_1: [] };
    BLOCKS.slice(0, blocks).forEach((convs, i) => {
      for (let n = 1; n <= convs; n++) {
        const name = `block${i + 1}_conv${n}`;
        layers[name] = [[`${name}/kernel:0`, weights[`${name}/kernel`] as tf.Tensor], [`${name}/bias:0`, weights[`${name}/bias`] as tf.Tensor]];
      }
      layers[`block${i + 1}_pool`] = [];
    });
    h5Path = path.join(dir, 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
    writeFileSync(h5Path, await writeKerasH5(layers));
  });
  afterAll(() => {
    tf.dispose(Object.values(weights));
    rmSync(dir, { recursive: true, force: true });
  });

  const convert = async (args: string[]): Promise<void> => {
    const program = new Command('stylegrad').exitOverride();
    registerConvertCommand(program);
    const backend = tf.getBackend();
    await program.parseAsync(['node', 'stylegrad', 'convert', ...args]);
    expect(tf.getBackend()).toBe(backend); // the command keeps the backend in use
  };

  it('loads the .h5 and a converted float32 folder bit-exactly; features equal the originals', async () => {
    await convert([h5Path, path.join(dir, 'f32')]);
    const bytes = Object.values(weights).reduce((a, t) => a + 4 * t.size, 0);
    const shards = Math.ceil(bytes / (4 * 1024 * 1024));
    expect(readdirSync(path.join(dir, 'f32')).sort()).toEqual([...Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`), 'model.json'].sort());
    const reference = createVggExtractor(weights, { variant: 'vgg16' });
    const image = tf.randomUniform([size, size, 3], 0, 255, 'float32', 1) as tf.Tensor3D;
    const expected = reference.extract(image, ['relu2_2', deepest]);
    for (const source of [h5Path, path.join(dir, 'f32')]) {
      const loaded = await loadWeightsFromPath(source);
      expect(Object.keys(loaded.tensors).sort()).toEqual(Object.keys(weights).sort());
      for (const [name, t] of Object.entries(weights)) {
        expect(tf.tidy(() => tf.max(tf.abs(tf.sub(loaded.tensors[name] as tf.Tensor, t))).dataSync()[0]), `${source} ${name}`).toBe(0);
      }
      tf.dispose(Object.values(loaded.tensors));
      const vgg = await loadVgg16FromPath(source);
      expect(vgg.id).toBe('vgg16');
      const f = vgg.extract(image, ['relu2_2', deepest]);
      expect(pick(f, deepest).shape).toEqual(pick(expected, deepest).shape);
      if (blocks < 5) expect(() => vgg.extract(image, ['block5_conv3'])).toThrow(/weight 'block\d_conv1\/kernel' is not in/);
      expect(pick(f, 'relu2_2').arraySync()).toEqual(pick(expected, 'relu2_2').arraySync());
      expect(pick(f, deepest).arraySync()).toEqual(pick(expected, deepest).arraySync());
      tf.dispose(Object.values(f));
      vgg.dispose();
    }
    tf.dispose([image, ...Object.values(expected)]);
    reference.dispose();
  });

  it('--quantize uint8 / float16 write folders whose weights are within the quantisation error', async () => {
    await convert([h5Path, path.join(dir, 'u8'), '--quantize', 'uint8']);
    await convert([h5Path, path.join(dir, 'f16'), '--quantize', 'float16']);
    const u8 = await loadWeightsFromPath(path.join(dir, 'u8'));
    const f16 = await loadWeightsFromPath(path.join(dir, 'f16'));
    for (const [name, t] of Object.entries(weights)) {
      const [min, max] = tf.tidy(() => [tf.min(t).dataSync()[0] as number, tf.max(t).dataSync()[0] as number]);
      const du8 = tf.tidy(() => tf.max(tf.abs(tf.sub(u8.tensors[name] as tf.Tensor, t))).dataSync()[0] as number);
      // Half precision rounds to 11 significant bits: |error| ≤ 2^-11·|x| for normals, ≤ 2^-25 (half the
      // subnormal step 2^-24) below 2^-14. The ratio error / max(2^-11·|x|, 2^-25) must stay ≤ 1.
      const rel16 = tf.tidy(() => tf.max(tf.div(tf.abs(tf.sub(f16.tensors[name] as tf.Tensor, t)), tf.maximum(tf.mul(tf.abs(t), 2 ** -11), 2 ** -25))).dataSync()[0] as number);
      expect(du8, name).toBeLessThanOrEqual((max - min) / 255 / 2 + 1e-6);
      expect(rel16, name).toBeLessThanOrEqual(1 + 1e-3);
    }
    tf.dispose([...Object.values(u8.tensors), ...Object.values(f16.tensors)]);
    await expect(convert([h5Path, path.join(dir, 'bad'), '--quantize', 'int4'])).rejects.toThrow('stylegrad convert: --quantize must be uint8, float16 or float32; got \'int4\'.');
  });
});
}


