import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { contactSheet } from '../../src/image/contactSheet';

describe('contactSheet', () => {
  it('tiles images row-major into padded cells on the background', () => {
    const black = tf.zeros([2, 2, 3]) as tf.Tensor3D;
    const grey = tf.fill([4, 2, 3], 100) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    // Cells 4×4 + padding 1 on each side = 6×6; 2 columns, 3 images → 2 rows: 12 high, 12 wide.
    const sheet = contactSheet([black, grey, black], { columns: 2, cellSize: 4, padding: 1, background: 255 });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(sheet.shape).toEqual([12, 12, 3]);
    const at = (y: number, x: number): number => tf.tidy(() => tf.slice(sheet, [y, x, 0], [1, 1, 1]).dataSync()[0] ?? NaN);
    expect(at(0, 0)).toBe(255); // padding
    expect(at(2, 2)).toBe(0); // first image upscaled 2× to 4×4, inside its cell
    expect(at(3, 9)).toBe(100); // second image (4×2 → 4×2), centred in the second cell: columns 8..9
    expect(at(3, 7)).toBe(255); // left of the centred second image
    expect(at(8, 2)).toBe(0); // third image in the second row
    expect(at(8, 8)).toBe(255); // the empty fourth cell
    tf.dispose([black, grey, sheet]);
  });

  it('rejects an empty list', () => {
    expect(() => contactSheet([])).toThrow(/contactSheet: images must be a non-empty array/);
  });
});
