// Saving as a tfjs layers-model folder and loading back: identical outputs, the LayersModel itself
// computes the network, and bad folders give clear errors.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';
import { applyTransform, createTransformNet, registerTransformNetLayers, transformNetToLayersModel } from '../../src/index';
import { fileSystemIOHandler, loadTransformNetFromPath, saveTransformNetToPath } from '../../src/node/index';
import { InstanceNorm } from '../../src/feedforward/internal/layers';
import type { TransformNet } from '../../src/feedforward/types';
import { DATA } from './pretrainedReference';
import { useTemporaryFolder } from '../helpers/useTemporaryFolder';

const dir = useTemporaryFolder('stylegrad-ff-save-');

const image = (h: number, w: number, seed: number) => tf.randomUniform<tf.Rank.R4>([2, h, w, 3], 0, 255, 'float32', seed);

async function expectRoundTrip(net: TransformNet, folder: string, h: number, w: number): Promise<void> {
  await saveTransformNetToPath(net, folder);
  const reloaded = await loadTransformNetFromPath(folder);
  expect(reloaded.architecture).toBe(net.architecture);
  const x = image(h, w, 7);
  const a = applyTransform(net, x);
  const b = applyTransform(reloaded, x);
  // Same float32 weights, same ops: bit-identical.
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));

  // A plain tf.loadLayersModel of the folder computes the same images (uncropped; sizes here are ×4).
  registerTransformNetLayers();
  const model = await tfl.loadLayersModel(fileSystemIOHandler(folder));
  const predicted = model.predict(x) as tf.Tensor;
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(predicted, a))).dataSync()[0] as number);
  expect(diff).toBeLessThan(1e-3);
  model.dispose();
  tf.dispose([x, a, b, predicted]);
  reloaded.dispose();
}

describe('saveTransformNet / loadTransformNet', () => {
  test('a pytorch-examples network round-trips exactly', async () => {
    const net = createTransformNet({ seed: 3 });
    await expectRoundTrip(net, path.join(dir(), 'torch'), 12, 12);
    net.dispose();
  });

  test('a pretrained lengstrom network round-trips exactly', async () => {
    const net = await loadTransformNetFromPath(path.join(DATA, 'fast-style', 'udnie'));
    await expectRoundTrip(net, path.join(dir(), 'udnie'), 12, 16);
    net.dispose();
  });

  test('createTransformNet: 62 weights (PyTorch init bounds ±1/√fan_in), deterministic per seed, freed by dispose', () => {
    const before = tf.memory().numTensors;
    const a = createTransformNet({ seed: 8 });
    const b = createTransformNet({ seed: 8 });
    // 15 normalised convs × (kernel, bias, gamma, beta) + the output conv's kernel and bias.
    expect(tf.memory().numTensors).toBe(before + 2 * 62);
    expect(Array.from((b.weights['conv2/kernel'] as tf.Variable).dataSync())).toEqual(Array.from((a.weights['conv2/kernel'] as tf.Variable).dataSync()));
    // conv2: fan_in = 3·3·32 = 288 → bound 1/√288 ≈ 0.0589.
    const max = tf.tidy(() => tf.max(tf.abs(a.weights['conv2/kernel'] as tf.Variable)).dataSync()[0] as number);
    expect(max).toBeLessThanOrEqual(1 / Math.sqrt(288));
    expect(max).toBeGreaterThan(0.9 / Math.sqrt(288));
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => createTransformNet({ seed: 1.5 })).toThrow('createTransformNet: options.seed must be an integer; got 1.5.');
  });

  test('save, load and transformNetToLayersModel leak nothing', async () => {
    const net = createTransformNet({ seed: 4 });
    const before = tf.memory().numTensors;
    await saveTransformNetToPath(net, path.join(dir(), 'leak'));
    const reloaded = await loadTransformNetFromPath(path.join(dir(), 'leak'));
    reloaded.dispose();
    transformNetToLayersModel(net).dispose();
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  test('a folder with a missing shard or a mismatched weight gives a clear error', async () => {
    const net = createTransformNet({ seed: 5 });
    const folder = path.join(dir(), 'broken');
    await saveTransformNetToPath(net, folder);
    net.dispose();
    const modelJson = JSON.parse(await readFile(path.join(folder, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[] }[] }[];
      modelTopology: { config: { layers: { name: string; config: { filters?: number } }[] } };
    };
    // A shard that is not there.
    const missing = structuredClone(modelJson);
    (missing.weightsManifest[0] as { paths: string[] }).paths = ['nope.bin'];
    await writeFile(path.join(folder, 'model.json'), JSON.stringify(missing));
    await expect(loadTransformNetFromPath(folder)).rejects.toThrow(/weight file 'nope.bin' that could not be read/);
    // A layers model of another architecture: 'out' with 4 filters instead of 3.
    const wrong = structuredClone(modelJson);
    const out = wrong.modelTopology.config.layers.find((l) => l.name === 'out');
    if (out) out.config.filters = 4;
    for (const w of wrong.weightsManifest[0]?.weights ?? []) if (w.name.startsWith('out/')) w.shape = w.shape.map((d) => (d === 3 ? 4 : d));
    await writeFile(path.join(folder, 'model.json'), JSON.stringify(wrong));
    // The manifest's shapes now need more bytes than the shards hold: refused before tfjs decodes anything.
    await expect(loadTransformNetFromPath(folder)).rejects.toThrow(/fileSystemIOHandler: weightsManifest\[0\]\.paths\[1\] \('group1-shard2of2\.bin' of .*\) holds \d+ bytes but \d+ are expected/);
  });

  test('a transform-like layers model with other shapes names the weight and both shapes', async () => {
    registerTransformNetLayers();
    const folder = path.join(dir(), 'small');
    const input = tfl.input({ shape: [null, null, 3] });
    const conv = tfl.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    const normed = new InstanceNorm({ name: 'conv1_norm', epsilon: 1e-5 }).apply(conv) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: normed });
    await model.save(fileSystemIOHandler(folder));
    model.dispose();
    await expect(loadTransformNetFromPath(folder)).rejects.toThrow(
      "loadTransformNet: source has weight 'conv1/kernel' of shape [3, 3, 3, 8], but the pytorch-examples architecture needs [9, 9, 3, 32].",
    );
  });

  test('a layers model that is not a transform network is rejected', async () => {
    const folder = path.join(dir(), 'dense');
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    await model.save(fileSystemIOHandler(folder));
    model.dispose();
    await expect(loadTransformNetFromPath(folder)).rejects.toThrow(/without StylegradInstanceNorm layers .* not a stylegrad transformation network/);
  });
});
