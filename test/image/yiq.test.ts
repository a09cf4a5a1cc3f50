import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rgbToYiq } from '../../src/image/rgbToYiq';
import { yiqToRgb } from '../../src/image/yiqToRgb';

describe('rgbToYiq / yiqToRgb', () => {
  it('gives the NTSC luminance and zero chroma for greys', () => {
    // White: Y = 0.299·255 + 0.587·255 + 0.114·255 = 255; I = (0.595716 − 0.274453 − 0.321263)·255 = 0;
    // Q = (0.211456 − 0.522591 + 0.311135)·255 = 0. Pure red: Y = 0.299·255 = 76.245, I = 151.90758, Q = 53.92128.
    const rgb = tf.tensor3d([255, 255, 255, 255, 0, 0], [1, 2, 3]);
    const before = tf.memory().numTensors;
    const yiq = rgbToYiq(rgb);
    expect(tf.memory().numTensors).toBe(before + 1);
    const v = Array.from(yiq.dataSync());
    const expected = [255, 0, 0, 76.245, 151.90758, 53.92128];
    v.forEach((x, i) => expect(x).toBeCloseTo(expected[i] ?? NaN, 3));
    tf.dispose([rgb, yiq]);
  });

  it('round-trips RGB exactly up to float32 rounding (batched)', () => {
    const rgb = tf.randomUniform([2, 5, 7, 3], 0, 255, 'float32', 7) as tf.Tensor4D;
    const back = yiqToRgb(rgbToYiq(rgb));
    const maxError = tf.tidy(() => tf.max(tf.abs(tf.sub(back, rgb))).dataSync()[0] ?? NaN);
    expect(back.shape).toEqual([2, 5, 7, 3]);
    expect(maxError).toBeLessThan(1e-3);
    tf.dispose([rgb, back]);
  });

  it('rejects images without 3 channels', () => {
    const grey = tf.zeros([2, 2, 1]) as tf.Tensor3D;
    expect(() => rgbToYiq(grey)).toThrow(/rgbToYiq: image must have 3 channels/);
    grey.dispose();
  });
});
