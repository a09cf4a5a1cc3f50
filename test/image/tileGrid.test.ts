import { describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { tileGrid, type Tile } from '../../src/image/tileGrid';

/** How many cores hold each pixel, row-major. */
function coverCounts(tiles: readonly Tile[], height: number, width: number): number[] {
  const counts = new Array<number>(height * width).fill(0);
  for (const { core } of tiles) {
    for (let y = core.top; y < core.top + core.height; y++) {
      for (let x = core.left; x < core.left + core.width; x++) counts[y * width + x] = (counts[y * width + x] ?? 0) + 1;
    }
  }
  return counts;
}

describe('tileGrid', () => {
  it('matches a hand-worked grid: 10 × 7, cores of 4 shifted down 1 row, halo 2', () => {
    // Row cuts at 1 + 4k inside (0, 10): 1, 5, 9 → rows [0,1) [1,5) [5,9) [9,10); column cuts at 4 → [0,4) [4,7).
    const tiles = tileGrid(10, 7, { tileSize: 4, halo: 2, offset: [1, 0] });
    expect(tiles.map((t) => [t.core.top, t.core.height, t.core.left, t.core.width])).toEqual([
      [0, 1, 0, 4], [0, 1, 4, 3], [1, 4, 0, 4], [1, 4, 4, 3], [5, 4, 0, 4], [5, 4, 4, 3], [9, 1, 0, 4], [9, 1, 4, 3],
    ]);
    // Core rows 1..4 grow to −1..6, clipped to 0..6 (height 7); columns 0..3 grow to −2..5 → 0..5 (width 6).
    expect(tiles[2]?.region).toEqual({ top: 0, left: 0, height: 7, width: 6 });
    // Core rows 5..8, columns 4..6 grow to rows 3..10 → 3..9, columns 2..8 → 2..6.
    expect(tiles[5]?.region).toEqual({ top: 3, left: 2, height: 7, width: 5 });
  });

  it('covers every pixel with exactly one core, for offsets that wrap and negative ones', () => {
    for (const offset of [[0, 0], [3, 5], [-2, 9], [40, -41]] as const) {
      const tiles = tileGrid(23, 17, { tileSize: 6, halo: 3, offset });
      expect(new Set(coverCounts(tiles, 23, 17))).toEqual(new Set([1]));
      for (const { core, region } of tiles) {
        expect(region.top).toBe(Math.max(0, core.top - 3));
        expect(region.left).toBe(Math.max(0, core.left - 3));
        expect(region.top + region.height).toBe(Math.min(23, core.top + core.height + 3));
        expect(region.left + region.width).toBe(Math.min(17, core.left + core.width + 3));
      }
    }
  });

  it('moves every inner boundary when the offset changes', () => {
    const boundaries = (offset: number): number[] => tileGrid(64, 8, { tileSize: 16, halo: 0, offset: [offset, 0] }).map((t) => t.core.top).filter((top) => top > 0);
    expect(boundaries(0)).toEqual([16, 32, 48]);
    expect(boundaries(8)).toEqual([8, 24, 40, 56]);
  });

  it('keeps every corner aligned to the network stride', () => {
    for (const { core, region } of tileGrid(300, 200, { tileSize: 64, halo: 32, align: 16, offset: [16, 48] })) {
      for (const v of [core.top, core.left, region.top, region.left]) expect(v % 16).toBe(0);
    }
  });

  it('is one tile when the image fits in a core', () => {
    expect(tileGrid(5, 5, { tileSize: 8, halo: 4 })).toEqual([{ core: { top: 0, left: 0, height: 5, width: 5 }, region: { top: 0, left: 0, height: 5, width: 5 } }]);
  });

  it('names the argument and what is allowed', () => {
    expect(() => tileGrid(0, 5, { tileSize: 4, halo: 0 })).toThrow(/tileGrid.*height.*positive multiple of 1; got 0/);
    expect(() => tileGrid(8, 8, { tileSize: 24, halo: 8, align: 16 })).toThrow(/options\.tileSize.*positive multiple of 16; got 24/);
    expect(() => tileGrid(8, 8, { tileSize: 16, halo: -16, align: 16 })).toThrow(/options\.halo.*non-negative multiple of 16/);
    expect(() => tileGrid(8, 8, { tileSize: 16, halo: 0, align: 16, offset: [8, 0] })).toThrow(/options\.offset\[0\].*multiple of 16; got 8/);
    expect(() => tileGrid(8, 8, { tileSize: 4, halo: 0, offset: [1] as unknown as [number, number] })).toThrow(StylegradError);
  });
});
