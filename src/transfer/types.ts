import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../extractors/types';
import type { GramNormalization } from '../gram/gramMatrix';
import type { ContentReduction } from '../losses/contentLoss';
import type { StyleReduction } from '../losses/styleLoss';
import type { TotalVariationKind } from '../losses/totalVariationLoss';
import type { Optimizer } from '../optimizers/types';

/**
 * What {@link stylize} optimises for:
 * - `'transfer'`: content + style (+ TV) — neural style transfer;
 * - `'content'`: content (+ TV) only — reconstruct an image from its features at some layers (CMU 16-726
 *   assignment part 1; Wang, Guo & Lu fig. 4); start from noise to see what the layers keep;
 * - `'texture'`: style (+ TV) only — texture synthesis from the Gram matrices (CMU 16-726
 *   assignment part 2; Wang, Guo & Lu fig. 5).
 *
 * @example
 * ```ts
 * const mode: StylizeMode = 'texture';
 * ```
 * @category Transfer
 */
export type StylizeMode = 'transfer' | 'content' | 'texture';

/**
 * Colour control (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style Transfer"):
 * - `'none'`: the style's colours are transferred with its texture;
 * - `'luminance'`: luminance-only transfer — the optimisation runs on the YIQ luminance (Y replicated to
 *   three channels for the network; the style's Y is first matched in mean and standard deviation to the
 *   content's Y), and the result's Y is recombined with the content's I and Q chroma;
 * - `'statistics'`: the style image's RGB mean and covariance are matched to the content's before transfer
 *   ({@link matchColorStatistics}); `'histogram'`: per-channel histogram matching instead ({@link matchHistogram}).
 *
 * @example
 * ```ts
 * const colour: ColourControl = 'luminance';
 * ```
 * @category Transfer
 */
export type ColourControl = 'none' | 'luminance' | 'statistics' | 'histogram';

/**
 * Layers with per-layer weights (`{ conv4_2: 1 }`) or a list of layers, each with weight 1.
 *
 * @example
 * ```ts
 * const layers: LayerSelection = { conv1_1: 1, conv2_1: 0.5 };
 * ```
 * @category Transfer
 */
export type LayerSelection = Readonly<Record<string, number>> | readonly string[];

/**
 * An optimizer for {@link stylize}: by name with options, or a ready {@link Optimizer}. Named optimizers get
 * the pixel bounds `{ lower: 0, upper: 255 }` (projected, not clamped behind the optimiser's back); a ready
 * optimizer must bring its own bounds, and `stylize` calls `step` once per iteration (for L-BFGS create it
 * with `maxIterations: 1`).
 *
 * @example
 * ```ts
 * const spec: OptimizerSpec = { name: 'adam', learningRate: 10 };
 * ```
 * @category Transfer
 */
export type OptimizerSpec =
  | 'lbfgs'
  | 'adam'
  | {
      /** Selects L-BFGS. */
      readonly name: 'lbfgs';
      /** Default 1 (torch's). */
      readonly learningRate?: number;
      /** Curvature pairs kept. Default 100. */
      readonly historySize?: number;
      /** Default `'strongWolfe'`. */
      readonly lineSearch?: 'strongWolfe' | 'none';
    }
  | {
      /** Selects Adam. */
      readonly name: 'adam';
      /** Step size in pixel units (0..255). Default 10. */
      readonly learningRate?: number;
      /** Default 0.9. */
      readonly beta1?: number;
      /** Default 0.999. */
      readonly beta2?: number;
      /** Default 1e-8. */
      readonly epsilon?: number;
    }
  | Optimizer<{
      /** The image being optimised. */
      readonly x: tf.Tensor;
    }>;

/**
 * Coarse-to-fine optimisation: the image is optimised at increasing sizes, each initialised from the
 * upscaled previous result. See {@link scaleSchedule}.
 *
 * @example
 * ```ts
 * const multiScale: MultiScaleOptions = { start: 128, factor: Math.SQRT2 };
 * ```
 * @category Transfer
 */
export interface MultiScaleOptions {
  /** The first (smallest) size of the longer side. Default 128. */
  readonly start?: number;
  /** Size ratio between consecutive scales, > 1. Default √2. */
  readonly factor?: number;
  /** Iterations at each scale below the last; default the same as `iterations`. */
  readonly iterations?: number;
}

/**
 * Stop a scale early when the loss stops improving: when the relative change `|L_prev − L| / |L_prev|` stays
 * below `tolerance` for `window` consecutive iterations.
 *
 * @example
 * ```ts
 * const earlyStopping: EarlyStoppingOptions = { tolerance: 1e-3, window: 5 };
 * ```
 * @category Transfer
 */
export interface EarlyStoppingOptions {
  /** Relative loss change counted as "no progress". > 0. */
  readonly tolerance: number;
  /** How many consecutive iterations without progress stop the scale. Integer >= 1. */
  readonly window: number;
}

/**
 * Tiled optimisation for images whose activations do not fit in memory at once. The loss and its gradient are
 * still those of the whole image: L-BFGS (or Adam) steps over every pixel, while the network only ever runs on one
 * tile's region (its core plus a halo of context, aligned to the network's stride so the region's feature grid is
 * the whole image's). A first pass sums each tile's contribution to the style Gram matrices (forward only); with
 * the whole-image Grams known, a second pass backpropagates each tile's content and total-variation terms and the
 * style term linearised at those Grams, and adds the region's gradient into the image's. With a halo covering the
 * receptive field of the deepest layer (85 pixels for VGG up to `conv5_1`, so 96) the result is the untiled loss and
 * gradient up to float rounding; the default 64 was measured within 7e-7 of the untiled gradient (relative to its
 * largest value) on VGG-19, so there is no seam to blend. Needs an extractor whose layers keep a regular grid (VGG:
 * 'same' convolutions, 2×2 pools; not SqueezeNet's 'valid' stride-2 first layer).
 *
 * @example
 * ```ts
 * const tiling: TilingOptions = { tileSize: 512, iterations: 5 }; // scales above (512 + 2·64)² pixels are tiled
 * ```
 * @category Transfer
 */
export interface TilingOptions {
  /** Side of a tile's core in pixels (the part whose features it computes), a positive multiple of `align`. */
  readonly tileSize: number;
  /** Context added on each side of a core, a multiple of `align` >= `align`. Default 64 (96 covers VGG's receptive field at `conv5_1`). */
  readonly halo?: number;
  /** The network's total stride at the deepest layer used: tile boundaries are multiples of it. Default 16 (VGG up to `conv5_1`). */
  readonly align?: number;
  /** A scale is tiled when its pixel count exceeds this. Default `(tileSize + 2·halo)²`, one full tile region. */
  readonly maxUntiledPixels?: number;
  /** Iterations at each tiled scale (default: as untiled scales). */
  readonly iterations?: number;
  /**
   * L-BFGS curvature pairs kept at tiled scales (default 5): each pair is two vectors of the whole image, so a
   * history of 100 at 4096×3072 alone would take 30 GB.
   */
  readonly historySize?: number;
  /**
   * Shift the tile boundaries by half a tile (rounded to `align`) on every other iteration, so that any residual
   * error from a halo smaller than the receptive field never sits at the same place (default true).
   */
  readonly shift?: boolean;
}

/**
 * Progress inside one objective evaluation at a tiled scale, passed to `onTile` after each tile: which pass
 * (`'targets'`: content and style targets, once per scale; `'statistics'`: the Gram pass; `'gradient'`: the
 * backward pass; `'evaluate'`: the forward-only evaluation of the final loss), and the tile's index out of how many.
 *
 * @example
 * ```ts
 * const onTile = (p: TileProgress): void => console.log(`${p.pass} ${p.tile}/${p.tiles}`);
 * ```
 * @category Transfer
 */
export interface TileProgress {
  /** The scale's index. */
  readonly scale: number;
  /** The pass over the tiles. */
  readonly pass: 'targets' | 'statistics' | 'gradient' | 'evaluate';
  /** The tile just finished, from 1. */
  readonly tile: number;
  /** Tiles in this pass. */
  readonly tiles: number;
}

/**
 * The style term of {@link stylize}, by name; each is a builder in `docs/losses.md`:
 *
 * - `'gram'` — {@link styleLoss}: squared differences of Gram matrices (Gatys et al. 2016).
 * - `'sliced-wasserstein'` — {@link slicedWassersteinStyleLoss} (Heitz et al., CVPR 2021): sorted random 1-D
 *   projections of the features; its directions' seed is stylize's `seed`, so a run is reproducible.
 * - `'gaussian-w2'` — {@link gaussianWassersteinStyleLoss}: the Wasserstein-2 distance between Gaussians fitted to
 *   the features (means and covariances). About 0.6 s per evaluation at VGG-19's five style layers whatever the
 *   image size (its matrix square roots are C×C).
 * - `'moment'` — {@link momentStyleLoss}: squared differences of the feature means and covariances.
 *
 * @example
 * ```ts
 * const kind: StyleLossKind = 'sliced-wasserstein';
 * ```
 * @category Transfer
 */
export type StyleLossKind = 'gram' | 'sliced-wasserstein' | 'gaussian-w2' | 'moment';

/**
 * The settings a preset fixes: everything in {@link StylizeOptions} that is data (no images, no extractor).
 * Presets are plain objects; see {@link stylizePresets}.
 *
 * @example
 * ```ts
 * const mine: StylizeSettings = { ...stylizePresets.gatys, styleWeight: 1e4 };
 * ```
 * @category Transfer
 */
export interface StylizeSettings {
  /** A human-readable description (where the settings come from). */
  readonly description?: string;
  /** The extractor the settings were made for (`'vgg19'`, `'vgg16'`, `'squeezenet1.1'`); informative. */
  readonly extractor?: string;
  /** Default `'transfer'`. */
  readonly mode?: StylizeMode;
  /** Content layers and their weights. */
  readonly contentLayers?: LayerSelection;
  /** Style layers and their weights. */
  readonly styleLayers?: LayerSelection;
  /** Weight of the content term. */
  readonly contentWeight?: number;
  /** Weight of the style term. */
  readonly styleWeight?: number;
  /** Weight of the total-variation term (0 = none). */
  readonly tvWeight?: number;
  /** Content loss reduction (docs/losses.md). */
  readonly contentReduction?: ContentReduction;
  /** Gram normalisation (`styleLoss: 'gram'` only; the other style losses ignore it). */
  readonly gramNormalization?: GramNormalization;
  /** Style loss reduction (`'gatys'` = 1/(4N²M²) on unnormalised Grams; `styleLoss: 'gram'` only, ignored by the others). */
  readonly styleReduction?: StyleReduction;
  /**
   * Which statistics of the style features the style term matches (see {@link StyleLossKind}); default
   * `'gram'`. `gramNormalization` and `styleReduction` apply to `'gram'` only and are ignored by the others.
   * Only `'gram'` can be tiled: a non-Gram loss with `tiling` throws. Without `preset`, a non-Gram kind takes the
   * preset of its name (the `default` preset with that term and its calibrated `styleWeight`; the default's weight
   * suits the Gram term only); an explicit `styleWeight` still overrides it.
   */
  readonly styleLoss?: StyleLossKind;
  /** Total-variation kind. */
  readonly tvKind?: TotalVariationKind;
  /** Total-variation reduction. */
  readonly tvReduction?: 'sum' | 'mean';
  /** The optimizer. */
  readonly optimizer?: OptimizerSpec;
  /** Iterations per scale. */
  readonly iterations?: number;
  /**
   * Objective evaluations allowed per scale (an L-BFGS iteration may take several). Given in the call without
   * `iterations`, it lifts the preset's iteration cap: the run stops at this budget, early stopping or convergence.
   */
  readonly maxEvaluations?: number;
  /** Starting image. */
  readonly init?: 'content' | 'noise';
  /** Style image size relative to the output size (longer sides). */
  readonly styleScale?: number;
  /** Colour control. */
  readonly colour?: ColourControl;
  /** Coarse-to-fine; `false` for a single scale. */
  readonly multiScale?: MultiScaleOptions | boolean;
  /** Early stopping; `false` for none. */
  readonly earlyStopping?: EarlyStoppingOptions | false;
  /** Tiled optimisation of the scales that are too large to process whole; `false` (default) for none. */
  readonly tiling?: TilingOptions | false;
}

/**
 * One style image and its blend weight (several styles are blended in Gram space).
 *
 * @example
 * ```ts
 * const styles: StyleImage[] = [{ image: starry, weight: 0.7 }, { image: scream, weight: 0.3 }];
 * ```
 * @category Transfer
 */
export interface StyleImage {
  /** RGB 0..255, `[H, W, 3]`. */
  readonly image: tf.Tensor3D;
  /** Blend weight >= 0 (normalised over all styles). */
  readonly weight: number;
}

/**
 * Options of {@link stylize}. A `preset` supplies defaults; every option given here overrides it.
 *
 * @example
 * ```ts
 * const options: StylizeOptions = { content, style, extractor: vgg, preset: 'gatys', size: 256, iterations: 100 };
 * ```
 * @category Transfer
 */
export interface StylizeOptions extends Omit<StylizeSettings, 'init' | 'description' | 'extractor'> {
  /** The content image, RGB 0..255 `[H, W, 3]` (required unless `mode` is `'texture'`). Not disposed. */
  readonly content?: tf.Tensor3D;
  /** The style image, or several with blend weights (required unless `mode` is `'content'`). Not disposed. */
  readonly style?: tf.Tensor3D | readonly StyleImage[];
  /** The network whose features define the losses. Not disposed. */
  readonly extractor: FeatureExtractor;
  /** A preset name from {@link stylizePresets} or a settings object. Default `'default'`. */
  readonly preset?: string | StylizeSettings;
  /** `'content'`, `'noise'` (seeded uniform 0..255) or an RGB image (resized to the first scale). */
  readonly init?: 'content' | 'noise' | tf.Tensor3D;
  /** Seed for `init: 'noise'`. Default 0. */
  readonly seed?: number;
  /**
   * Longer side of the output in pixels. Default: the content image's longer side (in texture mode without a
   * content image: the style image's).
   */
  readonly size?: number;
  /** Output `[height, width]` for texture mode without a content image. Default: the style image's aspect ratio at `size`. */
  readonly textureSize?: readonly [number, number];
  /** Emit an `image` event every this many iterations (0 = never). Default 0. */
  readonly imageEvery?: number;
  /**
   * Aborts the run; the iterator then rejects with the signal's reason and frees every tensor. Checked between
   * iterations (and, at tiled scales, between tiles).
   */
  readonly signal?: AbortSignal;
  /** Called synchronously after every tile at a tiled scale (progress within a long evaluation). */
  readonly onTile?: (progress: TileProgress) => void;
  /**
   * Iterate averaging: a decay in (0, 1) turns on a bias-corrected exponential moving average of the optimised
   * image, restarted at each scale from its first image, as in K. Crowson's style-transfer-pytorch (there
   * `--avg-decay`, 0.99). The average is what is delivered (`image` and `done` events, the start of the next
   * scale) and what the `done` event's losses are evaluated on; `iteration` events still report the optimiser's
   * own iterate. Off by default.
   */
  readonly averageIterates?: number;
  /**
   * Style strength s in 0..1 (default 1): every style target Gram becomes `(1 − s) · G(content) + s · A(style)`,
   * the content image's own Gram at this scale blended with the style's (see {@link blendStyleTargets}); 0 leaves
   * the content at zero style loss. Needs a content image. See docs/spatial-control.md.
   */
  readonly styleStrength?: number;
  /**
   * Where stylisation happens: values 0..1 (1 = stylise), `[H, W]` or `[H, W, 1]` at the content image's size.
   * The style term becomes a guided style loss on the region (Gatys et al. 2017, §4), the content term a
   * {@link maskedContentLoss} (10× stronger where the mask is 0), and every delivered image (`image` and `done`
   * events) is composited with {@link compositeMasked}, so where the mask is 0 it is the content exactly; the
   * `done` event's `deliveredLoss` is the loss of that composite. With several styles each takes the region with
   * its blend weight. Not with `regions` nor with tiling. Not disposed.
   */
  readonly mask?: tf.Tensor2D | tf.Tensor3D;
  /** Content regions each matched to one of the styles (guided Gram matrices, Gatys et al. 2017, §4). Not with `mask` nor tiling. */
  readonly regions?: readonly StylizeRegion[];
}

/**
 * One content region of {@link StylizeOptions.regions}: where it lies on the content image and which style it
 * takes (guided Gram matrices, Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style Transfer", §4).
 * The style list's blend weights are not used with regions; each region has its own `weight`.
 *
 * @example
 * ```ts
 * const regions: StylizeRegion[] = [{ mask: sky, style: 0 }, { mask: ground, style: 1, weight: 2 }];
 * ```
 * @category Transfer
 */
export interface StylizeRegion {
  /** Values 0..1, `[H, W]` or `[H, W, 1]` at the content image's size (brought to every scale and layer). Not disposed. */
  readonly mask: tf.Tensor2D | tf.Tensor3D;
  /** Index of the region's style in `options.style` (0 for a single style tensor). */
  readonly style: number;
  /** Values 0..1 at that style image's size: the part of the style image the region copies. Default: all of it. Not disposed. */
  readonly styleMask?: tf.Tensor2D | tf.Tensor3D;
  /** The region's weight >= 0; default 1. */
  readonly weight?: number;
}

/**
 * The per-term loss values of one evaluation: `content`, `style`, `tv` (weighted contributions, present when
 * the term is used) and `total`.
 *
 * @example
 * ```ts
 * const terms: LossTerms = { total: 12.5, content: 2.5, style: 10 };
 * ```
 * @category Transfer
 */
export interface LossTerms {
  /** The sum of the weighted terms. */
  readonly total: number;
  /** Weighted content term. */
  readonly content?: number;
  /** Weighted style term. */
  readonly style?: number;
  /** Weighted total-variation term. */
  readonly tv?: number;
}

/**
 * A scale starts: its index, the number of scales and the image size at this scale.
 *
 * @example
 * ```ts
 * if (event.type === 'scale') console.log(`scale ${event.scale + 1}/${event.scales}: ${event.width}×${event.height}`);
 * ```
 * @category Transfer
 */
export interface ScaleEvent {
  /** Discriminant. */
  readonly type: 'scale';
  /** Index of the scale, from 0. */
  readonly scale: number;
  /** How many scales there are. */
  readonly scales: number;
  /** Image height at this scale. */
  readonly height: number;
  /** Image width at this scale. */
  readonly width: number;
  /** Iterations planned at this scale. */
  readonly iterations: number;
  /** Tiles per pass when this scale is tiled (see {@link TilingOptions}), else 0. */
  readonly tiles: number;
}

/**
 * One optimizer iteration finished.
 *
 * @example
 * ```ts
 * if (event.type === 'iteration') console.log(event.iteration, event.loss.total, event.loss.style);
 * ```
 * @category Transfer
 */
export interface IterationEvent {
  /** Discriminant. */
  readonly type: 'iteration';
  /** Index of the current scale, from 0. */
  readonly scale: number;
  /** Iteration within the scale, from 1. */
  readonly iteration: number;
  /** Iterations finished over all scales. */
  readonly totalIterations: number;
  /** Iterations planned over all scales (an upper bound when early stopping is on). */
  readonly plannedIterations: number;
  /** The loss terms at the start of the iteration (the value torch's `optimizer.step` returns). */
  readonly loss: LossTerms;
  /** Objective evaluations (forward + backward passes) so far, over all scales. */
  readonly evaluations: number;
  /** Milliseconds since the run started. */
  readonly elapsed: number;
}

/**
 * The current image, every `imageEvery` iterations.
 *
 * @example
 * ```ts
 * if (event.type === 'image') { await writeImage(event.image, `frame-${event.totalIterations}.png`); event.image.dispose(); }
 * ```
 * @category Transfer
 */
export interface ImageEvent {
  /** Discriminant. */
  readonly type: 'image';
  /** Index of the current scale. */
  readonly scale: number;
  /** Iteration within the scale. */
  readonly iteration: number;
  /** Iterations finished over all scales. */
  readonly totalIterations: number;
  /** RGB `[H, W, 3]` float32 0..255 at this scale, as it would be delivered (colour recombined). The consumer owns it and must dispose it. */
  readonly image: tf.Tensor3D;
}

/**
 * The run finished.
 *
 * @example
 * ```ts
 * if (event.type === 'done') { console.log(event.loss.total, event.deliveredLoss.total); event.image.dispose(); }
 * ```
 * @category Transfer
 */
export interface DoneEvent {
  /** Discriminant. */
  readonly type: 'done';
  /**
   * The delivered 8-bit image: RGB `[H, W, 3]` float32 with integer values 0..255 (rounded and clamped), what
   * `writeImage` saves. The consumer owns it and must dispose it.
   */
  readonly image: tf.Tensor3D;
  /** The loss at the optimiser's final (float) image. */
  readonly loss: LossTerms;
  /** The loss of the delivered 8-bit image, evaluated with the same loss. */
  readonly deliveredLoss: LossTerms;
  /** Iterations over all scales. */
  readonly iterations: number;
  /** Objective evaluations over all scales. */
  readonly evaluations: number;
  /** Milliseconds for the whole run. */
  readonly elapsed: number;
  /** Why the last scale ended. */
  readonly stopReason: 'iterations' | 'maxEvaluations' | 'converged' | 'earlyStopping' | 'nonFinite';
}

/**
 * Something about the input that is probably a mistake but does not stop the run, yielded before the first
 * `scale` event. `'input-range'`: the content, a style or the init image has a maximum of at most 1 (and is not
 * all zeros), so it is probably a 0..1 image where `stylize` expects RGB 0..255; the run goes on with it as given.
 *
 * @example
 * ```ts
 * if (event.type === 'warning') console.warn(`${event.code}: ${event.message}`);
 * ```
 * @category Transfer
 */
export interface WarningEvent {
  /** Discriminant. */
  readonly type: 'warning';
  /** What the warning is about: `'input-range'` (an image that looks like 0..1). */
  readonly code: 'input-range';
  /** One sentence naming the image, its value range and the fix. */
  readonly message: string;
}

/**
 * The events {@link stylize} yields, in order: `warning` events about the input (if any), then for each scale
 * a `scale` event then its `iteration` events (with `image` events interleaved on request); finally one
 * `done` event.
 *
 * @example
 * ```ts
 * for await (const event of stylize(options)) if (event.type === 'done') result = event.image;
 * ```
 * @category Transfer
 */
export type StylizeEvent = WarningEvent | ScaleEvent | IterationEvent | ImageEvent | DoneEvent;
