import { describe, expect, it } from 'vitest';
import { presetOfStyleLoss } from '../../src/transfer/presetOfStyleLoss';

describe('presetOfStyleLoss', () => {
  it('names the preset of a non-Gram kind, and nothing for gram, no value, a non-preset name or a non-string', () => {
    expect(['sliced-wasserstein', 'gaussian-w2', 'moment'].map(presetOfStyleLoss)).toEqual(['sliced-wasserstein', 'gaussian-w2', 'moment']);
    expect([undefined, 'gram', 'swd', 'default', 3].map(presetOfStyleLoss)).toEqual([undefined, undefined, undefined, 'default', undefined]);
  });
});
