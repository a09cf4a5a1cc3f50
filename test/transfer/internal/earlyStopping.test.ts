import { describe, expect, it } from 'vitest';
import { createEarlyStopping } from '../../../src/transfer/internal/earlyStopping';

describe('createEarlyStopping', () => {
  it('stops after `window` consecutive relative changes below the tolerance', () => {
    const stop = createEarlyStopping({ tolerance: 0.01, window: 3 });
    // Relative changes: 100→50 (0.5), 50→49.9 (0.002), 49.9→49.8 (0.002), 49.8→49.7 (0.002) → third quiet step stops.
    expect([100, 50, 49.9, 49.8, 49.7].map((loss) => stop(loss))).toEqual([false, false, false, false, true]);
  });

  it('resets the count when the loss moves again', () => {
    const stop = createEarlyStopping({ tolerance: 0.01, window: 2 });
    // 10→9.99 quiet (1); 9.99→5 loud (reset); 5→4.999 quiet (1); 4.999→4.998 quiet (2) → stop.
    expect([10, 9.99, 5, 4.999, 4.998].map((loss) => stop(loss))).toEqual([false, false, false, false, true]);
  });

  it('does not count non-finite losses as progress or as quiet', () => {
    const stop = createEarlyStopping({ tolerance: 0.5, window: 1 });
    expect([Number.NaN, 10, Number.POSITIVE_INFINITY].map((loss) => stop(loss))).toEqual([false, false, false]);
  });
});
