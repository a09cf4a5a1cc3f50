import type { StylizeSettings } from './types';

const GATYS_STYLE = { conv1_1: 0.2, conv2_1: 0.2, conv3_1: 0.2, conv4_1: 0.2, conv5_1: 0.2 } as const;
const FIVE_STYLE_LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
/** Gatys et al.'s loss: ½ Σ (F − P)² content, Σ (G − A)² / (4N²M²) style on unnormalised Grams, α/β = 1e-3, no TV. */
const GATYS_LOSS = {
  contentLayers: { conv4_2: 1 },
  styleLayers: GATYS_STYLE,
  contentReduction: 'halfSum',
  gramNormalization: 'none',
  styleReduction: 'gatys',
  contentWeight: 1,
  styleWeight: 1e3,
  tvWeight: 0,
} as const;
/** Mean-squared content and style terms on Grams ÷ C·H·W (the PyTorch tutorial's conventions), content weight 1. */
const MEAN_SQUARES_CHW = { contentReduction: 'mean', gramNormalization: 'chw', styleReduction: 'mean', contentWeight: 1 } as const;
/** What every source preset shares: the style at the output size, colours as they are, one scale, fixed iterations. */
const AS_PUBLISHED = { styleScale: 1, colour: 'none', multiScale: false, earlyStopping: false } as const;

/** The `default` preset (see {@link stylizePresets}); the distribution-loss presets spread it. */
const DEFAULT = {
  description: 'Good results without tuning: VGG-19, chw Grams, mean-squared losses, bounded L-BFGS at the output size.',
  extractor: 'vgg19',
  contentLayers: { conv4_2: 1 },
  styleLayers: GATYS_STYLE,
  ...MEAN_SQUARES_CHW,
  styleWeight: 100,
  tvWeight: 10,
  tvKind: 'l2',
  tvReduction: 'mean',
  optimizer: 'lbfgs',
  iterations: 100,
  init: 'content',
  styleScale: 1,
  colour: 'none',
  // Single scale: at 512² coarse-to-fine (128 px, ×√2) spent 320 coarse evaluations to save 8 at full size
  // before reaching the PyTorch tutorial's loss, and one ½-size scale saved none (benchmarks/README.md).
  multiScale: false,
  earlyStopping: { tolerance: 1e-3, window: 5 },
} as const satisfies StylizeSettings;
/**
 * Style weights of the distribution-loss presets, w = 100 · ‖∇ Gram‖ / ‖∇ L‖ (pixel gradients) at the `default`
 * preset's 256 px result on Tübingen × The Starry Night, to two digits: benchmarks/results/style-loss-calibration.md
 * (benchmarks/calibrateStyleLosses.ts). Matching at the content image instead (230, 0.36, 1.9e-8) over-stylised the
 * moment and Gaussian W2 results.
 */
const SLICED_WASSERSTEIN_WEIGHT = 79;
const GAUSSIAN_W2_WEIGHT = 0.047;
const MOMENT_WEIGHT = 1.7e-9;

/**
 * The named presets of {@link stylize}: plain data objects, each reproducing the setup of one
 * source. Pass a name as `preset`, or spread one into your own settings. Explicit options override a preset.
 *
 * - `default` — what to use without tuning (VGG-19): content `conv4_2`, style `conv1_1..conv5_1` equally
 *   weighted, Grams ÷ C·H·W with mean-squared content and style terms (the PyTorch tutorial's conventions),
 *   style/content weight 100 (chosen here by a sweep on tubingen × starry night: 10 is subtle, 1000 loses
 *   detail; the Keras "caffe" 0..255 input scale makes Grams ~58² larger than torch-normalised inputs), a light
 *   squared TV term (weight 10 on the per-pixel mean),
 *   bounded L-BFGS from the content image at the output size only (no coarse scales: measured at 512², coarse
 *   scales cost more time than the full-size evaluations they save; `multiScale: true` turns them on), up to 100
 *   iterations, stopping early when the loss changes by < 0.1 % over 5 iterations.
 * - `gatys` — Gatys, Ecker & Bethge 2015/2016: VGG-19, content `conv4_2` (½ Σ (F − P)²), style
 *   `conv1_1..conv5_1` with w_l = 1/5 and E_l = Σ (G − A)² / (4N²M²), α/β = 1e-3, L-BFGS from white noise.
 * - `cmu-16726` — the CMU 16-726 style-transfer assignment (Z. Li's report): Grams ÷ K·H·W, mean-squared
 *   losses, content `conv4_2`, style `conv1_1..conv5_1`, style/content 1e6, L-BFGS from the content image.
 * - `columbia-gr5242` — Wang, Chen, Liu & Zhang, "Neural Style Transfer" (Columbia GR5242 project): the Gatys loss
 *   (1/(4N²M²)), content `conv4_2`, style `conv1_1..conv5_1`, content:style 1:1e3, L-BFGS from noise.
 * - `stanford-vgg16` — Wang, Guo & Lu, "Real-time Image Style Transfer" (Stanford): VGG-16, content `relu2_2`
 *   (1/(N·M) Σ (F − P)², eq. 1), style `relu1_2, relu2_2, relu3_3, relu4_3` with Grams ÷ N·M and a plain sum of
 *   squares (eq. 2-3), style weight 1e5, squared TV (β = 2) weight 1e-5, L-BFGS from noise.
 * - `cs231n-squeezenet` — CS231n assignment 3 (StyleTransfer-TensorFlow, SqueezeNet 1.1): content `fire2` (the
 *   assignment's layer 3) weight 6e-2 with a summed squared error, style `conv1, fire3, fire4, fire5` (layers 1, 4, 6, 7)
 *   with Grams ÷ H·W·C and summed squared errors, weights 300000, 1000, 15, 3, squared TV weight 2e-2, Adam
 *   for 200 iterations from the content image, style image at 512/192 of the output size. The assignment's
 *   pixels were ImageNet-normalised (≈ 0..255 / 58); here pixels are 0..255, so its learning rate 3 becomes
 *   3 × 58 ≈ 170 and its style weights (quadratic in the feature scale relative to the content and TV terms)
 *   are divided by 58² ≈ 3400.
 * - `keras-vgg16-adam` — the Keras VGG-16 notebook ("Style Transfer", TensorFlow, 0..255 pixels): content
 *   `conv4_2`, style `conv1_1..conv5_1`, Grams ÷ H·W·C, every loss a mean of squares, style weight 0.1, L1 TV
 *   (mean per direction) weight 100, Adam learning rate 30, from uniform noise 0..255, 500 iterations.
 * - `pytorch-tutorial` — the PyTorch neural-transfer tutorial: VGG-19, content `conv_4` = `prerelu2_2`, style
 *   `conv_1..conv_5` = `prerelu1_1, prerelu1_2, prerelu2_1, prerelu2_2, prerelu3_1` (the tutorial taps the conv
 *   outputs before their ReLU), Grams ÷ C·H·W, mean-squared losses, style
 *   weight 1e6, L-BFGS from the content image for 300 evaluations. (The tutorial feeds ImageNet-normalised
 *   pixels; with these 0..255 inputs its 1e6 weighs style about 3400× more — pass `styleWeight: 300` for its
 *   balance.)
 * - `sliced-wasserstein`, `gaussian-w2`, `moment` — the `default` preset with another style term
 *   ({@link StyleLossKind}): the sliced Wasserstein loss of Heitz et al. (CVPR 2021), the Wasserstein-2 distance
 *   between Gaussian fits of the features, or the features' mean and covariance. Each `styleWeight` keeps the
 *   default's balance: at the `default` preset's result, ‖∇ styleWeight · L‖ equals ‖∇ 100 · Gram loss‖ (pixel
 *   gradients), measured on Tübingen × The Starry Night at 256 px (benchmarks/calibrateStyleLosses.ts).
 *   `gaussian-w2` costs ~0.6 s more per evaluation.
 *
 * @example
 * ```ts
 * import { stylizePresets } from 'stylegrad';
 * console.log(Object.keys(stylizePresets)); // ['default', 'gatys', 'cmu-16726', …]
 * const settings = { ...stylizePresets.gatys, iterations: 200 };
 * ```
 * @category Transfer
 */
export const stylizePresets: Readonly<Record<string, StylizeSettings>> = Object.freeze({
  default: DEFAULT,
  gatys: {
    description: 'Gatys, Ecker & Bethge 2015: VGG-19, conv4_2 / conv1_1..conv5_1, E_l = Σ(G−A)²/(4N²M²), α/β = 1e-3, L-BFGS from noise.',
    extractor: 'vgg19',
    ...GATYS_LOSS,
    optimizer: 'lbfgs',
    iterations: 500,
    init: 'noise',
    ...AS_PUBLISHED,
  },

  'cmu-16726': {
    description: 'CMU 16-726 assignment: VGG-19, conv4_2 / conv1_1..conv5_1, Gram ÷ K·H·W, mean-squared losses, style/content 1e6, L-BFGS from content.',
    extractor: 'vgg19',
    contentLayers: { conv4_2: 1 },
    styleLayers: FIVE_STYLE_LAYERS,
    ...MEAN_SQUARES_CHW,
    styleWeight: 1e6,
    tvWeight: 0,
    optimizer: 'lbfgs',
    iterations: 300,
    init: 'content',
    ...AS_PUBLISHED,
  },
  'columbia-gr5242': {
    description: 'Columbia GR5242 report: VGG-19, conv4_2 / conv1_1..conv5_1, Gatys 1/(4N²M²) style loss, content:style 1:1e3, L-BFGS from noise.',
    extractor: 'vgg19',
    ...GATYS_LOSS,
    optimizer: 'lbfgs',
    iterations: 1000,
    init: 'noise',
    ...AS_PUBLISHED,
  },

  'stanford-vgg16': {
    description: 'Wang, Guo & Lu (Stanford): VGG-16, relu2_2 / relu1_2, relu2_2, relu3_3, relu4_3, Gram ÷ N·M summed, style 1e5, squared TV 1e-5, L-BFGS from noise.',
    extractor: 'vgg16',
    contentLayers: { relu2_2: 1 },
    styleLayers: ['relu1_2', 'relu2_2', 'relu3_3', 'relu4_3'],
    contentReduction: 'mean',
    gramNormalization: 'nm',
    styleReduction: 'sum',
    contentWeight: 1,
    styleWeight: 1e5,
    tvWeight: 1e-5,
    tvKind: 'l2',
    tvReduction: 'sum',
    optimizer: 'lbfgs',
    iterations: 500,
    init: 'noise',
    ...AS_PUBLISHED,
  },
  'cs231n-squeezenet': {
    description: 'CS231n assignment 3: SqueezeNet 1.1, fire2 / conv1, fire3, fire4, fire5, Gram ÷ H·W·C summed, squared TV, Adam, 200 iterations.',
    extractor: 'squeezenet1.1',
    contentLayers: { fire2: 1 },
    styleLayers: { conv1: 300000 / 3364, fire3: 1000 / 3364, fire4: 15 / 3364, fire5: 3 / 3364 },
    contentReduction: 'sum',
    gramNormalization: 'chw',
    styleReduction: 'sum',
    contentWeight: 6e-2,
    styleWeight: 1,
    tvWeight: 2e-2,
    tvKind: 'l2',
    tvReduction: 'sum',
    optimizer: { name: 'adam', learningRate: 170 },
    iterations: 200,
    init: 'content',
    styleScale: 512 / 192,
    colour: 'none',
    multiScale: false,
    earlyStopping: false,
  },
  'keras-vgg16-adam': {
    description: 'Keras VGG-16 notebook: VGG-16 on 0..255 pixels, conv4_2 / conv1_1..conv5_1, Gram ÷ H·W·C, mean-squared losses, style 0.1, L1 TV (mean) 100, Adam lr 30 from noise.',
    extractor: 'vgg16',
    contentLayers: { conv4_2: 1 },
    styleLayers: FIVE_STYLE_LAYERS,
    ...MEAN_SQUARES_CHW,
    styleWeight: 0.1,
    tvWeight: 100,
    tvKind: 'l1',
    tvReduction: 'mean',
    optimizer: { name: 'adam', learningRate: 30 },
    iterations: 500,
    init: 'noise',
    ...AS_PUBLISHED,
  },
  'pytorch-tutorial': {
    description: 'PyTorch tutorial: VGG-19, conv_4 (= conv2_2) / conv_1..conv_5 (= conv1_1..conv3_1), Gram ÷ C·H·W, mean-squared losses, style 1e6, L-BFGS from content, 300 evaluations.',
    extractor: 'vgg19',
    contentLayers: { prerelu2_2: 1 },
    styleLayers: ['prerelu1_1', 'prerelu1_2', 'prerelu2_1', 'prerelu2_2', 'prerelu3_1'],
    ...MEAN_SQUARES_CHW,
    styleWeight: 1e6,
    tvWeight: 0,
    optimizer: 'lbfgs',
    iterations: 300,
    maxEvaluations: 300,
    init: 'content',
    ...AS_PUBLISHED,
  },
  // Style weights: see SLICED_WASSERSTEIN_WEIGHT above (benchmarks/results/style-loss-calibration.md).
  'sliced-wasserstein': {
    ...DEFAULT,
    description: 'The default preset with the sliced Wasserstein style loss (Heitz et al. 2021), style weight matched to the default\'s style gradient at its result.',
    styleLoss: 'sliced-wasserstein',
    styleWeight: SLICED_WASSERSTEIN_WEIGHT,
  },
  'gaussian-w2': {
    ...DEFAULT,
    description: 'The default preset with the Gaussian Wasserstein-2 style loss (means and covariances), style weight matched to the default\'s style gradient at its result; ~0.6 s more per evaluation.',
    styleLoss: 'gaussian-w2',
    styleWeight: GAUSSIAN_W2_WEIGHT,
  },
  moment: {
    ...DEFAULT,
    description: 'The default preset with the moment style loss (feature means and covariances), style weight matched to the default\'s style gradient at its result.',
    styleLoss: 'moment',
    styleWeight: MOMENT_WEIGHT,
  },
} satisfies Record<string, StylizeSettings>);
