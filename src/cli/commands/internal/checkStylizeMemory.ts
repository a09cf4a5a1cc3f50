// The memory check of `stylegrad stylize`'s planning: estimate the largest scale's peak memory from the content
// image's header (no decoding). A run that fits is run whole; one that does not is tiled (VGG networks): the
// largest tile whose region fits next to the image-sized vectors, and coarse-to-fine from a size that fits whole.
// Only a run that cannot fit even tiled (SqueezeNet, or a budget below one small tile) is refused.
import { StylegradError } from '../../../errors';
import { estimateStylizeMemory, type StylizeMemoryOptions } from '../../../node/estimateStylizeMemory';
import type { OptimizerSpec } from '../../../transfer/types';
import { formatGB, memoryBudget } from '../../internal/memoryBudget';

const FN = 'stylegrad';
/** Upscaling the content beyond this factor gets a warning: it adds pixels (memory, time), not detail. */
const UPSCALE_WARNING = 2;
/** Tile halo: 64 pixels keeps VGG-19's gradient within 7e-7 of the whole image's (benchmarks/README.md). */
export const TILE_HALO = 64;
/** Tile sides are multiples of VGG's stride at conv5_1. */
const TILE_ALIGN = 16;
/** The smallest core worth tiling with: below it the halo costs more than the core. */
const MIN_TILE = 128;
/** L-BFGS pairs kept at tiled scales; halved (to 1) when the budget is tight. */
const TILED_HISTORY = 5;
/**
 * Image-sized float32 RGB vectors alive at a tiled scale besides the L-BFGS pairs: the image and the optimiser's
 * point, gradient, direction and line-search trial (5), the gradient's accumulator and its tensor (2), the content
 * image and the style image at the scale (2), the content targets (conv4_2: 512 channels at stride 8 = 8 floats a
 * pixel, 2.7 vectors; 3), and the delivered image at the end (1).
 */
const TILED_VECTORS = 13;
/** The first scale of a tiled run is at most this (the default preset's measured best size). */
const TILED_START = 512;

/** What {@link checkStylizeMemory} needs. */
export interface StylizeMemoryInput {
  /** The size of the image whose aspect ratio (and, without `size`, size) the output takes. */
  readonly reference: { readonly width: number; readonly height: number };
  readonly size: number | undefined;
  readonly extractor: StylizeMemoryOptions['extractor'];
  readonly optimizer: OptimizerSpec;
  readonly backend: string | undefined;
  /** The raw `--max-memory` text in GB. */
  readonly maxMemory: string | undefined;
  /** `--tile-size`: tile with this core size even when the run would fit whole. */
  readonly tileSize?: number | undefined;
}

/** How a run that does not fit whole is tiled. */
export interface TilePlan {
  /** Core side in pixels. */
  readonly tileSize: number;
  readonly halo: number;
  /** L-BFGS history at tiled scales. */
  readonly historySize: number;
  /** Scales with more pixels than this are tiled. */
  readonly maxUntiledPixels: number;
  /** The first scale of the coarse-to-fine schedule (longer side). */
  readonly start: number;
}

/** The output size, the estimate, the budget, the tiling (`null`: whole), and warnings to print. */
export interface StylizeMemoryCheck {
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly budget: number;
  readonly tiling: TilePlan | null;
  readonly warnings: readonly string[];
}

/**
 * Estimates the run's peak memory at its largest scale; when it is over budget, plans tiling (VGG) so that it fits.
 *
 * @param input - The reference image, size, network, optimiser, backend, `--max-memory` and `--tile-size`.
 * @returns The output size, estimate (tiled when tiling), budget, tiling and warnings.
 * @throws {@link StylegradError} `stylegrad: --size 20000 needs about … of memory …` when even tiling cannot fit
 *   (SqueezeNet, or a budget below one 128-pixel tile next to the image's vectors).
 * @example
 * ```ts
 * const check = checkStylizeMemory({ reference: { width: 1024, height: 768 }, size: 4096, extractor: 'vgg19', optimizer: 'lbfgs', backend: undefined, maxMemory: '6' });
 * check.tiling; // { tileSize: …, halo: 64, historySize: 5, … }
 * ```
 */
export function checkStylizeMemory(input: StylizeMemoryInput): StylizeMemoryCheck {
  const budget = memoryBudget(FN, input.maxMemory);
  const { width: sourceWidth, height: sourceHeight } = input.reference;
  const longer = Math.max(sourceWidth, sourceHeight);
  const target = input.size ?? longer;
  const dims = (side: number): [number, number] => [Math.max(1, Math.round((sourceWidth * side) / longer)), Math.max(1, Math.round((sourceHeight * side) / longer))];
  const [width, height] = dims(target);
  const estimateAt = (side: number): number => {
    const [w, h] = dims(side);
    return estimateStylizeMemory({ width: w, height: h, ...memoryModel(input) }).bytes;
  };
  const warnings = target > UPSCALE_WARNING * longer
    ? [`Warning: --size ${target} upscales the ${longer} px image ${(target / longer).toFixed(1)}×: more pixels (memory, time), no more detail.`]
    : [];
  const bytes = estimateAt(target);
  if (bytes <= budget.bytes && input.tileSize === undefined) return { width, height, bytes, budget: budget.bytes, tiling: null, warnings };
  const untiledSide = largestFitting(target, (side) => estimateAt(side) <= budget.bytes);
  const tiled = input.extractor === 'squeezenet1.1' ? null : planTiles(input, width, height, budget.bytes);
  if (tiled === null) {
    const flag = input.size === undefined ? '--size (the content size)' : '--size';
    const fitting = input.extractor === 'squeezenet1.1' ? untiledSide : largestFitting(target, (side) => planTiles(input, ...dims(side), budget.bytes) !== null);
    const advice = fitting === 0 ? 'nothing fits: the fixed part alone is over budget' : `the largest --size that fits${fitting > untiledSide ? ' (tiled)' : ''} is ${fitting}`;
    const why = input.extractor === 'squeezenet1.1' ? 'SqueezeNet cannot be tiled (its first layer does not keep the pixel grid)' : 'even tiled it does not fit';
    throw new StylegradError(FN, flag, `${target} needs about ${formatGB(bytes)} of memory (${width}×${height}, ${input.extractor}, ${optimizerName(input.optimizer)}), more than the budget of ${formatGB(budget.bytes)} (${budget.source}), and ${why}; ${advice}. Pass a smaller --size, or --max-memory <GB> to change the budget.`);
  }
  const [uw, uh] = dims(untiledSide);
  // --tile-size tiles every scale larger than one tile's region; otherwise the scales that do not fit whole.
  const forced = input.tileSize === undefined ? Number.POSITIVE_INFINITY : (input.tileSize + 2 * TILE_HALO) ** 2;
  const maxUntiledPixels = Math.min(forced, untiledSide === 0 ? 0 : uw * uh);
  const start = Math.max(1, Math.min(TILED_START, untiledSide === 0 ? TILED_START : untiledSide, target));
  return { width, height, bytes: tiled.bytes, budget: budget.bytes, tiling: { ...tiled.plan, maxUntiledPixels, start }, warnings };
}

/** The largest core (multiple of 16, >= 128) and history whose tiled run fits `budget`, or null. */
function planTiles(input: StylizeMemoryInput, width: number, height: number, budget: number): { plan: Omit<TilePlan, 'maxUntiledPixels' | 'start'>; bytes: number } | null {
  const vector = width * height * 3 * 4;
  const model = memoryModel(input);
  const tiledBytes = (tileSize: number, historySize: number): number => {
    const side = tileSize + 2 * TILE_HALO;
    const { breakdown } = estimateStylizeMemory({ ...model, width: side, height: side });
    return breakdown.fixed + breakdown.activations + (TILED_VECTORS + 2 * historySize) * vector;
  };
  const largestSide = Math.max(width, height);
  const cap = Math.max(MIN_TILE, Math.ceil(largestSide / TILE_ALIGN) * TILE_ALIGN);
  for (const historySize of [TILED_HISTORY, 2, 1]) {
    if (input.tileSize !== undefined) {
      if (tiledBytes(input.tileSize, historySize) <= budget) return { plan: { tileSize: input.tileSize, halo: TILE_HALO, historySize }, bytes: tiledBytes(input.tileSize, historySize) };
      continue;
    }
    const steps = largestFitting(cap / TILE_ALIGN, (k) => tiledBytes(k * TILE_ALIGN, historySize) <= budget);
    const tileSize = steps * TILE_ALIGN;
    if (tileSize >= MIN_TILE) return { plan: { tileSize, halo: TILE_HALO, historySize }, bytes: tiledBytes(tileSize, historySize) };
  }
  return null;
}

/** The largest side in 1..`upper` for which `fits` holds (the estimate grows with the side), or 0. */
function largestFitting(upper: number, fits: (side: number) => boolean): number {
  let [low, high] = [0, upper];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

function optimizerName(spec: OptimizerSpec): 'lbfgs' | 'adam' {
  const name = typeof spec === 'string' ? spec : spec.name;
  return name === 'adam' ? 'adam' : 'lbfgs';
}

function memoryModel(input: StylizeMemoryInput): Omit<StylizeMemoryOptions, 'width' | 'height'> {
  const spec = input.optimizer;
  const historySize = typeof spec === 'object' && 'historySize' in spec && typeof spec.historySize === 'number' ? spec.historySize : undefined;
  const backend = input.backend === 'wasm' || input.backend === 'cpu' || input.backend === 'tfjs-node-gpu' ? input.backend : 'tfjs-node';
  return { extractor: input.extractor, optimizer: optimizerName(spec), backend, ...(historySize === undefined ? {} : { historySize }) };
}
