// Seeded fuzzing of the weight loaders (see weightLoaderFuzz.ts for the mutation classes and what each may
// produce). Runs in the cpu project only; scripts/fuzz-weight-loaders.ts runs the long version.
import { describe, expect, it } from 'vitest';
import { fuzzWeightLoaders } from './weightLoaderFuzz';

describe('weight loaders under mutation', () => {
  it('300 seeded mutations per loader: only a StylegradError or the original weights (data flips may change values)', async () => {
    const started = Date.now();
    const report = await fuzzWeightLoaders(300, 20261130);
    expect(report.violations).toEqual([]);
    expect(report.leakedTensors).toBe(0);
    const total = (loader: string, outcome: 'error' | 'identical'): number =>
      Object.values(report.counts[loader] ?? {}).reduce((a, c) => a + (c[outcome] ?? 0), 0);
    for (const loader of Object.keys(report.counts)) expect(total(loader, 'error'), loader).toBeGreaterThan(50); // the mutations do bite
    expect(Object.keys(report.counts)).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
