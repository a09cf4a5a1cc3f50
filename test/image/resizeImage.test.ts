import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { resizeImage } from '../../src/image/resizeImage';

describe('resizeImage', () => {
  it('averages 2×2 blocks when halving (no aliasing) and keeps the rank', () => {
    // A 4×4 checkerboard of 0/255 halves to flat 127.5: each 2×2 block holds two of each.
    const board = tf.tensor3d(Array.from({ length: 16 }, (_, i) => (((i >> 2) + (i & 3)) % 2) * 255), [4, 4, 1]);
    const before = tf.memory().numTensors;
    const half = resizeImage(board, { height: 2, width: 2 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(half.shape).toEqual([2, 2, 1]);
    expect(Array.from(half.dataSync())).toEqual([127.5, 127.5, 127.5, 127.5]);
    tf.dispose([board, half]);
  });

  it('upsamples bilinearly with half-pixel centres', () => {
    // [0, 100] widened to 4: sample centres at x = (j + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamp → 0, 25, 75, 100.
    const row = tf.tensor4d([0, 100], [1, 1, 2, 1]);
    const wide = resizeImage(row, { height: 1, width: 4 });
    expect(wide.shape).toEqual([1, 1, 4, 1]);
    expect(Array.from(wide.dataSync())).toEqual([0, 25, 75, 100]);
    tf.dispose([row, wide]);
  });

  it('returns a copy at the same size and rejects bad sizes', () => {
    const image = tf.ones([3, 3, 3]) as tf.Tensor3D;
    const same = resizeImage(image, { height: 3, width: 3 });
    expect(same).not.toBe(image);
    same.dispose();
    expect(same.isDisposed && !image.isDisposed).toBe(true);
    expect(() => resizeImage(image, { height: 0, width: 3 })).toThrow(/resizeImage: size.height must be an integer >= 1/);
    expect(() => resizeImage(tf.ones([3]) as unknown as tf.Tensor3D, { height: 1, width: 1 })).toThrow(/resizeImage: image must have shape/);
    image.dispose();
  });
});
