// Tiles for work on images too large to process whole. The cores partition the image: every pixel belongs to
// exactly one core, so a per-pixel result assembled from the cores needs no blending. Each core is grown by a halo
// (clipped at the image's edges) into the region actually processed, so that a network's output at the core's
// pixels sees the same neighbourhood as it would in the whole image, up to the halo's reach.
//
// Core boundaries sit at `offset + k · tileSize` for every integer k, clipped to the image. Changing `offset`
// between passes moves every boundary, so no seam stays in one place (as in Crowson's tiled style transfer,
// https://github.com/crowsonkb/style_transfer). With `align` = a network's total stride (16 for VGG up to
// conv5_1, 4 for the feed-forward transformation network), every boundary, halo and region corner is a
// multiple of it, so the region's feature grid lines up with the whole image's.
import { StylegradError } from '../errors';
import { describe } from '../internal/validate';

/**
 * A rectangle of pixels: rows `top .. top + height − 1`, columns `left .. left + width − 1`.
 *
 * @example
 * ```ts
 * const rect: PixelRect = { top: 0, left: 256, height: 256, width: 256 };
 * ```
 * @category Image
 */
export interface PixelRect {
  /** First row. */
  readonly top: number;
  /** First column. */
  readonly left: number;
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
}

/**
 * One tile of {@link tileGrid}: the pixels it is responsible for and the pixels it reads.
 *
 * @example
 * ```ts
 * const [first] = tileGrid(768, 1024, { tileSize: 512, halo: 64 });
 * // first.core: { top: 0, left: 0, height: 512, width: 512 }; first.region: { top: 0, left: 0, height: 576, width: 576 }
 * ```
 * @category Image
 */
export interface Tile {
  /** The pixels this tile owns; the cores of a grid partition the image. */
  readonly core: PixelRect;
  /** `core` grown by the halo on every side and clipped to the image: the pixels to process. */
  readonly region: PixelRect;
}

/**
 * Options for {@link tileGrid}.
 *
 * @example
 * ```ts
 * const options: TileGridOptions = { tileSize: 512, halo: 64, align: 16, offset: [256, 256] };
 * ```
 * @category Image
 */
export interface TileGridOptions {
  /** Side of a full core in pixels, a positive multiple of `align`. Cores at the edges may be smaller. */
  readonly tileSize: number;
  /** Pixels added to each side of a core to make its region, a non-negative multiple of `align`. */
  readonly halo: number;
  /** Every boundary, halo and offset is a multiple of this (default 1). */
  readonly align?: number;
  /** `[rows, columns]` by which the boundaries are shifted (default `[0, 0]`), multiples of `align`; any integers. */
  readonly offset?: readonly [number, number];
}

const FN = 'tileGrid';

function assertMultiple(argument: string, value: unknown, align: number, min: number): asserts value is number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) % align !== 0) {
    const lower = min > 0 ? `a positive multiple of ${align}` : min === 0 ? `a non-negative multiple of ${align}` : `an integer multiple of ${align}`;
    throw new StylegradError(FN, argument, `must be ${lower}; got ${describe(value)}.`);
  }
}

/** Boundaries along one axis: `0`, every `offset + k · tileSize` strictly inside, and `length`. */
function cuts(length: number, tileSize: number, offset: number): number[] {
  const first = ((offset % tileSize) + tileSize) % tileSize;
  const inner: number[] = [];
  for (let at = first === 0 ? tileSize : first; at < length; at += tileSize) inner.push(at);
  return [0, ...inner, length];
}

/**
 * Splits a `height × width` image into tiles whose cores partition it, each with a halo of context.
 *
 * @param height - Image height in pixels, an integer ≥ 1.
 * @param width - Image width in pixels, an integer ≥ 1.
 * @param options - Core size, halo, alignment and offset; see {@link TileGridOptions}.
 * @returns The tiles in row-major order (top to bottom, then left to right).
 * @throws {@link StylegradError} when a size is not a positive integer, or `tileSize`, `halo` or `offset` is not a
 * multiple of `align` in range.
 * @example
 * ```ts
 * // 10 rows × 7 columns, cores of 4 shifted down by 1 row: rows [0,1) [1,5) [5,9) [9,10), columns [0,4) [4,7).
 * const tiles = tileGrid(10, 7, { tileSize: 4, halo: 2, offset: [1, 0] });
 * tiles.length; // 8
 * tiles[2].region; // { top: 0, left: 0, height: 7, width: 6 }  (core rows 1..4 ± 2, clipped at the top)
 * ```
 * @category Image
 */
export function tileGrid(height: number, width: number, options: TileGridOptions): Tile[] {
  assertMultiple('height', height, 1, 1);
  assertMultiple('width', width, 1, 1);
  if (typeof options !== 'object' || options === null) throw new StylegradError(FN, 'options', `must be { tileSize, halo }; got ${describe(options)}.`);
  const { tileSize, halo, align = 1, offset = [0, 0] } = options;
  assertMultiple('options.align', align, 1, 1);
  assertMultiple('options.tileSize', tileSize, align, 1);
  assertMultiple('options.halo', halo, align, 0);
  if (!Array.isArray(offset) || offset.length !== 2) throw new StylegradError(FN, 'options.offset', `must be [rows, columns]; got ${describe(offset)}.`);
  assertMultiple('options.offset[0]', offset[0], align, -Infinity);
  assertMultiple('options.offset[1]', offset[1], align, -Infinity);
  const rows = cuts(height, tileSize, offset[0]);
  const columns = cuts(width, tileSize, offset[1]);
  const tiles: Tile[] = [];
  for (let i = 0; i + 1 < rows.length; i++) {
    for (let j = 0; j + 1 < columns.length; j++) {
      const [top, bottom, left, right] = [rows[i] as number, rows[i + 1] as number, columns[j] as number, columns[j + 1] as number];
      const [regionTop, regionLeft] = [Math.max(0, top - halo), Math.max(0, left - halo)];
      tiles.push({
        core: { top, left, height: bottom - top, width: right - left },
        region: { top: regionTop, left: regionLeft, height: Math.min(height, bottom + halo) - regionTop, width: Math.min(width, right + halo) - regionLeft },
      });
    }
  }
  return tiles;
}
