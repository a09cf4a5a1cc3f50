// Early stopping for the stylize loop: stop when the relative loss change stays under a tolerance for a window
// of consecutive iterations.
import type { EarlyStoppingOptions } from '../types';

/** Returns a function fed each iteration's loss; it returns true once the run should stop. */
export function createEarlyStopping({ tolerance, window }: EarlyStoppingOptions): (loss: number) => boolean {
  let previous: number | null = null;
  let quiet = 0;
  return (loss) => {
    if (previous !== null && Number.isFinite(loss) && Number.isFinite(previous)) {
      const change = Math.abs(previous - loss) / Math.max(Math.abs(previous), Number.MIN_VALUE);
      quiet = change < tolerance ? quiet + 1 : 0;
    }
    previous = loss;
    return quiet >= window;
  };
}
