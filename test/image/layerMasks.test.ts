import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { layerMasks, StylegradError } from '../../src/index';
import { mulberry32 } from '../../src/internal/mulberry32';
import { referenceBlockMean } from '../helpers/referenceMasks';
import { expectNoLeak, relativeError } from '../helpers/tensors';

const plane = (t: tf.Tensor): number[][] => tf.reshape(t, [t.shape[1] as number, t.shape[2] as number]).arraySync() as number[][];

describe('layerMasks', () => {
  // 4×4 mask, left half 1 and one extra pixel at (0, 2):
  // 1 1 1 0
  // 1 1 0 0
  // 1 1 0 0
  // 1 1 0 0
  const mask = () => tf.tensor2d([1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0], [4, 4]);

  test('2×2 average pooling to a layer at half size, then to a quarter (hand-worked)', () => {
    const masks = layerMasks(mask(), { conv2_1: { height: 2, width: 2 }, conv3_1: { height: 1, width: 1 } });
    expect(masks.conv2_1?.shape).toEqual([1, 2, 2, 1]);
    // Blocks: top-left 4/4, top-right (1+0+0+0)/4, bottom-left 1, bottom-right 0.
    expect(plane(masks.conv2_1 as tf.Tensor)).toEqual([[1, 0.25], [1, 0]]);
    // Whole-image mean: 9/16.
    expect(plane(masks.conv3_1 as tf.Tensor)[0]?.[0]).toBeCloseTo(9 / 16, 6);
  });

  test('an odd side drops its last row/column as VGG 2×2 stride-2 max-pools do (hand-worked)', () => {
    // 5×5: the top-left 4×4 is the mask above, the last row and column are 1s (VGG never sees them at 2×2).
    const values = [
      1, 1, 1, 0, 1,
      1, 1, 0, 0, 1,
      1, 1, 0, 0, 1,
      1, 1, 0, 0, 1,
      1, 1, 1, 1, 1,
    ];
    const masks = layerMasks(tf.tensor2d(values, [5, 5]), { a: { height: 2, width: 2 }, b: { height: 1, width: 1 }, same: { height: 5, width: 5 } });
    expect(plane(masks.a as tf.Tensor)).toEqual([[1, 0.25], [1, 0]]);
    expect(plane(masks.b as tf.Tensor)[0]?.[0]).toBeCloseTo(9 / 16, 6);
    expect(Array.from(masks.same?.dataSync() ?? [])).toEqual(values);
  });

  test('a size the halving does not reach is an exact area resample (hand-worked 4 → 3)', () => {
    // Each output cell spans 4/3 pixels: row weights [0.75, 0.25, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0.25, 0.75].
    // Mask rows are all equal to (1, 1, 0, 0) except row 0 (1, 1, 1, 0); columns → (1, 0.5, 0) per plain row.
    const masks = layerMasks(mask(), { fire: { height: 3, width: 3 } });
    const top = [1 * 0.75 + 1 * 0.25, 0.5 * 1 + 0.5 * 1, 0.25 * 1 + 0.75 * 0]; // row 0 of the mask: (1, 1, 1, 0) → (1, 1, 0.25)
    const plain = [1, 0.5, 0];
    const expected = [
      top.map((v, j) => 0.75 * v + 0.25 * plain[j]!), // rows 0 and 1 mixed 0.75 : 0.25
      plain,
      plain,
    ];
    const actual = plane(masks.fire as tf.Tensor);
    expect(relativeError(actual.flat(), expected.flat())).toBeLessThan(1e-6);
    // Row 0: 0.75·(1, 1, 0.25) + 0.25·(1, 0.5, 0) = (1, 0.875, 0.1875).
    [1, 0.875, 0.1875].forEach((v, j) => expect(actual[0]?.[j]).toBeCloseTo(v, 6));
  });

  test('follows three VGG poolings on a 37×29 random soft mask (independent block means)', () => {
    const next = mulberry32(7);
    const values = Array.from({ length: 37 }, () => Array.from({ length: 29 }, () => next()));
    const sizes = { conv1_1: [37, 29], conv2_1: [18, 14], conv3_1: [9, 7], conv4_1: [4, 3] } as const;
    const features = Object.fromEntries(Object.entries(sizes).map(([k, [h, w]]) => [k, tf.zeros([1, h, w, 2]) as tf.Tensor4D]));
    const masks = layerMasks(tf.tensor4d(values.flat(), [1, 37, 29, 1]), features, { imageSize: { height: 37, width: 29 } });
    for (const [layer, block] of [['conv1_1', 1], ['conv2_1', 2], ['conv3_1', 4], ['conv4_1', 8]] as const) {
      const actual = plane(masks[layer] as tf.Tensor);
      expect(actual.length).toBe(sizes[layer][0]);
      expect(relativeError(actual.flat(), referenceBlockMean(values, block).flat())).toBeLessThan(1e-5);
    }
  });

  test('accepts [H, W], [H, W, 1] and [1, H, W, 1] alike', () => {
    const a = layerMasks(mask(), { l: { height: 2, width: 2 } }).l as tf.Tensor;
    const b = layerMasks(tf.reshape(mask(), [4, 4, 1]), { l: { height: 2, width: 2 } }).l as tf.Tensor;
    const c = layerMasks(tf.reshape(mask(), [1, 4, 4, 1]), { l: { height: 2, width: 2 } }).l as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  test('returns only the new masks; nothing leaks', () => {
    const m = mask();
    const before = tf.memory().numTensors;
    const masks = layerMasks(m, { a: { height: 4, width: 4 }, b: { height: 4, width: 4 }, c: { height: 2, width: 2 } });
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(masks.a).not.toBe(masks.b);
    tf.dispose(Object.values(masks));
    expectNoLeak(() => tf.dispose(Object.values(layerMasks(m, { a: { height: 3, width: 1 } }))));
    m.dispose();
  });

  test('rejects bad masks and layers with clear errors', () => {
    const sizes = { l: { height: 2, width: 2 } };
    expect(() => layerMasks(mask(), sizes, { imageSize: { height: 4, width: 5 } })).toThrow(
      'layerMasks: mask is 4×4; it must match the image (options.imageSize), 4×5.',
    );
    expect(() => layerMasks(tf.zeros([4, 4, 3]), sizes)).toThrow(
      'layerMasks: mask must be single-channel (grey), [H, W], [H, W, 1] or [1, H, W, 1]; got shape [4, 4, 3].',
    );
    expect(() => layerMasks(tf.zeros([2, 4, 4, 1]), sizes)).toThrow(/mask must be single-channel \(grey\)/);
    expect(() => layerMasks(tf.tensor2d([0, 0.5, 1.5, 1], [2, 2]), sizes)).toThrow('layerMasks: mask must hold values in 0..1; got values from 0 to 1.5.');
    expect(() => layerMasks(tf.tensor2d([0, -0.1, 1, 1], [2, 2]), sizes)).toThrow(/values in 0\.\.1; got values from -0\.1/);
    expect(() => layerMasks(tf.tensor2d([0, NaN, 1, 1], [2, 2]), sizes)).toThrow('layerMasks: mask contains NaN or Infinity');
    expect(() => layerMasks(tf.zeros([3, 3]), sizes)).toThrow('layerMasks: mask is all zero; a mask must select something');
    expect(() => layerMasks([1, 0] as unknown as tf.Tensor, sizes)).toThrow('layerMasks: mask must be a single-channel (grey) tf.Tensor');
    expect(() => layerMasks(mask(), {})).toThrow('layerMasks: layers must map at least one layer name');
    expect(() => layerMasks(mask(), { l: { height: 0, width: 2 } })).toThrow('layerMasks: layers.l must be { height, width } with integers >= 1');
    expect(() => layerMasks(mask(), { l: tf.zeros([2, 2]) as unknown as tf.Tensor4D })).toThrow(/layers\.l must be a \[B, h, w, C\] feature map/);
    try {
      layerMasks(tf.zeros([2, 2]), sizes);
    } catch (error) {
      expect(error).toBeInstanceOf(StylegradError);
      expect((error as StylegradError).argument).toBe('mask');
    }
  });
});
