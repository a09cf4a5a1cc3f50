// `--style-loss` and `--average`: the style term by name and iterate averaging, as StylizeOptions fields.
import { StylegradError } from '../../../errors';
import type { StyleLossKind, StylizeOptions } from '../../../transfer/types';
import { parseNumber } from '../../internal/parseCliOptions';

const FN = 'stylegrad';

/** Every `--style-loss` kind with its help text (a Record, so a new StyleLossKind must be listed here). */
export const STYLE_LOSS_HELP: Readonly<Record<StyleLossKind, string>> = {
  gram: 'Gram matrices (Gatys et al.; the default)',
  'sliced-wasserstein': 'sliced Wasserstein (Heitz et al. 2021)',
  'gaussian-w2': 'Wasserstein-2 between Gaussian fits (~0.6 s more per evaluation)',
  moment: 'feature means and covariances',
};

/**
 * The `styleLoss` and `averageIterates` overrides of `--style-loss` and `--average` (only those given).
 *
 * @param o - The raw `--style-loss` kind and `--average` decay.
 * @returns The overrides.
 * @throws {@link StylegradError} naming `--style-loss` for an unknown kind (listing the kinds), or `--average` for a
 *   decay that is not a number strictly between 0 and 1.
 * @example
 * ```ts
 * styleLossFlags({ styleLoss: 'moment', average: '0.99' }); // { styleLoss: 'moment', averageIterates: 0.99 }
 * ```
 */
export function styleLossFlags(o: { readonly styleLoss?: string; readonly average?: string }): Pick<StylizeOptions, 'styleLoss' | 'averageIterates'> {
  const out: { styleLoss?: StyleLossKind; averageIterates?: number } = {};
  if (o.styleLoss !== undefined) {
    const kinds = Object.keys(STYLE_LOSS_HELP) as StyleLossKind[];
    const kind = kinds.find((k) => k === o.styleLoss);
    if (kind === undefined) throw new StylegradError(FN, '--style-loss', `must be one of ${kinds.join(', ')}; got '${o.styleLoss}'.`);
    out.styleLoss = kind;
  }
  const decay = parseNumber(FN, '--average', o.average);
  if (decay !== undefined) {
    if (!(decay > 0 && decay < 1)) throw new StylegradError(FN, '--average', `must be a decay strictly between 0 and 1 (e.g. 0.99); got '${o.average ?? ''}'.`);
    out.averageIterates = decay;
  }
  return out;
}

/**
 * Refuses a non-Gram style loss (from `--style-loss` or the preset) in a run the memory check tiles: only the Gram
 * loss tiles, so the run would fail in stylize after the weights and images were loaded.
 *
 * @param kind - The run's style loss (`--style-loss`, else the preset's, else `'gram'`).
 * @param tiled - Whether the run is tiled (`--tile-size`, or over the memory budget).
 * @throws {@link StylegradError} naming `--style-loss` when `kind` is not `'gram'` and the run is tiled.
 * @example
 * ```ts
 * checkStyleLossTiling('moment', memory.tiling !== null);
 * ```
 */
export function checkStyleLossTiling(kind: StyleLossKind, tiled: boolean): void {
  if (tiled && kind !== 'gram') {
    throw new StylegradError(FN, '--style-loss', `'${kind}' cannot be tiled (only gram tiles today), and this run is tiled (--tile-size, or over the memory budget); use --style-loss gram, a smaller --size or a larger --max-memory.`);
  }
}

/**
 * Refuses `--mask` / `--style-mask` with a non-Gram `--style-loss`: masks work through guided Gram matrices.
 *
 * @param kind - The run's style loss.
 * @param masked - Whether `--mask` or `--style-mask` was given.
 * @throws {@link StylegradError} naming `--style-loss` when both are asked for.
 * @example
 * ```ts
 * checkStyleLossMasks('gram', true); // fine
 * ```
 */
export function checkStyleLossMasks(kind: StyleLossKind, masked: boolean): void {
  if (masked && kind !== 'gram') {
    throw new StylegradError(FN, '--style-loss', `'${kind}' cannot be used with --mask or --style-mask (masks work through guided Gram matrices); use --style-loss gram.`);
  }
}
