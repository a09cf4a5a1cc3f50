// Turns StylizeOptions (+ preset) into a validated plan: every setting resolved, every layer checked against
// the extractor, images checked — so stylize() fails up front with a StylegradError, before any work.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import type { FeatureExtractor } from '../../extractors/types';
import { gramNormalizations, type GramNormalization } from '../../gram/gramMatrix';
import type { ContentReduction } from '../../losses/contentLoss';
import type { StyleReduction } from '../../losses/styleLoss';
import type { TotalVariationKind } from '../../losses/totalVariationLoss';
import { assertNonNegativeFinite, assertOneOf, assertPositiveFinite, describe } from '../../internal/validate';
import { getPreset } from '../getPreset';
import { resolveSpatial, type SpatialPlan } from './resolveSpatial';
import { scaleSchedule } from '../scaleSchedule';
import { presetOfStyleLoss } from '../presetOfStyleLoss';
import { stylizePresets } from '../stylizePresets';
import type { StyleLossKind } from '../types';
import { resolveAverageIterates } from './iterateAverage';
import { resolveStyleLoss } from './styleLossKinds';
import type { ColourControl, EarlyStoppingOptions, LayerSelection, OptimizerSpec, StyleImage, StylizeMode, StylizeOptions, StylizeSettings, TileProgress } from '../types';

const FN = 'stylize';

/** Everything stylize needs, validated. */
export interface StylizePlan {
  readonly mode: StylizeMode;
  readonly extractor: FeatureExtractor;
  readonly content: tf.Tensor3D | null;
  readonly styles: readonly StyleImage[];
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
  readonly optimizer: OptimizerSpec;
  /** Longer side of each scale, ascending. */
  readonly scales: readonly number[];
  /** Iterations at each scale. */
  readonly iterations: readonly number[];
  readonly maxEvaluations: number;
  readonly init: 'content' | 'noise' | tf.Tensor3D;
  readonly seed: number;
  readonly styleScale: number;
  readonly colour: ColourControl;
  readonly earlyStopping: EarlyStoppingOptions | null;
  readonly imageEvery: number;
  /** Aspect of the output: height and width of the full-size output. */
  readonly outputHeight: number;
  readonly outputWidth: number;
  readonly signal: AbortSignal | null;
  /** Tiling of each scale (`null`: untiled), aligned with `scales`. */
  readonly tiling: readonly (ResolvedTiling | null)[];
  readonly onTile: ((progress: TileProgress) => void) | null;
  /** Style strength, mask and regions (see resolveSpatial). */
  readonly spatial: SpatialPlan;
  readonly styleLoss: StyleLossKind;
  /** Decay of the iterate average, `null` for none. */
  readonly averageIterates: number | null;
}

/** A tiled scale's settings, validated. */
export interface ResolvedTiling {
  readonly tileSize: number;
  readonly halo: number;
  readonly align: number;
  readonly historySize: number;
  readonly shift: boolean;
}

/** Validates `options` (merged over the preset, merged over `default`) into a plan. */
export function resolveOptions(options: StylizeOptions): StylizePlan {
  if (typeof options !== 'object' || options === null) throw new StylegradError(FN, 'options', `must be an object; got ${describe(options)}.`);
  const preset = resolvePreset(options.preset ?? presetOfStyleLoss(options.styleLoss));
  const s = { ...getPreset('default'), ...preset, ...options } as StylizeSettings & StylizeOptions;
  const { extractor } = s;
  const candidate = extractor as unknown as Partial<FeatureExtractor> | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.extract !== 'function' || !(candidate.layers instanceof Array)) {
    throw new StylegradError(FN, 'options.extractor', `must be a FeatureExtractor (e.g. from loadVgg19FromPath); got ${describe(extractor)}.`);
  }
  const mode = s.mode ?? 'transfer';
  assertOneOf(FN, 'options.mode', mode, ['transfer', 'content', 'texture'] as const);
  const content = s.content ?? null;
  if (content !== null) assertRgb('options.content', content);
  if (content === null && mode !== 'texture') throw new StylegradError(FN, 'options.content', `is required in mode '${mode}'.`);
  const styles = resolveStyles(s.style);
  if (styles.length === 0 && mode !== 'content') throw new StylegradError(FN, 'options.style', `is required in mode '${mode}'.`);

  const terms = resolveLossTerms(s, mode, extractor);
  const maxEvaluations = s.maxEvaluations ?? Number.POSITIVE_INFINITY;
  if (maxEvaluations !== Number.POSITIVE_INFINITY) assertInteger('options.maxEvaluations', maxEvaluations, 1);
  // An evaluation budget given in the call is not cut short by the preset's iteration cap (an iteration takes at
  // least one evaluation, so `maxEvaluations` iterations can never bind first).
  const presetIterations = s.iterations ?? 100;
  const iterations = options.iterations ?? (options.maxEvaluations === undefined ? presetIterations : Math.max(presetIterations, maxEvaluations));
  assertInteger('options.iterations', iterations, 1);
  // Texture synthesis without a content image starts from noise unless told otherwise (presets say 'content').
  const init: 'content' | 'noise' | tf.Tensor3D = options.init ?? (content === null ? 'noise' : (s.init ?? 'content'));
  if (typeof init === 'string') assertOneOf(FN, 'options.init', init, ['content', 'noise'] as const);
  else assertRgb('options.init', init);
  if (init === 'content' && content === null) throw new StylegradError(FN, 'options.init', "is 'content' but there is no content image; use 'noise'.");
  const seed = s.seed ?? 0;
  assertInteger('options.seed', seed, 0);
  const styleScale = s.styleScale ?? 1;
  assertPositiveFinite(FN, 'options.styleScale', styleScale);
  const colour = s.colour ?? 'none';
  assertOneOf(FN, 'options.colour', colour, ['none', 'luminance', 'statistics', 'histogram'] as const);
  if (colour !== 'none' && content === null) throw new StylegradError(FN, 'options.colour', `'${colour}' takes its colours from the content image; give options.content.`);
  const imageEvery = s.imageEvery ?? 0;
  assertInteger('options.imageEvery', imageEvery, 0);
  const earlyStopping = resolveEarlyStopping(s.earlyStopping);

  const { outputHeight, outputWidth, scales, lowerIterations } = resolveScales(s, content, styles, iterations);
  const signal = s.signal ?? null;
  if (signal !== null && (typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new StylegradError(FN, 'options.signal', `must be an AbortSignal; got ${describe(signal)}.`);
  }
  const schedule = resolveTilingSchedule(s, scales, outputHeight, outputWidth, iterations, lowerIterations);
  const onTile = s.onTile ?? null;
  if (onTile !== null && typeof onTile !== 'function') throw new StylegradError(FN, 'options.onTile', `must be a function; got ${describe(onTile)}.`);
  const styleLoss = resolveStyleLoss(s.styleLoss, s.tiling);
  const averageIterates = resolveAverageIterates(s.averageIterates);
  const spatial = resolveSpatial(s, { mode, content, styles, styleLoss, tiled: schedule.tiling.some((t) => t !== null) });
  return { mode, extractor, content, styles, ...terms, maxEvaluations, init, seed, styleScale, colour, earlyStopping, imageEvery, signal, onTile, outputHeight, outputWidth, ...schedule, spatial, styleLoss, averageIterates };
}

/** The settings of the loss terms and the optimizer. */
type LossPlan = Pick<StylizePlan, 'contentLayers' | 'styleLayers' | 'contentWeight' | 'styleWeight' | 'tvWeight' | 'contentReduction' | 'gramNormalization' | 'styleReduction' | 'tvKind' | 'tvReduction' | 'optimizer'>;

/** The loss terms' layers, weights and conventions, and the optimizer, validated in this order. */
function resolveLossTerms(s: StylizeSettings & StylizeOptions, mode: StylizeMode, extractor: FeatureExtractor): LossPlan {
  const contentLayers = mode === 'texture' ? {} : resolveLayers('options.contentLayers', s.contentLayers, extractor);
  const styleLayers = mode === 'content' ? {} : resolveLayers('options.styleLayers', s.styleLayers, extractor);
  const contentWeight = s.contentWeight ?? 1;
  const styleWeight = s.styleWeight ?? 1;
  const tvWeight = s.tvWeight ?? 0;
  assertNonNegativeFinite(FN, 'options.contentWeight', contentWeight);
  assertNonNegativeFinite(FN, 'options.styleWeight', styleWeight);
  assertNonNegativeFinite(FN, 'options.tvWeight', tvWeight);
  const contentReduction = s.contentReduction ?? 'mean';
  assertOneOf(FN, 'options.contentReduction', contentReduction, ['halfSum', 'mean', 'sum'] as const);
  const styleReduction = s.styleReduction ?? 'mean';
  assertOneOf(FN, 'options.styleReduction', styleReduction, ['sum', 'mean', 'gatys'] as const);
  const gramNormalization = s.gramNormalization ?? (styleReduction === 'gatys' ? 'none' : 'chw');
  assertOneOf(FN, 'options.gramNormalization', gramNormalization, gramNormalizations);
  if (styleReduction === 'gatys' && gramNormalization !== 'none') {
    throw new StylegradError(FN, 'options.gramNormalization', `must be 'none' with styleReduction 'gatys' (it normalises by 1/(4N²M²) itself); got '${gramNormalization}'.`);
  }
  const tvKind = s.tvKind ?? 'l2';
  assertOneOf(FN, 'options.tvKind', tvKind, ['l1', 'l2', 'isotropic'] as const);
  const tvReduction = s.tvReduction ?? 'mean';
  assertOneOf(FN, 'options.tvReduction', tvReduction, ['sum', 'mean'] as const);
  const optimizer = s.optimizer ?? 'lbfgs';
  validateOptimizer(optimizer);
  return { contentLayers, styleLayers, contentWeight, styleWeight, tvWeight, contentReduction, gramNormalization, styleReduction, tvKind, tvReduction, optimizer };
}

/** Output size and the longer side of each scale, with the iterations of the scales below the last. */
function resolveScales(s: StylizeSettings & StylizeOptions, content: tf.Tensor3D | null, styles: readonly StyleImage[], iterations: number): { outputHeight: number; outputWidth: number; scales: number[]; lowerIterations: number } {
  // Output aspect and size.
  const [baseHeight, baseWidth] = outputAspect(content, styles, s.textureSize);
  const size = s.size ?? Math.max(baseHeight, baseWidth);
  assertInteger('options.size', size, 1);
  const outputHeight = baseHeight >= baseWidth ? size : Math.max(1, Math.round((size * baseHeight) / baseWidth));
  const outputWidth = baseWidth >= baseHeight ? size : Math.max(1, Math.round((size * baseWidth) / baseHeight));

  const multi = s.multiScale ?? false;
  let scales: number[] = [size];
  let lowerIterations = iterations;
  if (multi !== false) {
    const m = multi === true ? {} : multi;
    if (typeof m !== 'object' || m === null) throw new StylegradError(FN, 'options.multiScale', `must be true, false or { start, factor, iterations }; got ${describe(m)}.`);
    scales = scaleSchedule(size, { ...(m.start === undefined ? {} : { start: m.start }), ...(m.factor === undefined ? {} : { factor: m.factor }) });
    lowerIterations = m.iterations ?? iterations;
    assertInteger('options.multiScale.iterations', lowerIterations, 1);
  }
  return { outputHeight, outputWidth, scales, lowerIterations };
}

/** The tiling and the iterations of each scale. */
function resolveTilingSchedule(s: StylizeSettings & StylizeOptions, scales: readonly number[], outputHeight: number, outputWidth: number, iterations: number, lowerIterations: number): Pick<StylizePlan, 'scales' | 'tiling' | 'iterations'> {
  const tilingOptions = resolveTiling(s.tiling);
  const tiling = scales.map((side) => {
    if (tilingOptions === null) return null;
    const [h, w] = outputHeight >= outputWidth ? [side, Math.max(1, Math.round((side * outputWidth) / outputHeight))] : [Math.max(1, Math.round((side * outputHeight) / outputWidth)), side];
    return h * w > tilingOptions.maxUntiledPixels ? tilingOptions.resolved : null;
  });
  return {
    scales, tiling,
    iterations: scales.map((_, i) => (tiling[i] !== null && tilingOptions?.iterations !== undefined ? tilingOptions.iterations : i === scales.length - 1 ? iterations : lowerIterations)),
  };
}

function resolveTiling(value: StylizeSettings['tiling']): { resolved: ResolvedTiling; maxUntiledPixels: number; iterations: number | undefined } | null {
  if (value === undefined || value === false) return null;
  if (typeof value !== 'object' || value === null) throw new StylegradError(FN, 'options.tiling', `must be false or { tileSize, halo?, align?, … }; got ${describe(value)}.`);
  const align = value.align ?? 16;
  assertInteger('options.tiling.align', align, 1);
  const tileSize = value.tileSize;
  assertInteger('options.tiling.tileSize', tileSize, align);
  if (tileSize % align !== 0) throw new StylegradError(FN, 'options.tiling.tileSize', `must be a multiple of options.tiling.align (${align}); got ${tileSize}.`);
  const halo = value.halo ?? 64;
  assertInteger('options.tiling.halo', halo, align);
  if (halo % align !== 0) throw new StylegradError(FN, 'options.tiling.halo', `must be a multiple of options.tiling.align (${align}); got ${halo}.`);
  const maxUntiledPixels = value.maxUntiledPixels ?? (tileSize + 2 * halo) ** 2;
  assertInteger('options.tiling.maxUntiledPixels', maxUntiledPixels, 0);
  if (value.iterations !== undefined) assertInteger('options.tiling.iterations', value.iterations, 1);
  const historySize = value.historySize ?? 5;
  assertInteger('options.tiling.historySize', historySize, 1);
  const shift = value.shift ?? true;
  if (typeof shift !== 'boolean') throw new StylegradError(FN, 'options.tiling.shift', `must be true or false; got ${describe(shift)}.`);
  return { resolved: { tileSize, halo, align, historySize, shift }, maxUntiledPixels, iterations: value.iterations };
}

function resolvePreset(preset: StylizeOptions['preset']): StylizeSettings {
  if (preset === undefined) return stylizePresets.default ?? {};
  if (typeof preset === 'string') {
    try {
      return getPreset(preset);
    } catch {
      throw new StylegradError(FN, 'options.preset', `'${preset}' is not a preset; valid presets: ${Object.keys(stylizePresets).join(', ')}.`);
    }
  }
  if (typeof preset !== 'object' || preset === null) throw new StylegradError(FN, 'options.preset', `must be a preset name or a settings object; got ${describe(preset)}.`);
  return preset;
}

function resolveStyles(style: StylizeOptions['style']): StyleImage[] {
  if (style === undefined) return [];
  if (style instanceof tf.Tensor) {
    assertRgb('options.style', style);
    return [{ image: style, weight: 1 }];
  }
  if (!(style instanceof Array)) throw new StylegradError(FN, 'options.style', `must be an image tensor or an array of { image, weight }; got ${describe(style)}.`);
  style.forEach((entry, i) => {
    assertRgb(`options.style[${i}].image`, entry.image);
    assertNonNegativeFinite(FN, `options.style[${i}].weight`, entry.weight);
  });
  if (style.length > 0 && !style.some((entry) => entry.weight > 0)) throw new StylegradError(FN, 'options.style', 'needs at least one style with a weight > 0.');
  return [...style];
}

function resolveLayers(argument: string, selection: LayerSelection | undefined, extractor: FeatureExtractor): Record<string, number> {
  if (selection === undefined) throw new StylegradError(FN, argument, 'must name at least one layer.');
  const entries: [string, number][] = selection instanceof Array ? selection.map((layer) => [layer, 1]) : Object.entries(selection);
  if (entries.length === 0) throw new StylegradError(FN, argument, 'must name at least one layer.');
  for (const [layer, weight] of entries) {
    if (!extractor.layers.includes(layer)) {
      throw new StylegradError(FN, argument, `names unknown layer '${layer}' for ${extractor.id}; valid layers: ${extractor.layers.join(', ')}.`);
    }
    assertNonNegativeFinite(FN, `${argument}.${layer}`, weight);
  }
  return Object.fromEntries(entries);
}

function resolveEarlyStopping(value: StylizeSettings['earlyStopping']): EarlyStoppingOptions | null {
  if (value === undefined || value === false) return null;
  if (typeof value !== 'object' || value === null) throw new StylegradError(FN, 'options.earlyStopping', `must be false or { tolerance, window }; got ${describe(value)}.`);
  assertPositiveFinite(FN, 'options.earlyStopping.tolerance', value.tolerance);
  assertInteger('options.earlyStopping.window', value.window, 1);
  return value;
}

function validateOptimizer(spec: OptimizerSpec): void {
  if (spec === 'lbfgs' || spec === 'adam') return;
  if (typeof spec !== 'object' || spec === null) throw new StylegradError(FN, 'options.optimizer', `must be 'lbfgs', 'adam', { name, … } or an Optimizer; got ${describe(spec)}.`);
  if ('init' in spec && typeof spec.init === 'function' && typeof spec.step === 'function') return;
  assertOneOf(FN, 'options.optimizer.name', spec.name, ['lbfgs', 'adam'] as const);
}

function outputAspect(content: tf.Tensor3D | null, styles: readonly StyleImage[], textureSize: readonly [number, number] | undefined): [number, number] {
  if (textureSize !== undefined) {
    if (!(textureSize instanceof Array) || textureSize.length !== 2) throw new StylegradError(FN, 'options.textureSize', `must be [height, width]; got ${describe(textureSize)}.`);
    assertInteger('options.textureSize[0]', textureSize[0], 1);
    assertInteger('options.textureSize[1]', textureSize[1], 1);
    return [textureSize[0], textureSize[1]];
  }
  const reference = content ?? styles[0]?.image;
  if (reference === undefined) throw new StylegradError(FN, 'options', 'needs a content or a style image.');
  return [reference.shape[0], reference.shape[1]];
}

function assertRgb(argument: string, image: unknown): asserts image is tf.Tensor3D {
  if (!(image instanceof tf.Tensor)) throw new StylegradError(FN, argument, `must be an RGB image tensor [H, W, 3]; got ${describe(image)}.`);
  const t = image as tf.Tensor;
  if (t.isDisposed) throw new StylegradError(FN, argument, 'is a tensor that has already been disposed.');
  if (t.rank !== 3 || t.shape[2] !== 3) throw new StylegradError(FN, argument, `must have shape [H, W, 3]; got [${t.shape.join(', ')}].`);
}

function assertInteger(argument: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new StylegradError(FN, argument, `must be an integer >= ${min}; got ${describe(value)}.`);
  }
}
