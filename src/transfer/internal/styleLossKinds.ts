// stylize's style term by name (StyleLossKind): validation of the kind against tiling, and the builder of each kind.
// A new kind is a name in StyleLossKind, styleLossKinds and a line in buildStyleLoss.
import { StylegradError } from '../../errors';
import { assertOneOf } from '../../internal/validate';
import { gaussianWassersteinStyleLoss } from '../../losses/gaussianWassersteinStyleLoss';
import { momentStyleLoss } from '../../losses/momentStyleLoss';
import { slicedWassersteinStyleLoss } from '../../losses/slicedWassersteinStyleLoss';
import { styleLoss, type StyleReduction, type StyleSource } from '../../losses/styleLoss';
import type { FeatureLoss } from '../../losses/types';
import type { GramNormalization } from '../../gram/gramMatrix';
import type { StyleLossKind, StylizeSettings } from '../types';

/** Every {@link StyleLossKind}, the default first. */
export const styleLossKinds: readonly StyleLossKind[] = ['gram', 'sliced-wasserstein', 'gaussian-w2', 'moment'];

/** `options.styleLoss` (default `'gram'`), checked against the tiling: only the Gram loss tiles. */
export function resolveStyleLoss(value: StylizeSettings['styleLoss'], tiling: StylizeSettings['tiling']): StyleLossKind {
  const kind = value ?? 'gram';
  assertOneOf('stylize', 'options.styleLoss', kind, styleLossKinds);
  if (kind !== 'gram' && tiling !== undefined && tiling !== false) {
    throw new StylegradError('stylize', 'options.styleLoss', `'${kind}' cannot be tiled; only 'gram' tiles today. Pass tiling: false or styleLoss: 'gram'.`);
  }
  return kind;
}

/** What a style term of each kind is built with. */
export interface StyleLossSettings {
  readonly kind: StyleLossKind;
  readonly layers: Readonly<Record<string, number>>;
  readonly gramNormalization: GramNormalization;
  readonly styleReduction: StyleReduction;
  /** The sliced-Wasserstein directions' seed (stylize's `seed`). */
  readonly seed: number;
}

/** The style loss of `settings.kind` against `sources`; the Gram-only settings are ignored by the others. */
export function buildStyleLoss(sources: readonly StyleSource[], settings: StyleLossSettings): FeatureLoss {
  const { kind, layers } = settings;
  if (kind === 'sliced-wasserstein') return slicedWassersteinStyleLoss(sources, { layers, seed: settings.seed });
  if (kind === 'gaussian-w2') return gaussianWassersteinStyleLoss(sources, { layers });
  if (kind === 'moment') return momentStyleLoss(sources, { layers });
  return styleLoss(sources, { layers, normalization: settings.gramNormalization, reduction: settings.styleReduction });
}
