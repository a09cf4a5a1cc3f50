// `stylegrad stylize`: the spatial-control flags (--style-strength, --mask, --style-mask) parsed and their files
// checked before anything is loaded (part of planStylizeRun).
import { StylegradError } from '../../../errors';
import { checkImageInput } from '../../internal/checkPaths';
import { assertDistinctPaths, type NamedPath } from '../../internal/fileIdentity';
import { parseNumber } from '../../internal/parseCliOptions';
import type { StylizeCommandOptions } from '../stylize';

const FN = 'stylegrad';

/**
 * What the spatial-control flags ask for: a style strength, and mask files that become stylize's `mask` (one
 * mask, no style masks: stylised there, the content kept elsewhere) or its `regions` (one mask per style, or
 * style masks: region i takes style i).
 *
 * @example
 * ```ts
 * const spatial: StylizeMaskPlan = { styleStrength: 0.5, masks: ['sky.png'], styleMasks: [], kind: 'mask' };
 * ```
 * @category CLI
 */
export interface StylizeMaskPlan {
  /** `--style-strength`, or `undefined` (1). */
  readonly styleStrength: number | undefined;
  /** `--mask` paths (content size). */
  readonly masks: readonly string[];
  /** `--style-mask` paths, one per style (each that style's size), or none. */
  readonly styleMasks: readonly string[];
  /** `'none'`, `'mask'` (one stylisation mask) or `'regions'`. */
  readonly kind: 'none' | 'mask' | 'regions';
}

/**
 * Parses `--style-strength`, `--mask` and `--style-mask` and checks their files: each exists and is an image
 * (its header gives its size), a mask has the content image's size and a style mask its style's, there is one
 * mask or one per style and one style mask per style, none is an output, and the run will not be tiled (masks and
 * style strength are not supported with tiling yet).
 *
 * @param options - The parsed flags.
 * @param context - The style paths, the content image's size (`undefined` without `--content`), the outputs, and
 *   whether the memory budget makes the run tiled.
 * @returns The checked plan; `kind: 'none'` when no flag is given.
 * @throws {@link StylegradError} naming the flag, for the first problem found.
 * @example
 * ```ts
 * const spatial = await planStylizeMasks({ output: 'out.png', mask: 'sky.png' }, { styles: ['b.jpg'], styleSizes: [size], contentSize, outputs: [], tiled: false });
 * ```
 * @category CLI
 */
export async function planStylizeMasks(
  options: Pick<StylizeCommandOptions, 'styleStrength' | 'mask' | 'styleMask'>,
  context: {
    readonly styles: readonly string[];
    readonly styleSizes: readonly { width: number; height: number }[];
    readonly contentSize: { width: number; height: number } | undefined;
    readonly outputs: readonly NamedPath[];
    readonly tiled: boolean;
  },
): Promise<StylizeMaskPlan> {
  const styleStrength = parseNumber(FN, '--style-strength', options.styleStrength, { min: 0 });
  if (styleStrength !== undefined && styleStrength > 1) throw new StylegradError(FN, '--style-strength', `must be a number in 0..1; got '${options.styleStrength ?? ''}'.`);
  const masks = splitList(options.mask);
  const styleMasks = splitList(options.styleMask);
  const given = masks.length > 0 ? '--mask' : styleMasks.length > 0 ? '--style-mask' : styleStrength !== undefined && styleStrength < 1 ? '--style-strength' : null;
  if (given === null) return { styleStrength, masks, styleMasks, kind: 'none' };
  if (context.contentSize === undefined) throw new StylegradError(FN, given, 'needs --content (it cannot be used in texture mode).');
  const count = context.styles.length;
  if (masks.length > 1 && masks.length !== count) throw new StylegradError(FN, '--mask', `takes one mask, or one per style (${count}); got ${masks.length}.`);
  if (styleMasks.length > 0 && styleMasks.length !== count) throw new StylegradError(FN, '--style-mask', `takes one style mask per style (${count}); got ${styleMasks.length}.`);
  if (styleMasks.length > 0 && masks.length === 1 && count > 1) throw new StylegradError(FN, '--mask', `with --style-mask takes one mask per style (${count}); got 1.`);
  for (const path of masks) await checkSize('--mask', path, context.contentSize, 'the content image (--content)');
  for (const [i, path] of styleMasks.entries()) await checkSize('--style-mask', path, context.styleSizes[i] ?? { width: 0, height: 0 }, `style ${i + 1} (${context.styles[i] ?? ''})`);
  await assertDistinctPaths(FN, [...masks.map((path) => ({ flag: '--mask', path })), ...styleMasks.map((path) => ({ flag: '--style-mask', path }))], context.outputs);
  if (context.tiled) {
    throw new StylegradError(FN, given, 'is not supported with tiling yet, and this run would be tiled (--tile-size, or the image does not fit --max-memory); give a smaller --size.');
  }
  const kind = masks.length === 1 && styleMasks.length === 0 ? 'mask' : masks.length === 0 && styleMasks.length === 0 ? 'none' : 'regions';
  return { styleStrength, masks, styleMasks, kind };
}

/** A comma-separated list of paths (empty entries dropped). */
function splitList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

async function checkSize(flag: string, path: string, expected: { width: number; height: number }, what: string): Promise<void> {
  const size = await checkImageInput(FN, flag, path);
  if (size.width !== expected.width || size.height !== expected.height) {
    throw new StylegradError(FN, flag, `'${path}' is ${size.width}×${size.height}; it must have the size of ${what}, ${expected.width}×${expected.height}.`);
  }
}
