// `stylegrad stylize --mask --style-strength` on real files (VGG-19, Tübingen × The Starry Night at 64 px, 3
// iterations), in-process: the written image keeps the content exactly where the mask (as read) is 0; and the
// mask flags' errors, each naming the flag.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStylizeCommand, type StylizeCommandOptions } from '../../src/cli/commands/stylize';
import { StylegradError } from '../../src/errors';
import { readImage } from '../../src/node/readImage';
import { readMask } from '../../src/node/readMask';
import { CONTENT_IMAGE as CONTENT, STYLE_IMAGE as STYLE, VGG19_WEIGHTS as WEIGHTS } from '../helpers/sharedData';

let dir = '';
let size = { width: 0, height: 0 };
const io = { log: (): void => undefined, progress: false };
const base = (output: string): StylizeCommandOptions => ({ content: CONTENT, style: [STYLE], output, weights: WEIGHTS, size: '64', iterations: '3', multiScale: false });

/** A PNG at `width`×`height`: white on the left `fraction` of the columns, black elsewhere (`rgb`: that colour instead of white). */
async function writeMask(file: string, width: number, height: number, fraction: number, rgb: [number, number, number] = [255, 255, 255]): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width * fraction; x++) pixels.set(rgb, (y * width + x) * 3);
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(file);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-mask-'));
  const meta = await sharp(CONTENT).metadata();
  size = { width: meta.width ?? 0, height: meta.height ?? 0 };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('stylegrad stylize --mask --style-strength', () => {
  it('keeps the content exactly where the mask is 0 and stylises the rest; frees every tensor', async () => {
    const mask = await writeMask(path.join(dir, 'left.png'), size.width, size.height, 0.5);
    const output = path.join(dir, 'masked.png');
    const before = tf.memory().numTensors;
    await runStylizeCommand({ ...base(output), mask, styleStrength: '0.7' }, io);
    expect(tf.memory().numTensors).toBe(before);
    const result = await readImage(output);
    const content = await readImage(CONTENT, { size: 64 });
    const m = await readMask(mask, { size: { height: content.shape[0], width: content.shape[1] } });
    const [kept, outsideDiff, insideDiff] = tf.tidy(() => {
      const outside = tf.expandDims(tf.equal(m, 0), 2);
      const inside = tf.expandDims(tf.equal(m, 1), 2);
      const diff = tf.abs(tf.sub(result, content));
      const count = (b: tf.Tensor): number => tf.sum(tf.cast(b, 'float32')).dataSync()[0] as number;
      return [count(outside), tf.max(tf.where(tf.tile(outside, [1, 1, 3]), diff, tf.zerosLike(diff))).dataSync()[0] as number,
        (tf.sum(tf.where(tf.tile(inside, [1, 1, 3]), diff, tf.zerosLike(diff))).dataSync()[0] as number) / (3 * count(inside))];
    });
    expect(kept).toBeGreaterThan(64 * 20); // about half of the 64×48 pixels
    expect(outsideDiff).toBe(0);
    expect(insideDiff).toBeGreaterThan(1);
    tf.dispose([result, content, m]);
  });

  it('one mask per style makes regions, with style masks; frees every tensor', async () => {
    const left = await writeMask(path.join(dir, 'regions-left.png'), size.width, size.height, 0.5);
    const right = await writeMask(path.join(dir, 'regions-right.png'), size.width, size.height, 1);
    const starry = await sharp(STYLE).metadata();
    const styleMask = await writeMask(path.join(dir, 'style-mask.png'), starry.width ?? 0, starry.height ?? 0, 0.7);
    const output = path.join(dir, 'regions.png');
    const before = tf.memory().numTensors;
    await runStylizeCommand({ ...base(output), style: [STYLE, STYLE], mask: `${left},${right}`, styleMask: `${styleMask},${styleMask}` }, io);
    expect(tf.memory().numTensors).toBe(before);
    expect((await sharp(output).metadata()).width).toBe(64);
    await expect(runStylizeCommand({ ...base(output), force: true, style: [STYLE, STYLE], mask: `${left},${right},${left}` }, io)).rejects.toThrow(/^stylegrad: --mask takes one mask, or one per style \(2\); got 3\.$/);
  });

  it('names the flag for a bad path, a wrong size, a colour or all-black mask, a bad count, a bad strength, tiling', async () => {
    const out = path.join(dir, 'bad.png');
    const small = await writeMask(path.join(dir, 'small.png'), 10, 10, 0.5);
    const red = await writeMask(path.join(dir, 'red.png'), size.width, size.height, 0.5, [255, 0, 0]);
    const black = await writeMask(path.join(dir, 'black.png'), size.width, size.height, 0);
    const good = await writeMask(path.join(dir, 'good.png'), size.width, size.height, 0.5);
    const cases: [Partial<StylizeCommandOptions>, RegExp][] = [
      [{ mask: path.join(dir, 'missing.png') }, /^stylegrad: --mask '.*missing\.png' does not exist/],
      [{ mask: small }, /^stylegrad: --mask '.*small\.png' is 10×10; it must have the size of the content image \(--content\), \d+×\d+\.$/],
      [{ mask: red }, /^stylegrad: --mask '.*red\.png' is not grey/],
      [{ mask: black }, /^stylegrad: --mask '.*black\.png' is all black/],
      [{ mask: `${good},${good}` }, /^stylegrad: --mask takes one mask, or one per style \(1\); got 2\.$/],
      [{ styleMask: small }, /^stylegrad: --style-mask '.*small\.png' is 10×10; it must have the size of style 1/],
      [{ styleStrength: '1.5' }, /^stylegrad: --style-strength must be a number in 0\.\.1; got '1\.5'\.$/],
      [{ mask: good, tileSize: '16' }, /^stylegrad: --mask is not supported with tiling yet/],
    ];
    for (const [override, message] of cases) {
      const attempt = runStylizeCommand({ ...base(out), ...override } as StylizeCommandOptions, io);
      await expect(attempt).rejects.toThrow(StylegradError);
      await expect(runStylizeCommand({ ...base(out), ...override } as StylizeCommandOptions, io)).rejects.toThrow(message);
    }
  });
});
