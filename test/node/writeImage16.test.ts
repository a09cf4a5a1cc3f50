// 16-bit PNG output, checked with an independent decoder (test/helpers/decodePng.ts, from the PNG specification).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { writeImage } from '../../src/node/writeImage';
import { decodePng } from '../helpers/decodePng';
import { useTemporaryFolder } from '../helpers/useTemporaryFolder';

const dir = useTemporaryFolder('stylegrad-png16-');

// 2 × 3 RGB: exact levels, values between 8-bit levels (127.6 is 128 at 8 bits but 32793 ≠ 128·257 = 32896 at 16),
// and out-of-range values that clamp.
const VALUES = [0, 255, 127.6, 127.4, 12.345, 254.999, 1 / 257, 0.4, 200.5, -3, 300, 64.25, 99.9, 100.1, 0.0019, 33.33, 66.67, 250.01];
const at16 = (v: number): number => Math.min(65535, Math.max(0, Math.round(v * 257)));

describe('writeImage bitDepth 16', () => {
  it('stores round(v · 257) per channel, as a 16-bit RGB PNG', async () => {
    const image = tf.tensor3d(VALUES, [2, 3, 3]);
    const before = tf.memory().numTensors;
    await writeImage(image, join(dir(), 'rgb16.png'), { bitDepth: 16 });
    expect(tf.memory().numTensors).toBe(before);
    const png = decodePng(await readFile(join(dir(), 'rgb16.png')));
    expect([png.width, png.height, png.bitDepth, png.colorType]).toEqual([3, 2, 16, 2]);
    expect(png.samples).toEqual(VALUES.map(at16));
    // Really 16-bit: 127.6 is stored between 8-bit levels 127 (32639) and 128 (32896).
    expect(png.samples[2]).toBe(32793);
    image.dispose();
  });

  it('writes 8 bits by default (the same decoder reads round(v)), and 16-bit greyscale for one channel', async () => {
    const image = tf.tensor3d(VALUES, [2, 3, 3]);
    await writeImage(image, join(dir(), 'rgb8.png'));
    const png8 = decodePng(await readFile(join(dir(), 'rgb8.png')));
    expect([png8.bitDepth, png8.colorType]).toEqual([8, 2]);
    expect(png8.samples).toEqual(VALUES.map((v) => Math.min(255, Math.max(0, Math.round(v)))));
    const grey = tf.tensor3d([0.5, 128.3, 255, 17.77], [2, 2, 1]);
    await writeImage(grey, join(dir(), 'grey16.png'), { bitDepth: 16 });
    const png = decodePng(await readFile(join(dir(), 'grey16.png')));
    expect([png.bitDepth, png.colorType, png.samples]).toEqual([16, 0, [129, 32973, 65535, 4567]]);
    tf.dispose([image, grey]);
  });

  it('refuses 16 bits for JPEG and WebP, and other depths, naming the option; nothing is written', async () => {
    const image = tf.fill<tf.Rank.R3>([4, 4, 3], 10);
    await expect(writeImage(image, join(dir(), 'a.jpg'), { bitDepth: 16 })).rejects.toThrow("writeImage: options.bitDepth 16 needs PNG, but '" + join(dir(), 'a.jpg') + "' is written as JPEG (an 8-bit format); write a .png, or use bitDepth 8.");
    await expect(writeImage(image, join(dir(), 'a.png'), { format: 'webp', bitDepth: 16 })).rejects.toThrow(/options\.bitDepth 16 needs PNG, .* as WEBP/);
    await expect(writeImage(image, join(dir(), 'b.png'), { bitDepth: 12 as 16 })).rejects.toThrow('writeImage: options.bitDepth must be 8 or 16; got 12.');
    expect([existsSync(join(dir(), 'a.jpg')), existsSync(join(dir(), 'a.png')), existsSync(join(dir(), 'b.png'))]).toEqual([false, false, false]);
    image.dispose();
  });
});
