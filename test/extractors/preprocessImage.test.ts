import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { preprocessImage } from '../../src/extractors/preprocessImage';

describe('preprocessImage', () => {
  const pixel = (): tf.Tensor3D => tf.tensor3d([[[255, 0, 51]]]);

  it('computes each mode (hand-worked values)', () => {
    const image = pixel();
    const at = (mode: Parameters<typeof preprocessImage>[1]): number[] => {
      const x = preprocessImage(image, mode);
      const v = Array.from(x.dataSync());
      expect(x.shape).toEqual([1, 1, 1, 3]);
      x.dispose();
      return v;
    };
    // caffe: BGR = (51, 0, 255) minus (103.939, 116.779, 123.68).
    at('caffe').forEach((v, i) => expect(v).toBeCloseTo([-52.939, -116.779, 131.32][i] as number, 3));
    // torch: (1 − 0.485)/0.229 = 2.24891, (0 − 0.456)/0.224 = −2.03571, (0.2 − 0.406)/0.225 = −0.91556.
    at('torch').forEach((v, i) => expect(v).toBeCloseTo([2.24891, -2.03571, -0.91556][i] as number, 4));
    // tf: x / 127.5 − 1.
    at('tf').forEach((v, i) => expect(v).toBeCloseTo([1, -1, -0.6][i] as number, 5));
    expect(at('none')).toEqual([255, 0, 51]);
    expect(at((x) => tf.mul(x, 2))).toEqual([510, 0, 102]);
    image.dispose();
  });

  it('casts int32 and keeps a batch; rejects bad images and modes; leaks nothing', () => {
    const before = tf.memory().numTensors;
    const batch = tf.tensor4d([1, 2, 3, 4, 5, 6], [2, 1, 1, 3], 'int32');
    const x = preprocessImage(batch, 'none');
    expect(x.dtype).toBe('float32');
    expect(x.shape).toEqual([2, 1, 1, 3]);
    const rgba = tf.zeros([2, 2, 4]) as tf.Tensor3D;
    expect(() => preprocessImage(rgba, 'caffe')).toThrow(/image must be an RGB image tensor \[H, W, 3\] or \[B, H, W, 3\]/);
    expect(() => preprocessImage(batch, 'bgr' as 'caffe')).toThrow("preprocessImage: preprocessing must be one of 'caffe', 'torch', 'tf', 'none'; got 'bgr'.");
    tf.dispose([batch, x, rgba]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
