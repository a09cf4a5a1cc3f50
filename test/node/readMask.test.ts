import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMask } from '../../src/node/readMask';

// A 2×2 RGBA PNG: white opaque, black opaque, grey (51, 102, 153) opaque, white fully transparent.
const png = (): Promise<Buffer> =>
  sharp(Buffer.from([255, 255, 255, 255, 0, 0, 0, 255, 51, 102, 153, 255, 255, 255, 255, 0]), { raw: { width: 2, height: 2, channels: 4 } })
    .png()
    .toBuffer();

describe('readMask', () => {
  it('reads white as 1, black as 0, grey as the channel mean / 255, transparent as 0', async () => {
    const mask = await readMask(await png());
    expect(mask.shape).toEqual([2, 2]);
    expect(mask.dtype).toBe('float32');
    const values = Array.from(mask.dataSync());
    [1, 0, 102 / 255, 0].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 6));
    mask.dispose();
  });

  it('resizes to the size given; leaves only the mask', async () => {
    const bytes = await png();
    const before = tf.memory().numTensors;
    const mask = await readMask(bytes, { size: { height: 4, width: 6 } });
    expect(mask.shape).toEqual([4, 6]);
    expect(tf.memory().numTensors).toBe(before + 1);
    mask.dispose();
  });

  it('reports a missing file as readImage does', async () => {
    await expect(readMask('/nonexistent/mask.png')).rejects.toThrow(/^readImage: /);
  });
});
