import { describe, expect, it } from 'vitest';
import { estimateApplyMemory } from '../../src/node/estimateApplyMemory';

const MB = 1e6;

describe('estimateApplyMemory', () => {
  // Peak RSS measured by benchmarks/tiledApply.ts (tfjs-node, udnie, 2026-11-30): the largest of repeated runs.
  const measured = [
    { width: 1024, height: 768, mb: 1874 },
    { width: 2048, height: 1536, mb: 3126 },
    { width: 1024, height: 768, tileSize: 256, mb: 1000 },
    { width: 1024, height: 768, tileSize: 512, mb: 1140 },
    { width: 2048, height: 1536, tileSize: 512, mb: 1559 },
    { width: 4096, height: 3072, tileSize: 512, mb: 2637 },
    { width: 4096, height: 3072, tileSize: 1024, mb: 3621 },
  ];

  it.each(measured)('is never below, and at most 16% above, the measured $width×$height (tile $tileSize): $mb MB', ({ mb, ...options }) => {
    const ratio = estimateApplyMemory(options).bytes / (mb * MB);
    expect(ratio).toBeGreaterThanOrEqual(0.995);
    expect(ratio).toBeLessThanOrEqual(1.16);
  });

  it('adds up its breakdown, grows with the tile, and charges less without the native libraries', () => {
    const e = estimateApplyMemory({ width: 4096, height: 3072, tileSize: 1024 });
    expect(e.bytes).toBe(e.breakdown.fixed + e.breakdown.image + e.breakdown.tile);
    expect(e.breakdown.tile).toBe(1040 * 1040 * 1226);
    expect(estimateApplyMemory({ width: 4096, height: 3072, tileSize: 512 }).bytes).toBeLessThan(e.bytes);
    expect(estimateApplyMemory({ width: 4096, height: 3072 }).bytes).toBeGreaterThan(e.bytes); // the whole image: ≈ 8.1 GB
    // A tile larger than the image is the image: 100 × 80 in tiles of 512 reads 100 × 80.
    expect(estimateApplyMemory({ width: 100, height: 80, tileSize: 512 }).breakdown.tile).toBe(100 * 80 * 1226);
    const wasm = estimateApplyMemory({ width: 100, height: 80, backend: 'wasm' });
    expect(estimateApplyMemory({ width: 100, height: 80 }).bytes - wasm.bytes).toBe(0.5e9);
  });

  it('names a bad option and what is allowed', () => {
    expect(() => estimateApplyMemory({ width: 0, height: 5 })).toThrow('estimateApplyMemory: options.width must be an integer >= 1; got 0.');
    expect(() => estimateApplyMemory({ width: 5, height: 5, tileSize: 1.5 })).toThrow('estimateApplyMemory: options.tileSize must be an integer >= 1; got 1.5.');
    expect(() => estimateApplyMemory({ width: 5, height: 5, backend: 'webgl' as 'cpu' })).toThrow(/options\.backend must be one of 'tfjs-node', 'tfjs-node-gpu', 'wasm', 'cpu'; got 'webgl'/);
  });
});
