// Tiled stylize on the real VGG-19: the tiled run (forced 32-pixel cores, halo 64) delivers the untiled run's loss
// within 1% with the same L-BFGS history, and frees every tensor. (The loss and gradient themselves are compared
// at halos 32/64/96 in benchmarks/tiledStylize.ts --part halo.)
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureExtractor } from '../../src/extractors/types';
import { stylize, type DoneEvent, type StylizeOptions } from '../../src/index';
import { runStylize } from '../helpers/stylizeEvents';
import { vggFixture, type StylizeFixture } from '../helpers/stylizeFixtures';

let fixture: StylizeFixture;
let vgg: FeatureExtractor;
let content: tf.Tensor3D;
let style: tf.Tensor3D;

beforeAll(async () => {
  fixture = await vggFixture(96);
  ({ extractor: vgg, content, style } = fixture);
});
afterAll(() => {
  fixture.dispose();
});

const done = async (options: StylizeOptions): Promise<DoneEvent> => (await runStylize(options)).done;

describe('tiled stylize on VGG-19 (96×72, 32-pixel cores, halo 64)', () => {
  it('delivers the untiled loss within 1% after 6 iterations, having lowered it ≥ 2×, and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const base: StylizeOptions = { content, style, extractor: vgg, iterations: 6, earlyStopping: false, optimizer: { name: 'lbfgs', historySize: 5 } };
    const untiled = await done(base);
    let tiles = 0;
    let first = Number.NaN;
    let tiled: DoneEvent | null = null;
    for await (const event of stylize({ ...base, tiling: { tileSize: 32, halo: 64, maxUntiledPixels: 0, historySize: 5 } })) {
      if (event.type === 'scale') tiles = event.tiles;
      if (event.type === 'iteration' && event.iteration === 1) first = event.loss.total;
      if (event.type === 'done') tiled = event;
    }
    if (tiled === null) throw new Error('no done event');
    expect(tiles).toBe(9); // rows [0,32) [32,64) [64,72), columns [0,32) [32,64) [64,96)
    expect(first / tiled.deliveredLoss.total).toBeGreaterThan(2);
    expect(Math.abs(tiled.deliveredLoss.total - untiled.deliveredLoss.total) / untiled.deliveredLoss.total).toBeLessThan(0.01);
    tf.dispose([untiled.image, tiled.image]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
