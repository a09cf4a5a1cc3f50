import { StylegradError } from '../errors';
import { describe } from '../internal/validate';

/**
 * The sizes (longer side, pixels) of a coarse-to-fine run: `start · factor^k` for k = 0, 1, … while below
 * `target`, then `target`. An intermediate size within a factor of `√factor` of the target is dropped (a step
 * that small costs a full scale for little gain). A target below `start · √factor` gives one scale.
 *
 * @param target - The output's longer side, an integer >= 1.
 * @param options - `start` and `factor`.
 * @param options.start - The first size (default 128).
 * @param options.factor - Ratio between consecutive sizes (default √2, must be > 1).
 * @returns The sizes, ascending, ending with `target`.
 * @throws {@link StylegradError} for a non-integer target, a non-positive start or a factor <= 1.
 * @example
 * ```ts
 * scaleSchedule(512); // [128, 181, 256, 362, 512]
 * scaleSchedule(192); // [128, 192]
 * scaleSchedule(140); // [140]
 * ```
 * @category Transfer
 */
export function scaleSchedule(target: number, options: { readonly start?: number; readonly factor?: number } = {}): number[] {
  const fn = 'scaleSchedule';
  const { start = 128, factor = Math.SQRT2 } = options;
  if (!Number.isInteger(target) || target < 1) throw new StylegradError(fn, 'target', `must be an integer >= 1; got ${describe(target)}.`);
  if (typeof start !== 'number' || !Number.isFinite(start) || start < 1) throw new StylegradError(fn, 'options.start', `must be a number >= 1; got ${describe(start)}.`);
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 1) throw new StylegradError(fn, 'options.factor', `must be a finite number > 1; got ${describe(factor)}.`);
  const sizes: number[] = [];
  const cutoff = target / Math.sqrt(factor);
  for (let size = start; size < target; size *= factor) {
    if (Math.round(size) <= cutoff) sizes.push(Math.round(size));
  }
  sizes.push(target);
  return sizes;
}
