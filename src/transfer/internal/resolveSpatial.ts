// Spatial control and style strength of stylize (Gatys et al. 2017, "Controlling Perceptual Factors in Neural
// Style Transfer", §4): `styleStrength`, `mask` and `regions` validated up front into a SpatialPlan.
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { assertMaskSize, assertSpatialMask } from '../../internal/spatialMask';
import { assertNonNegativeFinite, describe } from '../../internal/validate';
import type { StyleImage, StyleLossKind, StylizeMode, StylizeOptions } from '../types';

const FN = 'stylize';

/** One validated region: its content mask, the index of its style, its style mask and weight. */
export interface ResolvedRegion {
  readonly mask: tf.Tensor;
  readonly style: number;
  readonly styleMask: tf.Tensor | null;
  readonly weight: number;
}

/** Style strength and where the style goes, validated. */
export interface SpatialPlan {
  /** Style strength s in 0..1 (1: the plain targets). */
  readonly styleStrength: number;
  /** Where stylisation happens (content kept elsewhere), or `null`. */
  readonly mask: tf.Tensor | null;
  /** Content regions each with its own style, or `null`. */
  readonly regions: readonly ResolvedRegion[] | null;
}

/** What the spatial options are checked against. */
interface SpatialContext {
  readonly mode: StylizeMode;
  readonly content: tf.Tensor3D | null;
  readonly styles: readonly StyleImage[];
  /** Whether any scale is tiled. */
  readonly tiled: boolean;
  /** The style loss's kind: masks need Gram matrices. */
  readonly styleLoss: StyleLossKind;
}

/** Validates `styleStrength`, `mask` and `regions` (masks read back once, here). */
export function resolveSpatial(options: Pick<StylizeOptions, 'styleStrength' | 'mask' | 'regions'>, context: SpatialContext): SpatialPlan {
  const styleStrength = options.styleStrength ?? 1;
  assertNonNegativeFinite(FN, 'options.styleStrength', styleStrength);
  if (styleStrength > 1) throw new StylegradError(FN, 'options.styleStrength', `must be a number in 0..1; got ${styleStrength}.`);
  if (styleStrength < 1) requireContent('options.styleStrength', context);
  const mask = options.mask ?? null;
  const regions = options.regions ?? null;
  if (mask !== null && regions !== null) throw new StylegradError(FN, 'options.regions', 'cannot be combined with options.mask; give the stylised part as one more region instead.');
  if (mask !== null) checkContentMask('options.mask', mask, context);
  const resolved = regions === null ? null : resolveRegions(regions, context);
  if (context.tiled && (mask !== null || regions !== null || styleStrength < 1)) {
    const argument = mask !== null ? 'options.mask' : regions !== null ? 'options.regions' : 'options.styleStrength';
    throw new StylegradError(FN, argument, 'is not supported with tiling yet; give a smaller size or leave options.tiling out.');
  }
  if (context.styleLoss !== 'gram' && (mask !== null || regions !== null)) {
    throw new StylegradError(FN, mask !== null ? 'options.mask' : 'options.regions', `needs styleLoss 'gram' (masks work through guided Gram matrices); got styleLoss '${context.styleLoss}'.`);
  }
  return { styleStrength, mask, regions: resolved };
}

function resolveRegions(regions: unknown, context: SpatialContext): ResolvedRegion[] {
  if (!Array.isArray(regions) || regions.length === 0) {
    throw new StylegradError(FN, 'options.regions', `must be a non-empty array of { mask, style, styleMask?, weight? }; got ${describe(regions)}.`);
  }
  return (regions as readonly unknown[]).map((entry, r) => {
    const argument = `options.regions[${r}]`;
    if (typeof entry !== 'object' || entry === null) throw new StylegradError(FN, argument, `must be { mask, style, styleMask?, weight? }; got ${describe(entry)}.`);
    const region = entry as { mask?: unknown; style?: unknown; styleMask?: unknown; weight?: unknown };
    checkContentMask(`${argument}.mask`, region.mask, context);
    const style = region.style;
    if (typeof style !== 'number' || !Number.isInteger(style) || style < 0 || style >= context.styles.length) {
      throw new StylegradError(FN, `${argument}.style`, `must be the index of a style, an integer in 0..${context.styles.length - 1}; got ${describe(style)}.`);
    }
    const image = (context.styles[style] as StyleImage).image;
    let styleMask: tf.Tensor | null = null;
    if (region.styleMask !== undefined) {
      const size = assertSpatialMask(FN, `${argument}.styleMask`, region.styleMask);
      assertMaskSize(FN, `${argument}.styleMask`, size, { height: image.shape[0], width: image.shape[1] }, `style ${style}'s size`);
      styleMask = region.styleMask as tf.Tensor;
    }
    const weight = region.weight ?? 1;
    assertNonNegativeFinite(FN, `${argument}.weight`, weight);
    return { mask: region.mask as tf.Tensor, style, styleMask, weight };
  });
}

/** A mask at the content image's size, `[H, W]` or `[H, W, 1]`, in a run that has a content image. */
function checkContentMask(argument: string, mask: unknown, context: SpatialContext): void {
  const content = requireContent(argument, context);
  if (context.mode === 'content') throw new StylegradError(FN, argument, "needs a style term; it cannot be used in mode 'content'.");
  const size = assertSpatialMask(FN, argument, mask);
  if ((mask as tf.Tensor).rank === 4) throw new StylegradError(FN, argument, `must be [H, W] or [H, W, 1]; got shape [${(mask as tf.Tensor).shape.join(', ')}].`);
  assertMaskSize(FN, argument, size, { height: content.shape[0], width: content.shape[1] }, 'the content image');
}

function requireContent(argument: string, context: SpatialContext): tf.Tensor3D {
  if (context.content === null || context.mode === 'texture') throw new StylegradError(FN, argument, "needs a content image; it cannot be used in mode 'texture'.");
  return context.content;
}
