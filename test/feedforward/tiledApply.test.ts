// Tiled feed-forward equals the whole-image pass, for both layouts, on images whose sides are odd and not multiples
// of the forced small tiles (so edge tiles are partial and TensorFlow's 'same' padding splits differently).
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransform } from '../../src/feedforward/applyTransform';
import { applyTransformTiled } from '../../src/feedforward/applyTransformTiled';
import { createTransformNet } from '../../src/feedforward/createTransformNet';
import type { TileProgressEvent } from '../../src/feedforward/internal/tiledForward';
import type { TransformNet } from '../../src/feedforward/types';
import { tileGrid } from '../../src/image/tileGrid';
import { loadTransformNetFromPath } from '../../src/node/loadTransformNetFromPath';
import { readImage } from '../../src/node/readImage';
import { CONTENT_IMAGE, DATA } from '../helpers/sharedData';

let lengstrom: TransformNet;
let torch: TransformNet;
let photo: tf.Tensor3D; // 29×41 crop of a real photo: odd sides, 2 × 3 tiles of 16

beforeAll(async () => {
  lengstrom = await loadTransformNetFromPath(path.join(DATA, 'fast-style', 'udnie'));
  torch = createTransformNet({ seed: 3 });
  // An untrained network's output sits near 0 and would clip to black: shift and scale the last conv into 0..255.
  const kernel = torch.weights['out/kernel'] as tf.Variable;
  kernel.assign(tf.tidy(() => tf.mul(kernel, 40)));
  (torch.weights['out/bias'] as tf.Variable).assign(tf.fill([3], 127.5));
  const full = await readImage(CONTENT_IMAGE, { size: 80 });
  photo = tf.slice(full, [7, 9, 0], [29, 41, 3]);
  full.dispose();
});

afterAll(() => {
  lengstrom.dispose();
  torch.dispose();
  photo.dispose();
});

function maxDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

/** Fraction of values strictly inside 0..255 (so the comparison is not between two clipped images). */
function unclipped(image: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tf.cast(tf.logicalAnd(tf.greater(image, 0), tf.less(image, 255)), 'float32')).dataSync()[0] as number);
}

describe.each([['lengstrom (pretrained udnie)', () => lengstrom], ['pytorch-examples (seeded)', () => torch]])('tiled %s', (_, net) => {
  it('equals the whole-image pass everywhere with 16-pixel tiles (6 tiles), to float rounding', () => {
    const whole = applyTransform(net(), photo);
    const tiled = applyTransform(net(), photo, { tileSize: 16 });
    expect(tiled.shape).toEqual([29, 41, 3]);
    expect(unclipped(whole)).toBeGreaterThan(0.5);
    expect(maxDifference(tiled, whole)).toBeLessThan(0.01); // measured: 2.0e-4 … 7.2e-4 (both layouts, cpu and wasm)
    tf.dispose([whole, tiled]);
  });

  it('equals the whole-image pass on a 17×21 image: edge tiles of 1 and 5 pixels, odd quarter maps', () => {
    const small = tf.slice(photo, [3, 5, 0], [17, 21, 3]);
    const whole = applyTransform(net(), small);
    const tiled = applyTransform(net(), small, { tileSize: 16 });
    expect(maxDifference(tiled, whole)).toBeLessThan(0.01);
    tf.dispose([small, whole, tiled]);
  });

  it('differs visibly when each tile is stylized alone (what the whole-image statistics and halo prevent)', () => {
    const whole = applyTransform(net(), photo);
    const naive = tf.tidy(() => {
      const rows = [0, 16, 29].map((top, i, all) => (i + 1 < all.length ? applyTransform(net(), tf.slice(photo, [top, 0, 0], [(all[i + 1] as number) - top, -1, -1])) : undefined));
      return tf.concat(rows.filter((r): r is tf.Tensor3D => r !== undefined), 0);
    });
    expect(maxDifference(naive, whole)).toBeGreaterThan(20);
    tf.dispose([whole, naive]);
  });
});

describe('tiled apply', () => {
  it('stylizes each image of a batch as the whole-image pass does', () => {
    const batch = tf.tidy(() => { const small = tf.slice(photo, [0, 0, 0], [21, 29, 3]); return tf.stack([small, tf.reverse(small, 1)]) as tf.Tensor4D; });
    const whole = applyTransform(lengstrom, batch);
    const tiled = applyTransform(lengstrom, batch, { tileSize: 16 });
    expect(maxDifference(tiled, whole)).toBeLessThan(0.01);
    tf.dispose([batch, whole, tiled]);
  });

  it('reports every tile of every pass and holds no tensor across tiles', () => {
    const before = tf.memory().numTensors;
    const events: TileProgressEvent[] = [];
    const live: number[] = [];
    const out = applyTransform(torch, photo, { tileSize: 16, onProgress: (e) => { events.push(e); live.push(tf.memory().numTensors); } });
    // Down passes run 2 × 3 input tiles of 16; the quarter-resolution passes 2 × 3 tiles of 4 on the 8 × 11 map.
    const inputTiles = tileGrid(29, 41, { tileSize: 16, halo: 8, align: 4 }).length;
    const quarterTiles = tileGrid(8, 11, { tileSize: 4, halo: 1 }).length;
    expect([inputTiles, quarterTiles]).toEqual([6, 6]);
    expect(events.length).toBe(3 * inputTiles + 18 * quarterTiles);
    expect(new Set(events.map((e) => e.passes))).toEqual(new Set([21]));
    expect(events.at(-1)).toEqual({ image: 0, images: 1, pass: 21, passes: 21, step: 'output', tile: 6, tiles: 6, done: events.length, total: events.length });
    expect(events.map((e) => e.done)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.tile === 1).map((e) => e.step).slice(0, 6)).toEqual(['conv1 statistics', 'conv2 statistics', 'conv3 statistics', 'res1a', 'res1b', 'res1 sum']);
    expect(new Set(live)).toEqual(new Set([before + 1])); // the [1, H, W, 3] view of the input; nothing else lives between tiles
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when its signal is aborted, freeing everything (sync: from onProgress; async: from outside)', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const stop = (e: TileProgressEvent): void => { if (e.pass === 2) controller.abort(new Error('enough')); };
    expect(() => applyTransform(lengstrom, photo, { tileSize: 16, onProgress: stop, signal: controller.signal })).toThrow('enough');
    expect(tf.memory().numTensors).toBe(before);

    const outside = new AbortController();
    const passes: number[] = [];
    setTimeout(() => { outside.abort(new Error('stopped from a timer')); }, 0);
    await expect(applyTransformTiled(lengstrom, photo, { tileSize: 16, signal: outside.signal, onProgress: (e) => passes.push(e.pass) })).rejects.toThrow('stopped from a timer');
    expect(passes.length).toBeLessThan(5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applyTransformTiled gives the synchronous tiled result and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const small = tf.slice(photo, [0, 0, 0], [21, 29, 3]);
    const sync = applyTransform(lengstrom, small, { tileSize: 16 });
    const asynchronous = await applyTransformTiled(lengstrom, small, { tileSize: 16 });
    small.dispose();
    expect(maxDifference(sync, asynchronous)).toBe(0);
    tf.dispose([sync, asynchronous]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names a bad tile size, progress callback or signal', async () => {
    expect(() => applyTransform(lengstrom, photo, { tileSize: 18 })).toThrow("applyTransform: options.tileSize must be a multiple of 4 (the network's stride), at least 16; got 18.");
    expect(() => applyTransform(lengstrom, photo, { tileSize: 8 })).toThrow(/options\.tileSize .*at least 16; got 8/);
    expect(() => applyTransform(lengstrom, photo, { tileSize: 16, onProgress: 'log' as unknown as () => void })).toThrow(/applyTransform: options\.onProgress must be a function/);
    await expect(applyTransformTiled(lengstrom, photo, { signal: {} as AbortSignal })).rejects.toThrow(/applyTransformTiled: options\.signal must be an AbortSignal/);
  });
});
