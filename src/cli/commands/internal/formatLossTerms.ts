// How `stylegrad stylize` prints loss terms (progress bar, progress lines and the final report).
import type { LossTerms } from '../../../transfer/types';

/**
 * The loss terms as `total 1.234e+5, content …, style …, tv …` (the terms present, 4 significant digits).
 *
 * @param terms - The loss terms of one evaluation.
 * @returns One line.
 * @example
 * ```ts
 * formatLossTerms({ total: 3, content: 1, style: 2 }); // 'total 3.000e+0, content 1.000e+0, style 2.000e+0'
 * ```
 * @category CLI
 */
export function formatLossTerms(terms: LossTerms): string {
  const f = (v: number | undefined): string => (v === undefined ? '' : v.toExponential(3));
  return [`total ${f(terms.total)}`, ...(['content', 'style', 'tv'] as const).filter((k) => terms[k] !== undefined).map((k) => `${k} ${f(terms[k])}`)].join(', ');
}
