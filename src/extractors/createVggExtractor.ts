import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { assertOneOf } from '../internal/validate';
import { pool2d } from './internal/pool2d';
import { sequentialExtractor, type Step } from './internal/sequentialExtractor';
import type { WeightSource } from '../io/types';
import { refuseOtherNetwork } from './refuseOtherNetwork';
import { sameConv, weightStore } from './internal/weightLookup';
import type { FeatureExtractor } from './types';

/** Options for {@link createVggExtractor}. */
export interface VggExtractorOptions {
  /** `'vgg19'` (16 convs, blocks of 2-2-4-4-4) or `'vgg16'` (13 convs, 2-2-3-3-3). Default `'vgg19'`. */
  readonly variant?: 'vgg19' | 'vgg16';
  /** `'max'` (default; what the weights were trained with) or `'average'` (Gatys et al.'s recommendation). */
  readonly pooling?: 'max' | 'average';
  /**
   * Compute the input gradient of each conv as a forward conv with the flipped kernel (exact, several times
   * faster on wasm; docs/backends.md). Default true; false uses tfjs's stock gradient and keeps no flipped copies.
   */
  readonly fastInputGradient?: boolean;
}

const BLOCKS = { vgg19: [2, 2, 4, 4, 4], vgg16: [2, 2, 3, 3, 3] } as const;
const CHANNELS = [64, 128, 256, 512, 512] as const;

/**
 * Builds a VGG-19 or VGG-16 feature extractor from Keras-layout weights (`block1_conv1/kernel` HWIO,
 * `block1_conv1/bias`, …) without running a Keras model: the extractor keeps its own float32 copies of the
 * weights and runs fused conv + bias + ReLU and pooling directly, only as deep as the deepest requested layer.
 *
 * Input: RGB 0..255, `[H, W, 3]` or `[B, H, W, 3]`, any size; 'caffe' preprocessing is applied inside
 * (RGB → BGR, minus `[103.939, 116.779, 123.68]`). Layer names, in network order, for block `b`, conv `n`:
 * - `block{b}_conv{n}` (Keras), `conv{b}_{n}` and `relu{b}_{n}` — all the same tensor, the conv output
 *   **after** its ReLU (Keras convs include the ReLU; "conv4_2" means the ReLU output in most papers);
 * - `prerelu{b}_{n}` — the conv output before the ReLU (conv + bias);
 * - `block{b}_pool` and `pool{b}` — the 2×2 stride-2 pooling output.
 *
 * Weights whose files are missing (see {@link WeightMap.missing}) only fail when a layer needing them is
 * requested, with an error naming the file. Images too small for the deepest requested layer are refused by
 * `extract` naming the minimum: a layer of block `b` needs 2^(b−1) pixels per side (`conv5_1`: 16), `pool{b}`
 * needs 2^b. The weights are constants: gradients flow to the image only.
 *
 * @param weights - A WeightMap from a loader, a record of named tensors, or a tfjs LayersModel with the
 *   Keras VGG layer names. Copied: the caller may dispose its own tensors afterwards.
 * @param options - `variant`, `pooling`, `fastInputGradient`.
 * @returns A {@link FeatureExtractor} with id `'vgg19'` or `'vgg16'`; call `dispose()` to free its weights.
 * @throws StylegradError for an unknown option, a weight of the wrong shape (naming it and both shapes),
 *   or weights that contain no VGG layer at all.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * const weights = await loadTfjsWeights('https://example.com/vgg19/model.json');
 * const vgg = createVggExtractor(weights, { variant: 'vgg19', pooling: 'average' });
 * tf.dispose(Object.values(weights.tensors));
 * const { conv4_2, relu1_1 } = vgg.extract(image, ['conv4_2', 'relu1_1']);
 * ```
 * @category Extractors
 */
export function createVggExtractor(weights: WeightSource, options: VggExtractorOptions = {}): FeatureExtractor {
  const fn = 'createVggExtractor';
  const variant = options.variant ?? 'vgg19';
  assertOneOf(fn, 'options.variant', variant, ['vgg19', 'vgg16']);
  const pooling = options.pooling ?? 'max';
  assertOneOf(fn, 'options.pooling', pooling, ['max', 'average']);
  const fast = options.fastInputGradient ?? true;
  const store = weightStore(fn, variant, weights);
  refuseOtherNetwork(fn, 'weights', weights, variant, 'create');
  const steps: Step[] = [];
  try {
    let cin = 3;
    BLOCKS[variant].forEach((convs, blockIndex) => {
      const b = blockIndex + 1;
      const cout = CHANNELS[blockIndex] as number;
      for (let n = 1; n <= convs; n++) {
        const conv = sameConv(store, `block${b}_conv${n}`, 3, 3, cin, cout, fast);
        cin = cout;
        steps.push({
          names: [`block${b}_conv${n}`, `conv${b}_${n}`, `relu${b}_${n}`],
          preActivationNames: [`prerelu${b}_${n}`],
          unavailable: conv.unavailable,
          run: (x, wantPre) => {
            if (!wantPre) return { out: conv.apply(x, true) };
            const pre = conv.apply(x, false);
            return { out: tf.relu(pre), pre };
          },
        });
      }
      steps.push({
        names: [`block${b}_pool`, `pool${b}`],
        preActivationNames: [],
        unavailable: undefined,
        outputSize: (n) => Math.floor(n / 2),
        run: (x) => ({ out: pool2d(x, pooling, 2, 2) }),
      });
    });
    if (steps[0]?.unavailable !== undefined && store.owned.length === 0) {
      throw new StylegradError(fn, 'weights', `contain no ${variant} layer: ${steps[0].unavailable}.`);
    }
  } catch (error) {
    tf.dispose(store.owned);
    throw error;
  }
  return sequentialExtractor(variant, steps, 'caffe', () => {
    tf.dispose(store.owned);
  });
}
