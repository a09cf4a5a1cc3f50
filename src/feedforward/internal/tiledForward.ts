// The transformation network's forward pass in tiles, equal to the whole-image pass (forward.ts) up to float
// rounding. Instance norm needs each layer's mean and variance over the whole image, so the work runs in passes:
//
// 1. Down (conv1..conv3, input pixels): one pass per layer, each running the tiles up to that layer with the
//    statistics found so far and accumulating the layer's statistics over the tile cores; the last pass also stores
//    conv3's output (quarter resolution, 128 float32 channels: 32 bytes per input pixel) in JavaScript memory.
// 2. Middle (the residual blocks, quarter resolution): each conv runs once over the stored map in tiles, storing
//    its output and statistics; a cheap pass adds each block's branch to its input.
// 3. Up (up1, up2, out): like down, one pass per normalised layer, then the final pass writes the output cores.
//
// Recomputing everything from the input for every normalised layer would cost ~8× the whole-image pass; keeping
// the quarter-resolution middle costs three 32-byte-per-pixel maps and ~1.5× ('pytorch-examples') to ~1.8×
// ('lengstrom', whose output conv is normalised too) the multiply-adds, the up stages re-running for each norm. Each tile's region is its
// core plus a halo covering the stage's receptive field, so the core's pixels see exactly the whole image's
// neighbourhood (patch.ts pads only at the image's own edges); a halo too small is an internal error, not a seam.
import * as tf from '@tensorflow/tfjs-core';
import { tileGrid, type Tile } from '../../image/tileGrid';
import type { TransformNet } from '../types';
import { createStore, readStore, writeStore, type ActivationStore } from './activationStore';
import { convSpecs, NORM_EPSILON, RESIDUAL_BLOCKS, type ConvSpec } from './architecture';
import { addMoments, createMoments, finishMoments } from './channelMoments';
import { convPatch, cropPatch, normalizePatch, type NormStats, type Patch, type Span } from './patch';

/** Input pixels around a down-pass core: conv1 (±4), then two 3×3 stride-2 convs reach ±7 input pixels. */
const DOWN_HALO = 8;
/** Quarter-resolution pixels around a middle core: one 3×3 conv. */
const MIDDLE_HALO = 1;
/** Quarter-resolution pixels around an up-pass core: two ×2 stages with 3×3 convs and the 9×9 output conv. */
const UP_HALO = 2;
/** Channels of the stored middle maps. */
const MIDDLE_CHANNELS = 128;

/**
 * Progress of a tiled forward pass: one event after each tile of each pass.
 *
 * @example
 * ```ts
 * const event: TileProgressEvent = { image: 0, images: 1, pass: 4, passes: 21, step: 'res1a', tile: 5, tiles: 12, done: 41, total: 252 };
 * ```
 * @category Feed-forward
 */
export interface TileProgressEvent {
  /** Index of the image in the batch (0-based). */
  readonly image: number;
  /** Images in the batch. */
  readonly images: number;
  /** Pass within this image, 1-based. */
  readonly pass: number;
  /** Passes per image (21 for `'pytorch-examples'`, 22 for `'lengstrom'`). */
  readonly passes: number;
  /** What the pass computes: a layer's statistics (`'conv2 statistics'`), a stored layer (`'res1a'`), `'output'`. */
  readonly step: string;
  /** Tiles done in this pass, 1-based. */
  readonly tile: number;
  /** Tiles in this pass. */
  readonly tiles: number;
  /** Tiles done over all passes of this image, 1-based (for one progress bar per image). */
  readonly done: number;
  /** Tiles over all passes of this image. */
  readonly total: number;
}

/** Side of the map after the two stride-2 stages: ⌈⌈n/2⌉/2⌉. */
function quarter(n: number): number {
  return Math.ceil(Math.ceil(n / 2) / 2);
}

/** A core's span in a layer whose grid is the tile grid's scaled by `factor` (the last core ends at the layer's edge). */
function scaleSpan(start: number, length: number, grid: number, layerGrid: number, factor: number): Span {
  const end = start + length;
  return [start * factor, end === grid ? layerGrid : end * factor];
}

function coreOf(tile: Tile, grid: readonly [number, number], layer: Patch, factor: number): [Span, Span] {
  return [
    scaleSpan(tile.core.top, tile.core.height, grid[0], layer.gridHeight, factor),
    scaleSpan(tile.core.left, tile.core.width, grid[1], layer.gridWidth, factor),
  ];
}

function regionOf(tile: Tile): [Span, Span] {
  const { top, left, height, width } = tile.region;
  return [[top, top + height], [left, left + width]];
}

function normStats(net: TransformNet, spec: ConvSpec, moments: ReturnType<typeof finishMoments>): NormStats {
  const gamma = net.weights[`${spec.name}/norm/gamma`];
  const beta = net.weights[`${spec.name}/norm/beta`];
  if (gamma === undefined || beta === undefined) throw new Error(`transform network has no norm weights for '${spec.name}'`);
  return { ...moments, epsilon: NORM_EPSILON[net.architecture], gamma, beta };
}

/** A stage after its statistics are known: conv, then norm and/or ReLU. */
function fullStage(net: TransformNet, spec: ConvSpec, patch: Patch, stats: NormStats | undefined): Patch {
  const y = convPatch(net, spec, patch);
  if (spec.norm) {
    if (stats === undefined) throw new Error(`tiled forward: statistics of '${spec.name}' are needed before they are known`);
    return normalizePatch(y, stats, spec.relu);
  }
  return spec.relu ? { ...y, tensor: tf.relu(y.tensor) } : y;
}

/** The layers, tile grids and stores one image's passes share, and its progress counter. */
interface TiledRun {
  readonly net: TransformNet;
  readonly down: readonly ConvSpec[];
  readonly middle: readonly ConvSpec[];
  readonly up: readonly ConvSpec[];
  readonly size: readonly [number, number];
  readonly quarterSize: readonly [number, number];
  readonly inputTiles: readonly Tile[];
  readonly middleTiles: readonly Tile[];
  readonly upTiles: readonly Tile[];
  readonly blockInput: ActivationStore;
  readonly branch: ActivationStore;
  readonly residual: ActivationStore;
  /** Starts the next pass. */
  readonly nextPass: () => void;
  /** The event for tile `tile` (1-based) of `tiles` in the current pass. */
  readonly progress: (step: string, tile: number, tiles: number) => TileProgressEvent;
}

/** Down: conv1, conv2, conv3 statistics, one pass each; the last pass stores conv3's output. */
function* downPasses(run: TiledRun, batch: tf.Tensor4D, image: number): Generator<TileProgressEvent, void, void> {
  const { net, down, size, inputTiles } = run;
  const downStats: NormStats[] = [];
  for (const [l, spec] of down.entries()) {
    run.nextPass();
    const moments = createMoments(spec.outChannels);
    for (const [t, tile] of inputTiles.entries()) {
      tf.tidy('tiledForward.down', () => {
        const [rows, columns] = regionOf(tile);
        const input = tf.slice(batch, [image, rows[0], columns[0], 0], [1, rows[1] - rows[0], columns[1] - columns[0], 3]);
        let patch: Patch = { tensor: tf.cast(input, 'float32'), rows, columns, gridHeight: size[0], gridWidth: size[1] };
        for (let j = 0; j < l; j++) patch = fullStage(net, down[j] as ConvSpec, patch, downStats[j]);
        const y = convPatch(net, spec, patch);
        const core = cropPatch(y, ...coreOf(tile, size, y, 1 / 2 ** l));
        addMoments(moments, core);
        if (l === down.length - 1) writeStore(run.blockInput, core);
      });
      yield run.progress(`${spec.name} statistics`, t + 1, inputTiles.length);
    }
    downStats.push(normStats(net, spec, finishMoments(moments)));
  }
  run.blockInput.pending = { stats: downStats[down.length - 1] as NormStats, relu: true };
}

/** One residual conv over the stored map `source` in tiles, storing its output and statistics in `target`. */
function* middleConvPass(run: TiledRun, spec: ConvSpec, source: ActivationStore, target: ActivationStore): Generator<TileProgressEvent, void, void> {
  run.nextPass();
  const moments = createMoments(spec.outChannels);
  for (const [t, tile] of run.middleTiles.entries()) {
    tf.tidy('tiledForward.middle', () => {
      const y = convPatch(run.net, spec, readStore(source, ...regionOf(tile)));
      const core = cropPatch(y, ...coreOf(tile, run.quarterSize, y, 1));
      addMoments(moments, core);
      writeStore(target, core);
    });
    yield run.progress(spec.name, t + 1, run.middleTiles.length);
  }
  target.pending = { stats: normStats(run.net, spec, finishMoments(moments)), relu: spec.relu };
}

/** Middle: each residual conv once over the stored map, then the block's sum. */
function* middlePasses(run: TiledRun): Generator<TileProgressEvent, void, void> {
  const { blockInput, branch, residual, middle, middleTiles, quarterSize } = run;
  for (let block = 0; block < RESIDUAL_BLOCKS; block++) {
    yield* middleConvPass(run, middle[2 * block] as ConvSpec, blockInput, branch);
    yield* middleConvPass(run, middle[2 * block + 1] as ConvSpec, branch, residual);
    run.nextPass();
    for (const [t, tile] of middleTiles.entries()) {
      tf.tidy('tiledForward.residualSum', () => {
        const { top, left, height: h, width: w } = tile.core;
        const [rows, columns]: [Span, Span] = [[top, top + h], [left, left + w]];
        const sum = tf.add<tf.Tensor4D>(readStore(blockInput, rows, columns).tensor, readStore(residual, rows, columns).tensor);
        writeStore(blockInput, { tensor: sum, rows, columns, gridHeight: quarterSize[0], gridWidth: quarterSize[1] });
      });
      yield run.progress(`res${block + 1} sum`, t + 1, middleTiles.length);
    }
    blockInput.pending = undefined;
  }
}

/** Up: statistics of each normalised stage, one pass each, then the output pass writing image `image`'s cores. */
function* upPasses(run: TiledRun, output: Float32Array, image: number): Generator<TileProgressEvent, void, void> {
  const { net, up, upTiles, quarterSize } = run;
  const upStats = new Map<number, NormStats>();
  for (let l = 0; l <= up.length; l++) {
    const spec = up[l];
    if (spec !== undefined && !spec.norm) continue;
    run.nextPass();
    const moments = spec === undefined ? undefined : createMoments(spec.outChannels);
    for (const [t, tile] of upTiles.entries()) {
      tf.tidy('tiledForward.up', () => {
        let patch = readStore(run.blockInput, ...regionOf(tile));
        for (let j = 0; j < Math.min(l, up.length); j++) patch = fullStage(net, up[j] as ConvSpec, patch, upStats.get(j));
        if (spec !== undefined && moments !== undefined) {
          const y = convPatch(net, spec, patch);
          addMoments(moments, cropPatch(y, ...coreOf(tile, quarterSize, y, y.gridHeight / quarterSize[0])));
          return;
        }
        writeOutput(net, patch, tile, output, image, run.size[0], run.size[1]);
      });
      yield run.progress(spec === undefined ? 'output' : `${spec.name} statistics`, t + 1, upTiles.length);
    }
    if (spec !== undefined && moments !== undefined) upStats.set(l, normStats(net, spec, finishMoments(moments)));
  }
}

/**
 * Runs the network over `batch` in tiles of `tileSize` input pixels (a multiple of 4) and returns the clipped,
 * cropped output `[B, H, W, 3]` as a Float32Array, yielding after each tile. The caller owns `batch`; no tensor
 * outlives a tile.
 */
export function* tiledForward(net: TransformNet, batch: tf.Tensor4D, tileSize: number): Generator<TileProgressEvent, Float32Array, void> {
  const [images, height, width] = batch.shape;
  const specs = convSpecs(net.architecture);
  const up = specs.slice(3 + 2 * RESIDUAL_BLOCKS);
  const passes = 3 + 3 * RESIDUAL_BLOCKS + up.filter((s) => s.norm).length + 1;
  const quarterSize = [quarter(height), quarter(width)] as const;
  const stores = { blockInput: createStore(...quarterSize, MIDDLE_CHANNELS), branch: createStore(...quarterSize, MIDDLE_CHANNELS), residual: createStore(...quarterSize, MIDDLE_CHANNELS) };
  const tiles = {
    inputTiles: tileGrid(height, width, { tileSize, halo: DOWN_HALO, align: 4 }),
    middleTiles: tileGrid(...quarterSize, { tileSize: tileSize / 4, halo: MIDDLE_HALO }),
    upTiles: tileGrid(...quarterSize, { tileSize: tileSize / 4, halo: UP_HALO }),
  };
  const total = 3 * tiles.inputTiles.length + 3 * RESIDUAL_BLOCKS * tiles.middleTiles.length + (passes - 3 - 3 * RESIDUAL_BLOCKS) * tiles.upTiles.length;
  const output = new Float32Array(images * height * width * 3);
  for (let image = 0; image < images; image++) {
    let [pass, done] = [0, 0];
    const run: TiledRun = {
      net, down: specs.slice(0, 3), middle: specs.slice(3, 3 + 2 * RESIDUAL_BLOCKS), up, size: [height, width], quarterSize, ...tiles, ...stores,
      nextPass: () => { pass++; },
      progress: (step, tile, tileCount) => ({ image, images, pass, passes, step, tile, tiles: tileCount, done: ++done, total }),
    };
    yield* downPasses(run, batch, image);
    yield* middlePasses(run);
    yield* upPasses(run, output, image);
  }
  return output;
}

/** The output mapping, clip to 0..255 and the part of the core inside the H×W image, copied into `output`. */
function writeOutput(net: TransformNet, patch: Patch, tile: Tile, output: Float32Array, image: number, height: number, width: number): void {
  const top = tile.core.top * 4;
  const left = tile.core.left * 4;
  const rows: Span = [top, Math.min((tile.core.top + tile.core.height) * 4, height)];
  const columns: Span = [left, Math.min((tile.core.left + tile.core.width) * 4, width)];
  const core = cropPatch(patch, rows, columns).tensor;
  const mapped = net.architecture === 'lengstrom' ? tf.add(tf.mul(tf.tanh(core), 150), 127.5) : core;
  const values = tf.clipByValue(mapped, 0, 255).dataSync();
  const w = columns[1] - columns[0];
  for (let y = 0; y < rows[1] - rows[0]; y++) {
    output.set(values.subarray(y * w * 3, (y + 1) * w * 3), ((image * height + rows[0] + y) * width + columns[0]) * 3);
  }
}
