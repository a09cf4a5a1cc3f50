import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { rgbToYiq } from '../../src/image/rgbToYiq';
import { yiqToRgb } from '../../src/image/yiqToRgb';

describe('yiqToRgb', () => {
  it('maps hand-worked YIQ values back to RGB and makes one tensor', () => {
    // The inverse of rgbToYiq's white (255, 0, 0) and pure red (76.245, 151.90758, 53.92128) (see rgbToYiq.test.ts).
    const yiq = tf.tensor3d([255, 0, 0, 76.245, 151.90758, 53.92128], [1, 2, 3]);
    const before = tf.memory().numTensors;
    const rgb = yiqToRgb(yiq);
    expect(tf.memory().numTensors).toBe(before + 1);
    Array.from(rgb.dataSync()).forEach((x, i) => expect(x).toBeCloseTo([255, 255, 255, 255, 0, 0][i] ?? NaN, 2));
    tf.dispose([yiq, rgb]);
  });

  it('round-trips RGB exactly up to float32 rounding (batched)', () => {
    const rgb = tf.randomUniform([2, 5, 7, 3], 0, 255, 'float32', 7) as tf.Tensor4D;
    const back = yiqToRgb(rgbToYiq(rgb));
    const maxError = tf.tidy(() => tf.max(tf.abs(tf.sub(back, rgb))).dataSync()[0] ?? NaN);
    expect(back.shape).toEqual([2, 5, 7, 3]);
    expect(maxError).toBeLessThan(1e-3);
    tf.dispose([rgb, back]);
  });

});
