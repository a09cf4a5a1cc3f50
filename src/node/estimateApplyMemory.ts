// Peak memory of applying a feed-forward transformation network (readImage → apply → writeImage, as `stylegrad apply`
// does), from a model fitted to measurements: whole-process peak RSS on tfjs-node 4.22 / libtensorflow 2.21 CPU, 2 cores,
// the pretrained udnie network on Tübingen resized with readImage (benchmarks/tiledApply.ts,
// benchmarks/results/tiled-apply.json, 2026-11-30, machine shared):
//   whole image:  1024×768 1696, 1798, 1874 MB (three runs), 2048×1536 3126 MB
//                 → 1.46 GB + 530 B per pixel (the line through the largest of each size)
//   tiles of 512: 1024×768 1112, 1121, 1140 MB, 2048×1536 1559 MB, 4096×3072 2637 MB; 4096×3072 in tiles of 1024:
//   3621 MB; 1024×768 in tiles of 256: 901, 1000, 841 MB
//                 → 0.86 GB + 114 B per pixel + 1226 B per pixel of a tile's region, (tileSize + 16)²: through the three
//                   largest runs exactly, 4–23% above the 1024×768 ones
// The tiled per-pixel part is what the passes keep: three quarter-resolution 128-channel float32 maps (96 B), plus
// the input and output. The whole-image pass keeps a few full-resolution 32-channel activations (128 B each) at once.
// Small images cost less than the lines say (256×192: 0.55–0.60 GB): the intercepts include the allocator's slack
// at these sizes. Other backends (wasm, cpu) load no native library: their fixed part is 0.5 GB less (not measured);
// wasm's heap is also capped at 4 GB.
import { StylegradError } from '../errors';
import { assertOneOf, describe } from '../internal/validate';

/**
 * What {@link estimateApplyMemory} needs to know about a run.
 *
 * @example
 * ```ts
 * const options: ApplyMemoryOptions = { width: 4096, height: 3072, tileSize: 512 };
 * ```
 * @category Node
 */
export interface ApplyMemoryOptions {
  /** Width of the image applied, in pixels. */
  readonly width: number;
  /** Height of the image applied, in pixels. */
  readonly height: number;
  /** Tile side (as `applyTransformTiled`'s `tileSize`), or absent for one whole-image pass. */
  readonly tileSize?: number;
  /** The tfjs backend (default `'tfjs-node'`, where the model was measured). */
  readonly backend?: 'tfjs-node' | 'tfjs-node-gpu' | 'wasm' | 'cpu';
}

/**
 * The estimate, in bytes, and its parts.
 *
 * @example
 * ```ts
 * const { bytes, breakdown } = estimateApplyMemory({ width: 1024, height: 768 });
 * ```
 * @category Node
 */
export interface ApplyMemoryEstimate {
  /** The estimated whole-process peak resident memory. */
  readonly bytes: number;
  /** Fixed part, per-image-pixel part, per-tile part. */
  readonly breakdown: {
    /** Runtime, native libraries, the network's weights (the fitted intercept). */
    readonly fixed: number;
    /** What grows with the image: its activations (whole-image pass) or the stored quarter-resolution maps, input and output (tiled). */
    readonly image: number;
    /** One tile's activations (0 for a whole-image pass). */
    readonly tile: number;
  };
}

const WHOLE_FIXED_BYTES = 1.457e9;
const TILED_FIXED_BYTES = 0.858e9;
/** tfjs-node maps ~850 MB of libraries (partly shared); taken as 0.5 GB of the fixed part. */
const NATIVE_LIBRARY_BYTES = 0.5e9;
const WHOLE_BYTES_PER_PIXEL = 530; // (3126 − 1874) MB / (2048·1536 − 1024·768)
const TILED_BYTES_PER_PIXEL = 114; // (2637 − 1559) MB / (4096·3072 − 2048·1536), same tile
const TILE_BYTES_PER_PIXEL = 1226; // (3621 − 2637) MB / (1040² − 528²), same image
/** Input pixels read around a tile's core (the down pass's halo). */
const TILE_HALO = 8;

/**
 * Estimates the peak memory (whole-process resident set) of stylizing one `width × height` image with a
 * feed-forward network, whole or in tiles, from a model fitted to measurements on tfjs-node (see the source header):
 * a fixed part, a part per image pixel, and for tiled runs a part per tile pixel. Use it to pick a tile size that
 * fits a budget before loading anything (`stylegrad apply` does, with `--max-memory`).
 *
 * @param options - Size, tile size and backend; see {@link ApplyMemoryOptions}.
 * @returns Bytes and their breakdown; never below the measured points, at most 16% above the largest of repeated runs (peak RSS varies ~10% between runs).
 * @throws {@link StylegradError} for a size or tile size that is not a positive integer, or an unknown backend.
 * @example
 * ```ts
 * import { estimateApplyMemory } from 'stylegrad/node';
 * estimateApplyMemory({ width: 4096, height: 3072, tileSize: 512 }).bytes; // ≈ 2.63e9 (measured 2.64 GB)
 * estimateApplyMemory({ width: 4096, height: 3072 }).bytes;                  // ≈ 8.1e9: the whole image at once
 * ```
 * @category Node
 */
export function estimateApplyMemory(options: ApplyMemoryOptions): ApplyMemoryEstimate {
  const fn = 'estimateApplyMemory';
  if (typeof options !== 'object' || options === null) throw new StylegradError(fn, 'options', `must be { width, height }; got ${describe(options)}.`);
  assertPositiveInteger(fn, 'options.width', options.width);
  assertPositiveInteger(fn, 'options.height', options.height);
  if (options.tileSize !== undefined) assertPositiveInteger(fn, 'options.tileSize', options.tileSize);
  const backend = options.backend ?? 'tfjs-node';
  assertOneOf(fn, 'options.backend', backend, ['tfjs-node', 'tfjs-node-gpu', 'wasm', 'cpu'] as const);
  const pixels = options.width * options.height;
  const native = backend === 'tfjs-node' || backend === 'tfjs-node-gpu';
  const fixed = (options.tileSize === undefined ? WHOLE_FIXED_BYTES : TILED_FIXED_BYTES) - (native ? 0 : NATIVE_LIBRARY_BYTES);
  if (options.tileSize === undefined) {
    const image = Math.round(pixels * WHOLE_BYTES_PER_PIXEL);
    return { bytes: fixed + image, breakdown: { fixed, image, tile: 0 } };
  }
  const side = (length: number): number => Math.min(length, (options.tileSize ?? 0) + 2 * TILE_HALO);
  const image = Math.round(pixels * TILED_BYTES_PER_PIXEL);
  const tile = Math.round(side(options.height) * side(options.width) * TILE_BYTES_PER_PIXEL);
  return { bytes: fixed + image + tile, breakdown: { fixed, image, tile } };
}

function assertPositiveInteger(fn: string, argument: string, value: unknown): void {
  if (!Number.isInteger(value) || (value as number) < 1) throw new StylegradError(fn, argument, `must be an integer >= 1; got ${describe(value)}.`);
}
