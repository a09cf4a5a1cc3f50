// The whole-image loss of one stylize scale: one small builder per term (content, style, TV), their targets
// computed once. A new term is a new builder in TERM_BUILDERS (and its name in TermName and LossTerms).
import * as tf from '@tensorflow/tfjs-core';
import { resizeImage } from '../../image/resizeImage';
import { combineLosses, type CombinedLoss } from '../../losses/combineLosses';
import { contentLoss } from '../../losses/contentLoss';
import type { StyleSource } from '../../losses/styleLoss';
import { totalVariationLoss } from '../../losses/totalVariationLoss';
import type { LossTerm } from '../../losses/types';
import type { ColourPrepared } from './colourControl';
import type { StylizePlan } from './resolveOptions';
import { guidedStyleTerm, isGuided, maskedContentTerm, strengthFeatures, strengthSources } from './spatialTerms';
import { buildStyleLoss } from './styleLossKinds';
import { styleTargetSize } from './styleTargetSize';

/** Names of the loss terms, in the order they are read back after `total`. */
export type TermName = 'content' | 'style' | 'tv';

/** One weighted term of a scale's loss. */
interface WeightedTerm {
  readonly loss: LossTerm;
  readonly weight: number;
}

/** Builds one term at a `height`×`width` scale, or `null` when the plan leaves it out. */
type TermBuilder = (plan: StylizePlan, prepared: ColourPrepared, height: number, width: number) => WeightedTerm | null;

/** Content term: the content image's features at this scale are its targets. */
function contentTerm(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number): WeightedTerm | null {
  const contentImage = prepared.content;
  if (plan.mode === 'texture' || plan.contentWeight <= 0 || contentImage === null) return null;
  const features = tf.tidy('stylize.contentTargets', () => plan.extractor.extract(resizeImage(contentImage, { height, width }), Object.keys(plan.contentLayers)));
  try {
    const mask = plan.spatial.mask;
    const loss = mask === null ? contentLoss(features, { layers: plan.contentLayers, reduction: plan.contentReduction }) : maskedContentTerm(plan, features, mask);
    return { loss, weight: plan.contentWeight };
  } finally {
    tf.dispose(Object.values(features));
  }
}

/**
 * Style term (of plan.styleLoss's kind): each style image's features at its target size ({@link styleTargetSize}),
 * weighted per style, blended towards the content's own statistics by the style strength; with a mask or regions,
 * guided Grams (spatialTerms.ts; Gram only).
 */
function styleTerm(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number): WeightedTerm | null {
  if (plan.mode === 'content' || plan.styleWeight <= 0) return null;
  const sources: StyleSource[] = [];
  let content: Record<string, tf.Tensor4D> | null = null;
  try {
    for (const { image, weight } of prepared.styles) {
      const size = styleTargetSize(image.shape, height, width, plan.styleScale);
      sources.push({ features: tf.tidy('stylize.styleTargets', () => plan.extractor.extract(resizeImage(image, size), Object.keys(plan.styleLayers))), weight });
    }
    content = strengthFeatures(plan, prepared, height, width);
    if (isGuided(plan)) return { loss: guidedStyleTerm(plan, sources, content), weight: plan.styleWeight };
    const settings = { kind: plan.styleLoss, layers: plan.styleLayers, gramNormalization: plan.gramNormalization, styleReduction: plan.styleReduction, seed: plan.seed };
    return { loss: buildStyleLoss(strengthSources(plan, sources, content), settings), weight: plan.styleWeight };
  } finally {
    for (const source of sources) tf.dispose(Object.values(source.features));
    if (content !== null) tf.dispose(Object.values(content));
  }
}

/** Total-variation term on the image itself. */
function tvTerm(plan: StylizePlan): WeightedTerm | null {
  if (plan.tvWeight <= 0) return null;
  return { loss: totalVariationLoss({ kind: plan.tvKind, reduction: plan.tvReduction }), weight: plan.tvWeight };
}

/** The terms in the order they are built, summed and reported. */
const TERM_BUILDERS: readonly (readonly [TermName, TermBuilder])[] = [
  ['content', contentTerm],
  ['style', styleTerm],
  ['tv', tvTerm],
];

/** Content, style and TV terms for one scale, combined; targets computed once here. The caller disposes `loss`. */
export function buildLoss(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number): { loss: CombinedLoss; names: TermName[] } {
  const terms: Record<string, WeightedTerm> = {};
  const names: TermName[] = [];
  try {
    for (const [name, build] of TERM_BUILDERS) {
      const term = build(plan, prepared, height, width);
      if (term === null) continue;
      terms[name] = term;
      names.push(name);
    }
    if (names.length === 0) throw new Error('stylize: every loss term has weight 0');
    return { loss: combineLosses(terms), names };
  } catch (error) {
    for (const term of Object.values(terms)) term.loss.dispose();
    throw error;
  }
}
