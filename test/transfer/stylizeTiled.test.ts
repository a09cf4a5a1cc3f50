// stylize with forced tiles (tiny extractor, 16×16 image, 8-pixel cores): the tiled run follows the untiled one
// (same L-BFGS history), reports its tiles, frees every tensor, stops between tiles when aborted, and refuses
// settings and networks it cannot tile.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import type { FeatureExtractor } from '../../src/extractors/types';
import { stylize } from '../../src/index';
import type { ScaleEvent, StylizeOptions, TileProgress } from '../../src/transfer/types';
import { collect, doneOf } from '../helpers/stylizeEvents';
import { tinyFixture } from '../helpers/stylizeFixtures';

const fixture = tinyFixture();
const { extractor, content, style } = fixture;
afterAll(() => {
  fixture.dispose();
});

const base: StylizeOptions = {
  content, style, extractor,
  contentLayers: ['b'], styleLayers: { a: 1, b: 1 }, styleWeight: 10, tvWeight: 0.5,
  multiScale: false, earlyStopping: false, iterations: 8,
  optimizer: { name: 'lbfgs', historySize: 5 },
};
const tiling = { tileSize: 8, halo: 4, align: 2, maxUntiledPixels: 0, historySize: 5 } as const;

describe('stylize with tiles', () => {
  it('lowers the loss as the untiled run does (final loss within 1%), reports tiles, frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const untiled = doneOf(await collect(base));
    const progress: TileProgress[] = [];
    const events = await collect({ ...base, tiling, onTile: (p) => progress.push(p) });
    const tiled = doneOf(events);
    const first = events.find((e) => e.type === 'iteration');
    expect(events.find((e): e is ScaleEvent => e.type === 'scale')?.tiles).toBe(4);
    expect(untiled.loss.total).toBeLessThan((first?.type === 'iteration' ? first.loss.total : 0) / 2);
    expect(Math.abs(tiled.loss.total - untiled.loss.total) / untiled.loss.total).toBeLessThan(0.01);
    expect(Math.abs(tiled.deliveredLoss.total - untiled.deliveredLoss.total) / untiled.deliveredLoss.total).toBeLessThan(0.01);
    // Targets once (content 4 tiles + style 4 tiles), then per evaluation a statistics and a gradient pass over
    // 4 tiles, or 9 on the iterations whose boundaries are shifted by 4 pixels (cuts at 4 and 12).
    expect(progress.slice(0, 8).every((p) => p.pass === 'targets' && p.tiles === 4)).toBe(true);
    const passes = (pass: TileProgress['pass']): number[] => progress.filter((p) => p.pass === pass && p.tile === p.tiles).map((p) => p.tiles);
    expect(passes('gradient').length).toBe(tiled.evaluations);
    expect(passes('statistics')).toEqual(passes('gradient'));
    expect(new Set(passes('gradient'))).toEqual(new Set([4, 9]));
    expect(passes('evaluate')).toEqual([4, 4]); // the float and the delivered image's loss, one forward pass each, unshifted
    tf.dispose([untiled.image, tiled.image]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tiles only the scales above maxUntiledPixels, with tiling.iterations there', async () => {
    const events = await collect({ ...base, size: 16, multiScale: { start: 8, factor: 2 }, tiling: { ...tiling, maxUntiledPixels: 100, iterations: 2 } });
    const scales = events.filter((e): e is ScaleEvent => e.type === 'scale');
    expect(scales.map((s) => [s.width, s.tiles, s.iterations])).toEqual([[8, 0, 8], [16, 4, 2]]);
    doneOf(events).image.dispose();
  });

  it('stops between tiles when aborted, freeing every tensor', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const onTile = (p: TileProgress): void => {
      if (p.pass === 'gradient' && p.tile === 2) controller.abort(new Error('stop'));
    };
    await expect(collect({ ...base, tiling, onTile, signal: controller.signal })).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad tiling settings at call time, naming the option', () => {
    expect(() => stylize({ ...base, tiling: { ...tiling, tileSize: 7 } })).toThrow(/options\.tiling\.tileSize.*multiple of options\.tiling\.align \(2\)/);
    expect(() => stylize({ ...base, tiling: { ...tiling, halo: 0 } })).toThrow(StylegradError);
    expect(() => stylize({ ...base, tiling: { ...tiling, historySize: 0 } })).toThrow(/options\.tiling\.historySize/);
  });

  it('refuses a network whose feature grid is not regular (a valid stride-2 first layer)', async () => {
    const kernel = tf.ones<tf.Rank.R4>([3, 3, 3, 2]);
    const irregular: FeatureExtractor = {
      id: 'valid-stride-2', layers: ['a'],
      extract: (image) => tf.tidy(() => ({ a: tf.conv2d(image.rank === 3 ? tf.expandDims<tf.Tensor4D>(image, 0) : (image as tf.Tensor4D), kernel, 2, 'valid') })),
      dispose: () => undefined,
    };
    const before = tf.memory().numTensors;
    await expect(collect({ ...base, extractor: irregular, contentLayers: ['a'], styleLayers: ['a'], tiling })).rejects.toThrow(/valid-stride-2 layer 'a' maps 4×6 pixels to 1×2/);
    expect(tf.memory().numTensors).toBe(before);
    kernel.dispose();
  });
});
