import { stylizePresets } from './stylizePresets';

/**
 * The preset a run takes when it names a non-Gram style loss but no preset: the preset of the same name (the
 * `default` preset with that term and its calibrated style weight). The default preset's style weight is the Gram
 * term's and would be far off for the others. Shared by `stylize` and the CLI so both pick the same preset.
 *
 * @param styleLoss - The run's `styleLoss` / `--style-loss` value, as given (not yet validated).
 * @returns The preset's name, or `undefined` for `'gram'`, no value, or a name that is not a preset.
 * @example
 * ```ts
 * presetOfStyleLoss('moment'); // 'moment'
 * presetOfStyleLoss('gram'); // undefined: the default preset
 * ```
 */
export function presetOfStyleLoss(styleLoss: unknown): string | undefined {
  return typeof styleLoss === 'string' && styleLoss !== 'gram' && Object.hasOwn(stylizePresets, styleLoss) ? styleLoss : undefined;
}
