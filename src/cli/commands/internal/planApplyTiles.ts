// `stylegrad apply`'s memory plan per image: the whole image in one pass when its estimate fits the budget, else the
// largest tile size whose estimate does (or the --tile-size given), else an error saying what would fit.
import { StylegradError } from '../../../errors';
import { estimateApplyMemory, type ApplyMemoryOptions } from '../../../node/estimateApplyMemory';
import { formatGB, type MemoryBudget } from '../../internal/memoryBudget';

const FN = 'stylegrad apply';
/** Tile sizes tried, largest first: bigger tiles waste less work on halos. */
const TILE_SIZES = [2048, 1024, 512, 256, 128] as const;

/** How one image will be run. */
export interface ApplyTilePlan {
  /** Tile side in input pixels, or undefined for one whole-image pass. */
  readonly tileSize: number | undefined;
  /** The estimated peak memory. */
  readonly bytes: number;
  /** The whole-image estimate (what tiling avoided). */
  readonly wholeBytes: number;
}

/**
 * Plans one image of `width × height` (after `--size`).
 *
 * @param input - The input's path (for messages), its size after resizing, `--tile-size` (parsed), the budget and backend.
 * @returns Whole-image or tiled, with the estimates.
 * @throws {@link StylegradError} naming `--tile-size` or `--max-memory` when nothing fits.
 */
export function planApplyTiles(input: {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly tileSize: number | undefined;
  readonly budget: MemoryBudget;
  readonly backend: ApplyMemoryOptions['backend'];
}): ApplyTilePlan {
  const { width, height, budget, backend } = input;
  const estimate = (tileSize: number | undefined): number =>
    estimateApplyMemory({ width, height, ...(tileSize === undefined ? {} : { tileSize }), ...(backend === undefined ? {} : { backend }) }).bytes;
  const wholeBytes = estimate(undefined);
  const over = `more than the budget of ${formatGB(budget.bytes)} (${budget.source})`;
  if (input.tileSize !== undefined) {
    const bytes = estimate(input.tileSize);
    if (bytes <= budget.bytes) return { tileSize: input.tileSize, bytes, wholeBytes };
    const fits = TILE_SIZES.find((t) => t < (input.tileSize ?? 0) && estimate(t) <= budget.bytes);
    const advice = fits === undefined ? 'no tile size fits; pass a smaller --size' : `--tile-size ${fits} fits`;
    throw new StylegradError(FN, '--tile-size', `${input.tileSize} needs about ${formatGB(bytes)} of memory for '${input.file}' (${width}×${height}), ${over}; ${advice}, or --max-memory <GB> to change the budget.`);
  }
  if (wholeBytes <= budget.bytes) return { tileSize: undefined, bytes: wholeBytes, wholeBytes };
  for (const tileSize of TILE_SIZES) {
    const bytes = estimate(tileSize);
    if (bytes <= budget.bytes) return { tileSize, bytes, wholeBytes };
  }
  const smallest = TILE_SIZES[TILE_SIZES.length - 1];
  throw new StylegradError(FN, '--max-memory', `budget of ${formatGB(budget.bytes)} (${budget.source}) is too small for '${input.file}' (${width}×${height}): it needs about ${formatGB(estimate(smallest))} even in ${smallest}-pixel tiles; pass a smaller --size, or a larger --max-memory.`);
}
