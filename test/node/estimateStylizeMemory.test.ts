import { describe, expect, it } from 'vitest';
import { estimateStylizeMemory } from '../../src/node/estimateStylizeMemory';

const GB = 1e9;

describe('estimateStylizeMemory', () => {
  it('reproduces the VGG-19 measurements (2.0 GB at 512×384, 6.0 GB at 1024×768) plus a full L-BFGS history', () => {
    const at = (width: number, height: number, historySize?: number): number =>
      estimateStylizeMemory({ width, height, extractor: 'vgg19', optimizer: 'lbfgs', ...(historySize === undefined ? {} : { historySize }) }).bytes;
    const history = (w: number, h: number): number => w * h * 2 * 100 * 12;
    expect(at(512, 384) - history(512, 384)).toBeCloseTo(2.0 * GB, -7);
    expect(at(1024, 768) - history(1024, 768)).toBeCloseTo(6.0 * GB, -7);
    expect(at(1024, 768, 10)).toBeLessThan(at(1024, 768));
  });

  it('stays within 15% of the points measured for it (VGG-19 768×576 few pairs, SqueezeNet + Adam 512×384)', () => {
    const vgg = estimateStylizeMemory({ width: 768, height: 576, extractor: 'vgg19', optimizer: 'lbfgs', historySize: 2 });
    expect(Math.abs(vgg.bytes / (3.76 * GB) - 1)).toBeLessThan(0.15);
    const squeeze = estimateStylizeMemory({ width: 512, height: 384, extractor: 'squeezenet1.1', optimizer: 'adam' });
    expect(Math.abs(squeeze.bytes / (1.04 * GB) - 1)).toBeLessThan(0.15);
  });

  it('breaks the estimate down, scales with pixels and backend, and validates its options', () => {
    const e = estimateStylizeMemory({ width: 100, height: 100, extractor: 'vgg16', optimizer: 'adam', backend: 'wasm' });
    expect(e.bytes).toBe(e.breakdown.fixed + e.breakdown.activations + e.breakdown.optimizer);
    expect(e.breakdown.fixed).toBe(0.2 * GB);
    expect(e.breakdown.optimizer).toBe(100 * 100 * 36);
    expect(() => estimateStylizeMemory({ width: 0, height: 1, extractor: 'vgg19', optimizer: 'adam' })).toThrow('estimateStylizeMemory: options.width must be an integer >= 1; got 0.');
    expect(() => estimateStylizeMemory({ width: 1, height: 1, extractor: 'vgg11' as 'vgg19', optimizer: 'adam' })).toThrow(/options.extractor must be one of/);
  });
});
