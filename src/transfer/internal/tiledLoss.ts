// The stylize loss of a whole image evaluated tile by tile, with its exact gradient, so that only one tile's
// activations are ever in memory. Content and total-variation terms are sums over positions: each tile adds those
// of its core. The style term depends on whole-image Gram matrices G_l = Σ_tiles F_core^T F_core / n_l: a first
// pass (forward only) sums them; then ∂L/∂G_l is known, and a second pass backpropagates, tile by tile, the content
// and TV terms of the core plus Σ_l <∂L/∂G_l, F_core^T F_core / n_l>, whose gradient is the tile's share of the
// style gradient. Each region's gradient is added into the whole image's. See docs/large-images.md.
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../../extractors/types';
import type { GramNormalization } from '../../gram/gramMatrix';
import { tileGrid, type PixelRect, type Tile } from '../../image/tileGrid';
import type { ContentReduction } from '../../losses/contentLoss';
import type { StyleReduction } from '../../losses/styleLoss';
import type { TotalVariationKind } from '../../losses/totalVariationLoss';
import type { FeatureMap } from '../../types';
import type { TileProgress } from '../types';
import { coreInFeatures, layerStrides, type FeatureRect } from './featureGrid';
import type { ResolvedTiling } from './resolveOptions';
import { throwIfAborted } from '../../internal/throwIfAborted';

/** What the tiled loss computes; the weights and reductions mean what they mean in stylize's untiled loss. */
export interface TiledLossSpec {
  readonly extractor: FeatureExtractor;
  /** Channels of the optimised image: 3, or 1 (luminance, replicated to RGB for the network and TV). */
  readonly channels: 1 | 3;
  readonly height: number;
  readonly width: number;
  readonly tiling: ResolvedTiling;
  /** The content image at this scale, RGB `[H, W, 3]`, with the layers and weights of the content term. */
  readonly content: { readonly image: tf.Tensor3D; readonly layers: Readonly<Record<string, number>>; readonly weight: number; readonly reduction: ContentReduction } | null;
  /** The style images at their size for this scale, with the style term's settings. */
  readonly style: {
    readonly images: readonly { readonly image: tf.Tensor3D; readonly weight: number }[];
    readonly layers: Readonly<Record<string, number>>;
    readonly weight: number;
    readonly reduction: StyleReduction;
    readonly normalization: GramNormalization;
  } | null;
  readonly tv: { readonly weight: number; readonly kind: TotalVariationKind; readonly reduction: 'sum' | 'mean' } | null;
  /** Called after each tile. */
  readonly progress: (pass: TileProgress['pass'], tile: number, tiles: number) => void;
  /** Checked before each tile. */
  readonly signal: AbortSignal | null;
}

/** Weighted term values: `[total, content?, style?, tv?]` in the order of `names`. */
export interface TiledValues {
  readonly total: number;
  readonly terms: Readonly<Record<'content' | 'style' | 'tv', number | undefined>>;
}

/** The tiled loss of one scale; `dispose` frees its targets. */
export interface TiledLoss {
  /** Tiles per pass (with the boundaries unshifted). */
  readonly tiles: number;
  /** Loss and gradient (shape of `x`, owned by the caller) at `x`. */
  valueAndGradient(x: tf.Tensor): { values: TiledValues; gradient: tf.Tensor };
  /** The loss at `x`, forward only. */
  value(x: tf.Tensor4D): TiledValues;
  /** Selects the tile boundaries for an iteration (shifted by half a tile on odd iterations when `shift`). */
  setIteration(iteration: number): void;
  dispose(): void;
}

const TV_EPSILON = 1e-8;

/** Builds the tiled loss: content targets (a feature map of the whole content image) and style Grams, tile by tile. */
export function createTiledLoss(spec: TiledLossSpec): TiledLoss {
  const { extractor, tiling, height, width } = spec;
  const contentLayers = spec.content === null ? [] : Object.keys(spec.content.layers);
  const styleLayers = spec.style === null ? [] : Object.keys(spec.style.layers);
  const layers = [...new Set([...contentLayers, ...styleLayers])];
  const strides = layerStrides(extractor, layers, tiling.align);
  const half = Math.max(tiling.align, Math.round(tiling.tileSize / 2 / tiling.align) * tiling.align);
  const grids = [0, half].map((o) => tileGrid(height, width, { tileSize: tiling.tileSize, halo: tiling.halo, align: tiling.align, offset: [o, o] }));
  const grid0 = grids[0] as Tile[];
  let grid = grid0;
  const owned: tf.Tensor[] = [];
  try {
    const contentTargets = spec.content === null ? null : targetMaps(spec, spec.content.image, contentLayers, strides, grid0, owned);
    const styleTargets = spec.style === null ? null : styleGramTargets(spec, spec.style, strides, owned);
    const context: PassContext = { spec, strides, contentTargets, styleTargets };
    return {
      tiles: grid0.length,
      valueAndGradient: (x) => {
        const image = tf.reshape<tf.Rank.R4>(x, [1, height, width, spec.channels]);
        try {
          const { values, gradient } = runPasses(context, image, grid, true);
          const shaped = tf.reshape(gradient as tf.Tensor, x.shape);
          gradient?.dispose();
          return { values, gradient: shaped };
        } finally {
          image.dispose();
        }
      },
      value: (x) => runPasses(context, x, grid, false).values,
      setIteration: (iteration) => {
        grid = tiling.shift && iteration % 2 === 1 ? (grids[1] as Tile[]) : grid0;
      },
      dispose: () => {
        tf.dispose(owned);
      },
    };
  } catch (error) {
    tf.dispose(owned);
    throw error;
  }
}

interface PassContext {
  readonly spec: TiledLossSpec;
  readonly strides: ReadonlyMap<string, number>;
  /** Whole-image content features by layer. */
  readonly contentTargets: ReadonlyMap<string, tf.Tensor4D> | null;
  /** Whole-image target Grams by layer (normalised as the spec says). */
  readonly styleTargets: ReadonlyMap<string, tf.Tensor2D> | null;
}

function sliceRegion(image: tf.Tensor4D, r: PixelRect): tf.Tensor4D {
  return tf.slice(image, [0, r.top, r.left, 0], [1, r.height, r.width, image.shape[3]]);
}

function sliceFeatures(features: tf.Tensor4D, r: FeatureRect): tf.Tensor4D {
  return tf.slice(features, [0, r.top, r.left, 0], [1, r.height, r.width, features.shape[3]]);
}

function toRgb(x: tf.Tensor4D): tf.Tensor4D {
  return x.shape[3] === 1 ? tf.tile(x, [1, 1, 1, 3]) : x;
}

/** The core of `tile` in `layer`'s grid, given the region's feature map. */
function coreOf(context: Pick<PassContext, 'strides' | 'spec'>, tile: Tile, layer: string, features: tf.Tensor4D): { local: FeatureRect; global: FeatureRect } {
  return coreInFeatures(tile, context.strides.get(layer) ?? 1, { height: features.shape[1], width: features.shape[2] }, context.spec);
}

/** The whole image's features at `layers`, assembled from the cores of `grid` (row-major). */
function targetMaps(spec: TiledLossSpec, image: tf.Tensor3D, layers: readonly string[], strides: ReadonlyMap<string, number>, grid: readonly Tile[], owned: tf.Tensor[]): Map<string, tf.Tensor4D> {
  const pieces = new Map<string, tf.Tensor4D[][]>(layers.map((layer) => [layer, []]));
  const made: tf.Tensor[] = [];
  try {
    let rowTop = -1;
    grid.forEach((tile, index) => {
      throwIfAborted(spec.signal, 'stylize');
      const cores = tf.tidy('stylize.tiledContentTargets', () => {
        const features = spec.extractor.extract(sliceRegion(tf.expandDims<tf.Tensor4D>(image, 0), tile.region), layers);
        return layers.map((layer) => {
          const feature = features[layer] as tf.Tensor4D;
          return sliceFeatures(feature, coreInFeatures(tile, strides.get(layer) ?? 1, { height: feature.shape[1], width: feature.shape[2] }, spec).local);
        });
      });
      made.push(...cores);
      if (tile.core.top !== rowTop) {
        rowTop = tile.core.top;
        for (const rows of pieces.values()) rows.push([]);
      }
      layers.forEach((layer, i) => pieces.get(layer)?.at(-1)?.push(cores[i] as tf.Tensor4D));
      spec.progress('targets', index + 1, grid.length);
    });
    const maps = new Map<string, tf.Tensor4D>();
    for (const [layer, rows] of pieces) {
      const map = tf.tidy('stylize.tiledContentTargets.assemble', () => tf.concat(rows.map((row) => tf.concat(row, 2)), 1));
      owned.push(map);
      maps.set(layer, map);
    }
    return maps;
  } finally {
    tf.dispose(made);
  }
}

/** Σ over the cores of `grid` of F_core^T F_core per layer, and the number of positions summed. */
function gramSums(
  context: Pick<PassContext, 'strides' | 'spec'>,
  image: tf.Tensor4D,
  layers: readonly string[],
  grid: readonly Tile[],
  pass: TileProgress['pass'],
  alongside?: { readonly layers: readonly string[]; readonly terms: (tile: Tile, pixels: tf.Tensor4D, features: FeatureMap) => tf.Tensor },
): { sums: Map<string, tf.Tensor2D>; positions: Map<string, number>; terms: number[] } {
  const sums = new Map<string, tf.Tensor2D>();
  const positions = new Map<string, number>(layers.map((layer) => [layer, 0]));
  const terms: number[] = [];
  try {
    grid.forEach((tile, index) => {
      throwIfAborted(context.spec.signal, 'stylize');
      let vector: tf.Tensor | null = null;
      const grams = tf.tidy('stylize.tiledGrams', () => {
        const pixels = sliceRegion(image, tile.region);
        const features = context.spec.extractor.extract(toRgb(pixels), [...new Set([...layers, ...(alongside?.layers ?? [])])]);
        if (alongside !== undefined) vector = tf.keep(alongside.terms(tile, pixels, features));
        return layers.map((layer) => {
          const feature = features[layer] as tf.Tensor4D;
          const rect = coreOf(context, tile, layer, feature).local;
          positions.set(layer, (positions.get(layer) ?? 0) + rect.height * rect.width);
          const channels = feature.shape[3];
          if (rect.height * rect.width === 0) return tf.zeros<tf.Rank.R2>([channels, channels]);
          const matrix = tf.reshape<tf.Rank.R2>(sliceFeatures(feature, rect), [rect.height * rect.width, channels]);
          const gram = tf.matMul(tf.transpose(matrix), matrix);
          const previous = sums.get(layer);
          return previous === undefined ? gram : tf.add<tf.Tensor2D>(previous, gram);
        });
      });
      layers.forEach((layer, i) => {
        sums.get(layer)?.dispose();
        sums.set(layer, grams[i] as tf.Tensor2D);
      });
      const kept = vector as tf.Tensor | null;
      if (kept !== null) {
        kept.dataSync().forEach((v, i) => {
          terms[i] = (terms[i] ?? 0) + v;
        });
        kept.dispose();
      }
      context.spec.progress(pass, index + 1, grid.length);
    });
    return { sums, positions, terms };
  } catch (error) {
    tf.dispose([...sums.values()]);
    throw error;
  }
}

/** The divisor of a Gram of `channels` × `positions` features under `normalization`. */
function gramScale(normalization: GramNormalization, channels: number, positions: number): number {
  return { none: 1, chw: channels * positions, nm: channels * positions, hw: positions }[normalization];
}

/** The blended target Gram of each style layer, each style image's Grams summed tile by tile. */
function styleGramTargets(spec: TiledLossSpec, style: NonNullable<TiledLossSpec['style']>, strides: ReadonlyMap<string, number>, owned: tf.Tensor[]): Map<string, tf.Tensor2D> {
  const layers = Object.keys(style.layers);
  const blend = style.images.reduce((sum, s) => sum + s.weight, 0);
  const targets = new Map<string, tf.Tensor2D>();
  try {
    collectStyleTargets(spec, style, strides, layers, blend, targets);
  } catch (error) {
    tf.dispose([...targets.values()]);
    throw error;
  }
  owned.push(...targets.values());
  return targets;
}

function collectStyleTargets(spec: TiledLossSpec, style: NonNullable<TiledLossSpec['style']>, strides: ReadonlyMap<string, number>, layers: readonly string[], blend: number, targets: Map<string, tf.Tensor2D>): void {
  for (const { image, weight } of style.images) {
    if (weight === 0) continue;
    const [h, w] = [image.shape[0], image.shape[1]];
    const grid = tileGrid(h, w, { tileSize: spec.tiling.tileSize, halo: spec.tiling.halo, align: spec.tiling.align });
    const batch = tf.expandDims<tf.Tensor4D>(image, 0);
    let result: ReturnType<typeof gramSums>;
    try {
      result = gramSums({ strides, spec: { ...spec, height: h, width: w } }, batch, layers, grid, 'targets');
    } finally {
      batch.dispose();
    }
    const { sums, positions } = result;
    for (const layer of layers) {
      const sum = sums.get(layer) as tf.Tensor2D;
      const scale = gramScale(style.normalization, sum.shape[0], positions.get(layer) ?? 1) * (blend / weight);
      const previous = targets.get(layer);
      const next = tf.tidy('stylize.tiledStyleTarget', () => {
        const target = tf.div<tf.Tensor2D>(sum, scale);
        return previous === undefined ? target : tf.add<tf.Tensor2D>(previous, target);
      });
      previous?.dispose();
      targets.set(layer, next);
    }
    tf.dispose([...sums.values()]);
  }
}

/**
 * The style value at the Gram sums `sums`, and ∂(style term)/∂(sum) per layer (the weight included).
 * Reductions as styleLoss: mean of (G − A)², sum, or Gatys's Σ(G − A)² / (4C²P²), with G = sum / scale.
 */
function styleValueAndSlopes(style: NonNullable<TiledLossSpec['style']>, targets: ReadonlyMap<string, tf.Tensor2D>, sums: ReadonlyMap<string, tf.Tensor2D>, positions: ReadonlyMap<string, number>): { value: tf.Scalar; slopes: Map<string, tf.Tensor2D> } {
  const slopes = new Map<string, tf.Tensor2D>();
  const value = tf.tidy('stylize.tiledStyleValue', () => {
    const perLayer = Object.entries(style.layers).map(([layer, weight]) => {
      const sum = sums.get(layer) as tf.Tensor2D;
      const channels = sum.shape[0];
      const count = positions.get(layer) ?? 1;
      const scale = gramScale(style.normalization, channels, count);
      const k = style.weight * weight * (style.reduction === 'mean' ? 1 / channels ** 2 : style.reduction === 'gatys' ? 1 / (4 * channels ** 2 * count ** 2) : 1);
      const difference = tf.sub(tf.div(sum, scale), targets.get(layer) as tf.Tensor2D);
      slopes.set(layer, tf.keep(tf.mul<tf.Tensor2D>(difference, (2 * k) / scale)));
      return tf.mul<tf.Scalar>(tf.sum(tf.square(difference)), k);
    });
    return tf.addN<tf.Scalar>(perLayer);
  });
  return { value, slopes };
}

/** The weighted content and TV terms of a tile's core, and the linearised style term (0 without slopes). */
function tileTerms(context: PassContext, tile: Tile, region: tf.Tensor4D, slopes: ReadonlyMap<string, tf.Tensor2D> | null, extracted?: FeatureMap): { content: tf.Scalar; tv: tf.Scalar; style: tf.Scalar } {
  const { spec } = context;
  const rgb = toRgb(region);
  const layers = [...new Set([...(spec.content === null ? [] : Object.keys(spec.content.layers)), ...(slopes === null ? [] : [...slopes.keys()])])];
  const features: FeatureMap = extracted ?? (layers.length === 0 ? {} : spec.extractor.extract(rgb, layers));
  const zero = tf.scalar(0);
  let content: tf.Scalar = zero;
  if (spec.content !== null && context.contentTargets !== null) {
    const { reduction, weight } = spec.content;
    const parts = Object.entries(spec.content.layers).map(([layer, w]) => {
      const feature = features[layer] as tf.Tensor4D;
      const target = context.contentTargets?.get(layer) as tf.Tensor4D;
      const rect = coreOf(context, tile, layer, feature);
      if (rect.local.height * rect.local.width === 0) return zero;
      const squared = tf.sum(tf.squaredDifference(sliceFeatures(feature, rect.local), sliceFeatures(target, rect.global)));
      const divisor = reduction === 'mean' ? target.size : reduction === 'halfSum' ? 2 : 1;
      return tf.mul<tf.Scalar>(squared, (weight * w) / divisor);
    });
    content = tf.addN<tf.Scalar>(parts);
  }
  let style: tf.Scalar = zero;
  if (slopes !== null) {
    const parts = [...slopes].map(([layer, slope]) => {
      const feature = features[layer] as tf.Tensor4D;
      const rect = coreOf(context, tile, layer, feature).local;
      if (rect.height * rect.width === 0) return zero;
      const matrix = tf.reshape<tf.Rank.R2>(sliceFeatures(feature, rect), [rect.height * rect.width, feature.shape[3]]);
      return tf.sum<tf.Scalar>(tf.mul(slope, tf.matMul(tf.transpose(matrix), matrix)));
    });
    style = tf.addN<tf.Scalar>(parts);
  }
  const tv = spec.tv === null ? zero : tf.mul<tf.Scalar>(coreTotalVariation(spec, tile, rgb), spec.tv.weight);
  return { content, tv, style };
}

/**
 * The total variation of the pixel pairs whose first pixel is in the core (read from the region, which extends
 * one pixel past the core unless the core ends at the image's edge), reduced as totalVariationLoss does for the
 * whole image.
 */
function coreTotalVariation(spec: TiledLossSpec, tile: Tile, rgb: tf.Tensor4D): tf.Scalar {
  const tv = spec.tv as NonNullable<TiledLossSpec['tv']>;
  const { core, region } = tile;
  const [H, W, C] = [spec.height, spec.width, rgb.shape[3]];
  const top = core.top - region.top;
  const left = core.left - region.left;
  const rows = core.height + (core.top + core.height < H ? 1 : 0);
  const columns = core.width + (core.left + core.width < W ? 1 : 0);
  const patch = tf.slice(rgb, [0, top, left, 0], [1, rows, columns, C]);
  const part = (start: [number, number], size: [number, number]): tf.Tensor4D => tf.slice(patch, [0, start[0], start[1], 0], [1, size[0], size[1], C]);
  if (tv.kind === 'isotropic') {
    if (rows < 2 || columns < 2) return tf.scalar(0);
    const corner = part([0, 0], [rows - 1, columns - 1]);
    const dx = tf.sub(part([0, 1], [rows - 1, columns - 1]), corner);
    const dy = tf.sub(part([1, 0], [rows - 1, columns - 1]), corner);
    const sum = tf.sum<tf.Scalar>(tf.sqrt(tf.add(tf.add(tf.square(dx), tf.square(dy)), TV_EPSILON)));
    return tv.reduction === 'mean' ? tf.div<tf.Scalar>(sum, (H - 1) * (W - 1) * C) : sum;
  }
  const penalty = (d: tf.Tensor): tf.Scalar => tf.sum(tv.kind === 'l1' ? tf.abs(d) : tf.square(d));
  const dx = columns < 2 ? tf.scalar(0) : penalty(tf.sub(part([0, 1], [core.height, columns - 1]), part([0, 0], [core.height, columns - 1])));
  const dy = rows < 2 ? tf.scalar(0) : penalty(tf.sub(part([1, 0], [rows - 1, core.width]), part([0, 0], [rows - 1, core.width])));
  if (tv.reduction === 'sum') return tf.add(dx, dy);
  return tf.add(tf.div(dx, H * (W - 1) * C), tf.div(dy, (H - 1) * W * C));
}

/** Both passes over `grid` at `image` (`[1, H, W, c]`); the gradient when asked (owned by the caller). */
function runPasses(context: PassContext, image: tf.Tensor4D, grid: readonly Tile[], withGradient: boolean): { values: TiledValues; gradient: tf.Tensor4D | null } {
  const { spec } = context;
  let styleValue: number | undefined;
  let slopes: Map<string, tf.Tensor2D> | null = null;
  try {
    // Forward only, the content and TV terms are read in the same pass as the Grams (one pass, not two).
    const contentLayers = spec.content === null ? [] : Object.keys(spec.content.layers);
    const alongside = withGradient ? undefined : {
      layers: contentLayers,
      terms: (tile: Tile, pixels: tf.Tensor4D, features: FeatureMap): tf.Tensor => {
        const t = tileTerms(context, tile, pixels, null, features);
        return tf.stack([t.content, t.tv]);
      },
    };
    let merged: number[] | null = null;
    if (spec.style !== null && context.styleTargets !== null) {
      const { sums, positions, terms } = gramSums(context, image, Object.keys(spec.style.layers), grid, withGradient ? 'statistics' : 'evaluate', alongside);
      if (!withGradient) merged = terms;
      const result = styleValueAndSlopes(spec.style, context.styleTargets, sums, positions);
      tf.dispose([...sums.values()]);
      styleValue = result.value.dataSync()[0];
      result.value.dispose();
      slopes = result.slopes;
    }
    if (merged !== null) {
      const total = (spec.content === null ? 0 : (merged[0] ?? 0)) + (styleValue ?? 0) + (spec.tv === null ? 0 : (merged[1] ?? 0));
      return { values: { total, terms: { content: spec.content === null ? undefined : merged[0], style: styleValue, tv: spec.tv === null ? undefined : merged[1] } }, gradient: null };
    }
    let [content, tv] = [0, 0];
    const channels = spec.channels;
    const accumulated = withGradient ? new Float32Array(spec.height * spec.width * channels) : null;
    grid.forEach((tile, index) => {
      throwIfAborted(spec.signal, 'stylize');
      const { region } = tile;
      const values = tf.tidy('stylize.tiledGradient', (): { vector: tf.Tensor; grad?: tf.Tensor } => {
        const pixels = sliceRegion(image, region);
        if (accumulated === null) {
          const terms = tileTerms(context, tile, pixels, null);
          return { vector: tf.stack([terms.content, terms.tv]) };
        }
        let vector: tf.Tensor | null = null;
        const { value, grad } = tf.valueAndGrad((r: tf.Tensor) => {
          const terms = tileTerms(context, tile, r as tf.Tensor4D, slopes);
          vector = tf.keep(tf.stack([terms.content, terms.tv]));
          return tf.addN<tf.Scalar>([terms.content, terms.tv, terms.style]);
        })(pixels);
        value.dispose();
        return { vector: vector as unknown as tf.Tensor, grad };
      });
      const read = values.vector.dataSync();
      content += read[0] ?? Number.NaN;
      tv += read[1] ?? Number.NaN;
      values.vector.dispose();
      const grad = values.grad ?? null;
      if (accumulated !== null && grad !== null) {
        const g = grad.dataSync();
        grad.dispose();
        const rowLength = region.width * channels;
        for (let y = 0; y < region.height; y++) {
          const source = y * rowLength;
          const target = ((region.top + y) * spec.width + region.left) * channels;
          for (let i = 0; i < rowLength; i++) accumulated[target + i] = (accumulated[target + i] ?? 0) + (g[source + i] ?? 0);
        }
      }
      spec.progress(withGradient ? 'gradient' : 'evaluate', index + 1, grid.length);
    });
    const terms = {
      content: spec.content === null ? undefined : content,
      style: styleValue,
      tv: spec.tv === null ? undefined : tv,
    };
    const total = (terms.content ?? 0) + (terms.style ?? 0) + (terms.tv ?? 0);
    const gradient = accumulated === null ? null : tf.tensor4d(accumulated, [1, spec.height, spec.width, channels]);
    return { values: { total, terms }, gradient };
  } finally {
    if (slopes !== null) tf.dispose([...slopes.values()]);
  }
}
