import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rgbToYiq } from '../../src/image/rgbToYiq';

describe('rgbToYiq', () => {
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

  it('rejects images without 3 channels', () => {
    const grey = tf.zeros([2, 2, 1]) as tf.Tensor3D;
    expect(() => rgbToYiq(grey)).toThrow(/rgbToYiq: image must have 3 channels/);
    grey.dispose();
  });
});
