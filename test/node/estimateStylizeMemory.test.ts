import { describe, expect, it } from 'vitest';
import { estimateStylizeMemory } from '../../src/node/estimateStylizeMemory';

const GB = 1e9;

describe('estimateStylizeMemory', () => {
  it('adds up its parts by hand at 512×512, VGG-19, L-BFGS, 3 iterations', () => {
    const e = estimateStylizeMemory({ width: 512, height: 512, extractor: 'vgg19', optimizer: 'lbfgs', iterations: 3 });
    // fixed: 0.668 GB runtime + 20 024 384 parameters × 2 copies × 4 B = 828 195 072
    expect(e.breakdown.fixed).toBe(828_195_072);
    // activations: 262 144 px × 326 values × 4 B × 1.895 = 647 778 795.52
    expect(e.breakdown.activations).toBe(647_778_796);
    // L-BFGS: min(100, 3) pairs × 2 vectors × 3 channels × 4 B × 262 144 px = 18 874 368
    expect(e.breakdown.optimizer).toBe(18_874_368);
    expect(e.bytes).toBe(1_494_848_236);
  });

  it('stays within 10% of the whole-process peaks measured with benchmarks/memory.ts (CLI, 3 iterations)', () => {
    const measured: [number, number, number][] = [[256, 256, 0.99], [512, 512, 1.49], [768, 576, 1.97], [1024, 768, 2.82]];
    for (const [width, height, gb] of measured) {
      const e = estimateStylizeMemory({ width, height, extractor: 'vgg19', optimizer: 'lbfgs', iterations: 3 });
      expect(Math.abs(e.bytes / (gb * GB) - 1)).toBeLessThan(0.1);
    }
  });

  it('counts the L-BFGS history as min(historySize, iterations) pairs, full (100) when iterations are not given', () => {
    const at = (options: { historySize?: number; iterations?: number }): number =>
      estimateStylizeMemory({ width: 1024, height: 768, extractor: 'vgg19', optimizer: 'lbfgs', ...options }).breakdown.optimizer;
    // 100 pairs × 24 B × 786 432 px
    expect(at({})).toBe(1_887_436_800);
    expect(at({ iterations: 500 })).toBe(at({}));
    expect(at({ iterations: 10 })).toBe(at({}) / 10);
    expect(at({ historySize: 5, iterations: 10 })).toBe(at({}) / 20);
  });

  it('breaks the estimate down, scales with pixels and backend, and validates its options', () => {
    const e = estimateStylizeMemory({ width: 100, height: 100, extractor: 'vgg16', optimizer: 'adam', backend: 'wasm' });
    expect(e.bytes).toBe(e.breakdown.fixed + e.breakdown.activations + e.breakdown.optimizer);
    // 0.2 GB + 14 714 688 parameters × 8 B
    expect(e.breakdown.fixed).toBe(317_717_504);
    expect(e.breakdown.optimizer).toBe(100 * 100 * 36);
    expect(() => estimateStylizeMemory({ width: 0, height: 1, extractor: 'vgg19', optimizer: 'adam' })).toThrow('estimateStylizeMemory: options.width must be an integer >= 1; got 0.');
    expect(() => estimateStylizeMemory({ width: 1, height: 1, extractor: 'vgg19', optimizer: 'lbfgs', iterations: 1.5 })).toThrow('estimateStylizeMemory: options.iterations must be an integer >= 1; got 1.5.');
    expect(() => estimateStylizeMemory({ width: 1, height: 1, extractor: 'vgg11' as 'vgg19', optimizer: 'adam' })).toThrow(/options.extractor must be one of/);
  });
});
