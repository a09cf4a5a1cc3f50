import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { stylizePresets } from './stylizePresets';
import type { StylizeSettings } from './types';

/**
 * Looks up a preset of {@link stylizePresets} by name.
 *
 * @param name - A preset name, e.g. `'gatys'` or `'pytorch-tutorial'`.
 * @returns The preset's settings (a frozen plain object).
 * @throws {@link StylegradError} for an unknown name, listing the valid ones.
 * @example
 * ```ts
 * const settings = getPreset('stanford-vgg16');
 * console.log(settings.styleLayers); // ['relu1_2', 'relu2_2', 'relu3_3', 'relu4_3']
 * ```
 * @category Transfer
 */
export function getPreset(name: string): StylizeSettings {
  const preset = typeof name === 'string' && Object.hasOwn(stylizePresets, name) ? stylizePresets[name] : undefined;
  if (preset === undefined) {
    throw new StylegradError('getPreset', 'name', `${describe(name)} is not a preset; valid presets: ${Object.keys(stylizePresets).join(', ')}.`);
  }
  return preset;
}
