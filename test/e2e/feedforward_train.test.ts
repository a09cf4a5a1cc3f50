// Training a pytorch-examples transformation network on a few Kodak images at 64² with VGG-19:
// the loss falls, a resumed run continues the same trajectory, and a saved network reloads exactly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { applyTransform, createTransformNet, trainTransformNet, type FeatureExtractor, type TrainEvent, type TrainingLossRecord, type TrainTransformNetOptions } from '../../src/index';
import { loadTrainingCheckpoint, loadTransformNetFromPath, loadVgg19FromPath, readImage, saveTrainingCheckpoint, saveTransformNetToPath, trainingImagesFromFolder } from '../../src/node/index';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
let extractor: FeatureExtractor;
let style: tf.Tensor3D;
let dir: string;
const trainFolder = path.join(DATA, 'images/train');

beforeAll(async () => {
  extractor = await loadVgg19FromPath(path.join(DATA, 'weights/vgg19-notop-uint8'));
  style = await readImage(path.join(DATA, 'images/style/udnie.jpg'), { size: 128 });
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-train-'));
});
afterAll(async () => {
  extractor.dispose();
  style.dispose();
  await rm(dir, { recursive: true });
});

async function collect(events: AsyncIterable<TrainEvent>, onCheckpoint?: (e: TrainEvent & { type: 'checkpoint' }) => Promise<void>): Promise<TrainingLossRecord[]> {
  const history: TrainingLossRecord[] = [];
  for await (const event of events) {
    if (event.type === 'step') history.push(event.loss);
    if (event.type === 'checkpoint' && onCheckpoint) await onCheckpoint(event);
  }
  return history;
}

test('12 steps at 64² (batch 2, lr 1e-2) lower the loss below 0.7× the first step, leak-free', async () => {
  const images = await trainingImagesFromFolder(trainFolder);
  const net = createTransformNet({ seed: 11 });
  const before = tf.memory().numTensors;
  const options: TrainTransformNetOptions = { net, extractor, style, images, steps: 12, batchSize: 2, cropSize: 64, resizeTo: 128, learningRate: 1e-2, seed: 5 };
  const history = await collect(trainTransformNet(options));
  expect(tf.memory().numTensors).toBe(before);
  expect(history).toHaveLength(12);
  const first = (history[0] as TrainingLossRecord).total;
  const last = history.slice(-3).reduce((s, r) => s + r.total, 0) / 3;
  console.log(`loss ${first.toExponential(3)} -> ${last.toExponential(3)} (ratio ${(last / first).toFixed(3)})`);
  expect(last).toBeLessThan(0.7 * first);
  // Terms sum to the total.
  for (const r of history) expect(r.content + r.style + r.tv).toBeCloseTo(r.total, -1);

  // Saved and reloaded, the trained network computes bit-identical images.
  await saveTransformNetToPath(net, path.join(dir, 'trained'));
  const reloaded = await loadTransformNetFromPath(path.join(dir, 'trained'));
  const probe = await readImage(path.join(trainFolder, 'kodim07.png'), { size: 64 });
  const [a, b] = [applyTransform(net, probe), applyTransform(reloaded, probe)];
  expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  tf.dispose([a, b, probe]);
  reloaded.dispose();
  net.dispose();
});

test('resuming from a saved checkpoint continues the same trajectory', async () => {
  const images = await trainingImagesFromFolder(trainFolder);
  const common = { extractor, style, images, batchSize: 2, cropSize: 48, resizeTo: 96, learningRate: 1e-2, seed: 9 };
  const netA = createTransformNet({ seed: 21 });
  const ckpt = path.join(dir, 'ckpt');
  const full = await collect(trainTransformNet({ ...common, net: netA, steps: 6, checkpointEvery: 3 }), async (e) => {
    if (e.state.step === 3) await saveTrainingCheckpoint(e.state, ckpt);
  });
  const netB = createTransformNet({ seed: 999 }); // different start: every weight comes from the checkpoint
  const before = tf.memory().numTensors;
  const resume = await loadTrainingCheckpoint(ckpt);
  expect(resume.step).toBe(3);
  expect(resume.history.map((r) => r.total)).toEqual(full.slice(0, 3).map((r) => r.total));
  const rest = await collect(trainTransformNet({ ...common, seed: 12345, net: netB, steps: 6, resume }));
  resume.dispose();
  expect(tf.memory().numTensors).toBe(before);
  expect(rest.map((r) => r.step)).toEqual([4, 5, 6]);
  rest.forEach((r, i) => {
    const expected = (full[i + 3] as TrainingLossRecord).total;
    expect(Math.abs(r.total - expected) / expected).toBeLessThan(1e-4);
  });
  const diff = tf.tidy(() => Math.max(...Object.keys(netA.weights).map((n) => tf.max(tf.abs(tf.sub(netA.weights[n] as tf.Tensor, netB.weights[n] as tf.Tensor))).dataSync()[0] as number)));
  expect(diff).toBeLessThan(1e-4);
  netA.dispose();
  netB.dispose();
});

test('an AbortSignal stops training between steps', async () => {
  const net = createTransformNet({ seed: 2 });
  const controller = new AbortController();
  const before = tf.memory().numTensors;
  const images = [tf.randomUniform<tf.Rank.R3>([40, 40, 3], 0, 255, 'float32', 1)];
  const run = async () => {
    for await (const event of trainTransformNet({ net, extractor, style, images, steps: 100, batchSize: 1, cropSize: 32, signal: controller.signal })) {
      if (event.type === 'step' && event.step === 2) controller.abort(new Error('stop now'));
    }
  };
  await expect(run()).rejects.toThrow('stop now');
  tf.dispose(images);
  expect(tf.memory().numTensors).toBe(before);
  net.dispose();
});
