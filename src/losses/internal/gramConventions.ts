import { StylegradError } from '../../errors';
import { gramNormalizations, type GramNormalization } from '../../gram/gramMatrix';
import { assertOneOf } from '../../internal/validate';
import type { StyleLossOptions, StyleReduction } from '../styleLoss';

const styleReductions: readonly StyleReduction[] = ['sum', 'mean', 'gatys'];

/**
 * The Gram normalisation and reduction of a Gram-based style loss (`styleLoss`, `guidedStyleLoss`): defaults
 * `'sum'` and `'chw'` (or `'none'` with `'gatys'`, whose 1/(4N²M²) factor normalises), checked for `fn`.
 */
export function gramConventions(fn: string, options: StyleLossOptions): { reduction: StyleReduction; normalization: GramNormalization } {
  const reduction = options.reduction ?? 'sum';
  assertOneOf(fn, 'options.reduction', reduction, styleReductions);
  const normalization = options.normalization ?? (reduction === 'gatys' ? 'none' : 'chw');
  assertOneOf(fn, 'options.normalization', normalization, gramNormalizations);
  if (reduction === 'gatys' && normalization !== 'none') {
    throw new StylegradError(fn, 'options.normalization', `must be 'none' with reduction 'gatys' (its 1/(4N²M²) factor normalises); got '${normalization}'.`);
  }
  return { reduction, normalization };
}
