// The loss stylize should be minimising, built independently from the public loss builders (contentLoss,
// styleLoss or a distribution style loss, totalVariationLoss, combineLosses) at the image's own size, with one style image at that size.
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../../src/extractors/types';
import type { GramNormalization } from '../../src/gram/gramMatrix';
import { resizeImage } from '../../src/image/resizeImage';
import { combineLosses } from '../../src/losses/combineLosses';
import { contentLoss, type ContentReduction } from '../../src/losses/contentLoss';
import { gaussianWassersteinStyleLoss } from '../../src/losses/gaussianWassersteinStyleLoss';
import { momentStyleLoss } from '../../src/losses/momentStyleLoss';
import { slicedWassersteinStyleLoss } from '../../src/losses/slicedWassersteinStyleLoss';
import { styleLoss, type StyleReduction } from '../../src/losses/styleLoss';
import { totalVariationLoss, type TotalVariationKind } from '../../src/losses/totalVariationLoss';
import type { FeatureLoss, LossTerm } from '../../src/losses/types';
import type { StyleLossKind } from '../../src/transfer/types';
import type { FeatureMap } from '../../src/types';

/** The conventions and weights of each term; a term with weight 0 is left out, as stylize does. */
export interface ReferenceLossSettings {
  readonly contentLayers: Readonly<Record<string, number>>;
  readonly styleLayers: Readonly<Record<string, number>>;
  readonly contentWeight: number;
  readonly styleWeight: number;
  readonly tvWeight: number;
  readonly contentReduction: ContentReduction;
  readonly gramNormalization: GramNormalization;
  readonly styleReduction: StyleReduction;
  readonly tvKind: TotalVariationKind;
  readonly tvReduction: 'sum' | 'mean';
  /** Resize the style image to this `[height, width]` first (stylize's `styleScale`); default: as given. */
  readonly styleSize?: readonly [number, number];
  /** The style term's kind (default `'gram'`); sliced Wasserstein with seed 0, Gaussian W2 with 20 iterations. */
  readonly styleLoss?: StyleLossKind;
}

/** The style term of `s.styleLoss`'s kind, from the public builders. */
function referenceStyleLoss(targets: FeatureMap, s: ReferenceLossSettings): FeatureLoss {
  const layers = s.styleLayers;
  if (s.styleLoss === 'sliced-wasserstein') return slicedWassersteinStyleLoss(targets, { layers, seed: 0 });
  if (s.styleLoss === 'gaussian-w2') return gaussianWassersteinStyleLoss(targets, { layers, iterations: 20 });
  if (s.styleLoss === 'moment') return momentStyleLoss(targets, { layers });
  return styleLoss(targets, { layers, normalization: s.gramNormalization, reduction: s.styleReduction });
}

/** stylize's defaults (the 'default' preset's conventions) with the tiny extractor's layers. */
export const TINY_DEFAULTS: ReferenceLossSettings = {
  contentLayers: { b: 1 }, styleLayers: { a: 1, b: 1 }, contentWeight: 1, styleWeight: 10, tvWeight: 0,
  contentReduction: 'mean', gramNormalization: 'chw', styleReduction: 'mean', tvKind: 'l2', tvReduction: 'mean',
};

/** Weighted loss terms `{ total, content?, style?, tv? }` of RGB `image` `[H, W, 3]` against `content` and `style`. */
export function referenceLoss(extractor: FeatureExtractor, content: tf.Tensor3D, style: tf.Tensor3D, s: ReferenceLossSettings, image: tf.Tensor3D): Record<string, number> {
  const terms: Record<string, { loss: LossTerm; weight: number }> = {};
  const contentTargets = extractor.extract(content, Object.keys(s.contentLayers));
  const styleTargets = tf.tidy(() => extractor.extract(s.styleSize === undefined ? style : resizeImage(style, { height: s.styleSize[0], width: s.styleSize[1] }), Object.keys(s.styleLayers)));
  if (s.contentWeight > 0) terms.content = { loss: contentLoss(contentTargets, { layers: s.contentLayers, reduction: s.contentReduction }), weight: s.contentWeight };
  if (s.styleWeight > 0) terms.style = { loss: referenceStyleLoss(styleTargets, s), weight: s.styleWeight };
  if (s.tvWeight > 0) terms.tv = { loss: totalVariationLoss({ kind: s.tvKind, reduction: s.tvReduction }), weight: s.tvWeight };
  tf.dispose([...Object.values(contentTargets), ...Object.values(styleTargets)]);
  const loss = combineLosses(terms);
  try {
    return tf.tidy(() => {
      const batch = tf.expandDims<tf.Tensor4D>(image, 0);
      const { total, terms: values } = loss({ image: batch, features: extractor.extract(batch, loss.layers) });
      const out: Record<string, number> = { total: total.dataSync()[0] ?? Number.NaN };
      for (const [name, value] of Object.entries(values)) out[name] = value.dataSync()[0] ?? Number.NaN;
      return out;
    });
  } finally {
    loss.dispose();
  }
}

/** Relative difference |a − b| / max(|b|, 1e-12). */
export function relativeDifference(a: number | undefined, b: number | undefined): number {
  return Math.abs((a ?? Number.NaN) - (b ?? Number.NaN)) / Math.max(Math.abs(b ?? Number.NaN), 1e-12);
}
