// The CLI takes its feature network from the weights: without --extractor the network the weights are is used (and
// said, and recorded); an --extractor that is not the weights' network is refused, naming both, before anything runs.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStylizeCommand, type StylizeCommandOptions } from '../../src/cli/commands/stylize';
import { runTrainCommand, type TrainCommandOptions } from '../../src/cli/commands/train';
import { ROOT, DATA, CONTENT_IMAGE as CONTENT, STYLE_IMAGE as STYLE, SQUEEZENET_WEIGHTS as SQUEEZENET } from '../helpers/sharedData';

const VGG19 = path.join(DATA, 'weights/vgg19-notop-uint8');
let dir = '';
let lines: string[] = [];
const io = { log: (line: string) => lines.push(line), progress: false };
const stylizeOptions = (output: string, more: Partial<StylizeCommandOptions>): StylizeCommandOptions => ({
  content: CONTENT, style: [STYLE], output, size: '48', iterations: '1', multiScale: false, ...more,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-extractor-'));
  await mkdir(path.join(dir, 'in'));
  await copyFile(path.join(DATA, 'images/train/kodim01.png'), path.join(dir, 'in', 'kodim01.png'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stylegrad stylize: the network comes from the weights', () => {
  it('uses squeezenet1.1 for SqueezeNet weights without --extractor, says so and records it', async () => {
    lines = [];
    const before = tf.memory().numTensors;
    const output = path.join(dir, 'squeeze.png');
    const result = await runStylizeCommand(stylizeOptions(output, { weights: SQUEEZENET, contentLayers: 'fire2', styleLayers: 'conv1,fire3' }), io);
    expect(lines).toContain("Extractor: squeezenet1.1 (from the weights; preset 'default' names vgg19)");
    const history = JSON.parse(await readFile(result.history, 'utf8')) as { extractor: string };
    expect(history.extractor).toBe('squeezenet1.1');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses the preset network quietly when the weights are that network', async () => {
    lines = [];
    const result = await runStylizeCommand(stylizeOptions(path.join(dir, 'cs231n.png'), { weights: SQUEEZENET, preset: 'cs231n-squeezenet' }), io);
    expect(lines).toContain('Extractor: squeezenet1.1 (from the weights)');
    expect((JSON.parse(await readFile(result.history, 'utf8')) as { extractor: string }).extractor).toBe('squeezenet1.1');
  });

  it('runs a VGG-16 preset on VGG-19 weights (its layers exist there), saying which network the preset names', async () => {
    lines = [];
    const result = await runStylizeCommand(stylizeOptions(path.join(dir, 'keras.png'), { weights: VGG19, preset: 'keras-vgg16-adam' }), io);
    expect(lines).toContain("Extractor: vgg19 (from the weights; preset 'keras-vgg16-adam' names vgg16)");
    expect((JSON.parse(await readFile(result.history, 'utf8')) as { extractor: string }).extractor).toBe('vgg19');
  });

  it("refuses a preset whose layers the weights' network lacks, before any image is read, and writes nothing", async () => {
    lines = [];
    const before = tf.memory().numTensors;
    const output = path.join(dir, 'refused-preset.png');
    await expect(runStylizeCommand(stylizeOptions(output, { weights: SQUEEZENET }), io)).rejects.toThrow(
      /^stylegrad: --preset 'default' is made for vgg19: its content layer 'conv4_2' is not a layer of squeezenet1\.1 \(the network the weights are\); pass a preset made for SqueezeNet 1\.1 \(--preset 'cs231n-squeezenet'\), or --content-layers naming squeezenet1\.1 layers .*, or VGG-19 weights\.$/,
    );
    await expect(runStylizeCommand(stylizeOptions(output, { weights: VGG19, preset: 'cs231n-squeezenet' }), io)).rejects.toThrow(
      /^stylegrad: --preset 'cs231n-squeezenet' is made for squeezenet1\.1: its content layer 'fire2' is not a layer of vgg19/,
    );
    expect(lines.some((line) => line.startsWith('Scale '))).toBe(false);
    expect(await readdir(dir)).not.toContain('refused-preset.png');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses --extractor vgg16 with VGG-19 weights, naming both, and writes nothing', async () => {
    lines = [];
    const before = tf.memory().numTensors;
    const output = path.join(dir, 'mismatch.png');
    await expect(runStylizeCommand(stylizeOptions(output, { weights: VGG19, extractor: 'vgg16' }), io)).rejects.toThrow(
      `stylegrad: --extractor vgg16 does not match --weights: '${VGG19}' holds VGG-19 weights (it has block5_conv4), not VGG-16; pass --extractor vgg19, or leave --extractor out to use the network the weights are.`,
    );
    expect(lines.some((line) => line.startsWith('Extractor: '))).toBe(false);
    expect((await readdir(dir)).filter((name) => name.startsWith('mismatch'))).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('stylegrad train: the network comes from the weights', () => {
  const trainOptions = (output: string, more: Partial<TrainCommandOptions>): TrainCommandOptions => ({
    style: STYLE, images: path.join(dir, 'in'), weights: VGG19, output, steps: '1', batchSize: '1', cropSize: '32', resizeTo: '48', styleSize: '48', ...more,
  });

  it('trains on vgg19 with VGG-19 weights and no --extractor, and records it', async () => {
    lines = [];
    const output = path.join(dir, 'model');
    const history = await runTrainCommand(trainOptions(output, {}), io);
    expect(history).toHaveLength(1);
    expect(lines).toContain('Extractor: vgg19 (from the weights)');
    expect((JSON.parse(await readFile(path.join(output, 'history.json'), 'utf8')) as { extractor: string }).extractor).toBe('vgg19');
  });

  it('refuses --extractor vgg16 with VGG-19 weights, naming both, and writes no model', async () => {
    const output = path.join(dir, 'model-vgg16');
    await expect(runTrainCommand(trainOptions(output, { extractor: 'vgg16' }), io)).rejects.toThrow(
      `stylegrad train: --extractor vgg16 does not match --weights: '${VGG19}' holds VGG-19 weights (it has block5_conv4), not VGG-16; pass --extractor vgg19, or leave --extractor out to use the network the weights are.`,
    );
    expect(await readdir(dir)).not.toContain('model-vgg16');
  });

  it('refuses SqueezeNet weights: the loss network is a VGG', async () => {
    await expect(runTrainCommand(trainOptions(path.join(dir, 'model-squeeze'), { weights: SQUEEZENET }), io)).rejects.toThrow(
      /^stylegrad train: --weights '.*\.h5' holds SqueezeNet 1\.1 weights; train's loss network is VGG-16 or VGG-19/,
    );
  });
});

describe('entry point (child process)', () => {
  const exec = promisify(execFile);
  const cli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });

  it('exits 1 with one line naming VGG-19 and VGG-16 for --extractor vgg16 on VGG-19 weights', async () => {
    const output = path.join(dir, 'child.png');
    const failure = await cli(['-c', CONTENT, '-s', STYLE, '-o', output, '-w', VGG19, '--extractor', 'vgg16', '--size', '48']).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr.trim().split('\n')).toEqual([
      `stylegrad: --extractor vgg16 does not match --weights: '${VGG19}' holds VGG-19 weights (it has block5_conv4), not VGG-16; pass --extractor vgg19, or leave --extractor out to use the network the weights are.`,
    ]);
    expect((await readdir(dir)).filter((name) => name.startsWith('child'))).toEqual([]);
  });

  it('help says the default network is the one the weights are', async () => {
    for (const command of ['stylize', 'train']) {
      const { stdout } = await cli([command, '--help']);
      expect(stdout.replace(/\s+/g, ' ')).toContain('(default: the network the weights are)');
    }
  });
});
