// `stylegrad stylize --style-loss sliced-wasserstein --average 0.9` on real files (VGG-19, Tübingen × The Starry
// Night at 64 px, 3 iterations), in-process through runStylizeCommand.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStylizeCommand } from '../../src/cli/commands/stylize';
import { CONTENT_IMAGE as CONTENT, STYLE_IMAGE as STYLE, VGG19_WEIGHTS as WEIGHTS } from '../helpers/sharedData';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-cli-style-loss-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stylegrad stylize --style-loss', () => {
  it('writes the image of a sliced Wasserstein run with iterate averaging; frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const output = path.join(dir, 'sliced.png');
    const result = await runStylizeCommand(
      { content: CONTENT, style: [STYLE], output, weights: WEIGHTS, size: '64', iterations: '3', styleLoss: 'sliced-wasserstein', average: '0.9' },
      { log: () => undefined, progress: false },
    );
    const meta = await sharp(output).metadata();
    expect([meta.width, meta.height]).toEqual([64, 48]);
    const history = JSON.parse(await readFile(result.history, 'utf8')) as { history: { loss: { style: number } }[]; deliveredLoss: { style: number } };
    expect(history.history).toHaveLength(3);
    expect(history.deliveredLoss.style).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
