import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { WeightSource } from '../io/types';
import { assertOneOf } from '../internal/validate';
import { reluGrad } from '../internal/conv2dFastInputGrad';
import { pool2d } from './internal/pool2d';
import { sequentialExtractor, type Step } from './internal/sequentialExtractor';
import { refuseOtherNetwork } from './refuseOtherNetwork';
import { sameConv, weightStore } from './internal/weightLookup';
import type { FeatureExtractor } from './types';

/** Options for {@link createSqueezeNetExtractor}. */
export interface SqueezeNetExtractorOptions {
  /** `'max'` (default; as trained) or `'average'` — the 3×3 stride-2 pools. */
  readonly pooling?: 'max' | 'average';
  /** Fast input gradient for the stride-1 convs (all but conv1); default true. See `createVggExtractor`. */
  readonly fastInputGradient?: boolean;
}

/** Fire modules: [name, input channels, squeeze, expand (each of 1×1 and 3×3)] (SqueezeNet v1.1). */
const FIRES = [
  ['fire2', 64, 16, 64],
  ['fire3', 128, 16, 64],
  ['fire4', 128, 32, 128],
  ['fire5', 256, 32, 128],
  ['fire6', 256, 48, 192],
  ['fire7', 384, 48, 192],
  ['fire8', 384, 64, 256],
  ['fire9', 512, 64, 256],
] as const;

/**
 * Builds a SqueezeNet 1.1 feature extractor from Keras-layout weights (`conv1/kernel`,
 * `fire2/squeeze1x1/kernel`, `fire2/expand1x1/…`, `fire2/expand3x3/…`, as {@link loadKerasH5Weights} reads
 * `squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5`).
 *
 * Input: RGB 0..255, `[H, W, 3]` or `[B, H, W, 3]`, 'caffe' preprocessing inside. Layers, in order:
 * `conv1` (3×3 stride 2, 'valid', after ReLU), `pool1`, `fire2`, `fire3`, `pool3`, `fire4`, `fire5`,
 * `pool5`, `fire6` … `fire9`. Pools are 3×3 stride 2 'valid' (floor), as in Keras. A fire module's output is
 * `concat([relu(expand1x1(s)), relu(expand3x3(s))], channels)` with `s = relu(squeeze1x1(x))`.
 * Minimum image sides (`extract` refuses smaller, naming the minimum): `conv1` 3, `pool1`-`fire3` 7,
 * `pool3`-`fire5` 15, `pool5`-`fire9` 31.
 *
 * @param weights - A WeightMap, a record of named tensors, or a tfjs LayersModel with these layer names.
 *   Copied: the caller may dispose its own tensors afterwards.
 * @param options - `pooling`, `fastInputGradient`.
 * @returns A {@link FeatureExtractor} with id `'squeezenet1.1'`; call `dispose()` to free its weights.
 * @throws StylegradError for an unknown option, a weight of the wrong shape (naming it and both shapes),
 *   or weights without any SqueezeNet layer.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * const weights = await loadKerasH5Weights(bytes);
 * const squeeze = createSqueezeNetExtractor(weights);
 * tf.dispose(Object.values(weights.tensors));
 * const { fire3, fire5 } = squeeze.extract(image, ['fire3', 'fire5']);
 * ```
 * @category Extractors
 */
export function createSqueezeNetExtractor(weights: WeightSource, options: SqueezeNetExtractorOptions = {}): FeatureExtractor {
  const fn = 'createSqueezeNetExtractor';
  const pooling = options.pooling ?? 'max';
  assertOneOf(fn, 'options.pooling', pooling, ['max', 'average']);
  const fast = options.fastInputGradient ?? true;
  const store = weightStore(fn, 'squeezenet1.1', weights);
  refuseOtherNetwork(fn, 'weights', weights, 'squeezenet1.1', 'create');
  const pool = (name: string): Step => ({
    names: [name],
    preActivationNames: [],
    unavailable: undefined,
    outputSize: validSize,
    run: (x) => ({ out: pool2d(x, pooling, 3, 2) }),
  });
  const steps: Step[] = [];
  try {
    const k1 = store.take('conv1/kernel', [3, 3, 3, 64]);
    const b1 = store.take('conv1/bias', [64]);
    const conv1Missing = typeof k1 === 'string' ? k1 : typeof b1 === 'string' ? b1 : undefined;
    if (conv1Missing !== undefined && store.owned.length === 0) {
      throw new StylegradError(fn, 'weights', `contain no squeezenet1.1 layer: ${conv1Missing}.`);
    }
    steps.push({
      names: ['conv1'],
      preActivationNames: [],
      unavailable: conv1Missing,
      outputSize: validSize,
      run: (x) => {
        if (typeof k1 === 'string' || typeof b1 === 'string') throw new Error(conv1Missing); // never: extract checks `unavailable`
        const conv = (input: tf.Tensor4D): tf.Tensor4D => tf.fused.conv2d({ x: input, filter: k1 as tf.Tensor4D, strides: 2, pad: 'valid', bias: b1, activation: 'relu' });
        if (!fast) return { out: conv(x) };
        // Same kernels as tfjs's fused-conv gradient (Conv2DBackpropInput), but the input gradient only and the
        // backend's fastest ReLU mask: tfjs's own uses Step, five TensorFlow ops on tfjs-node (~14% of a 256² step).
        const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
          const input = args[0] as tf.Tensor4D;
          const y = conv(input);
          (args[1] as tf.GradSaveFunc)([y]);
          return {
            value: y,
            gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) =>
              tf.conv2dTranspose(reluGrad(dy, saved[0] as tf.Tensor4D), k1 as tf.Tensor4D, input.shape, 2, 'valid'),
          };
        });
        return { out: op(x) };
      },
    });
    steps.push(pool('pool1'));
    for (const [name, cin, squeeze, expand] of FIRES) {
      const s = sameConv(store, `${name}/squeeze1x1`, 1, 1, cin, squeeze, fast);
      const e1 = sameConv(store, `${name}/expand1x1`, 1, 1, squeeze, expand, fast);
      const e3 = sameConv(store, `${name}/expand3x3`, 3, 3, squeeze, expand, fast);
      steps.push({
        names: [name],
        preActivationNames: [],
        unavailable: s.unavailable ?? e1.unavailable ?? e3.unavailable,
        run: (x) => {
          const squeezed = s.apply(x, true);
          return { out: tf.concat([e1.apply(squeezed, true), e3.apply(squeezed, true)], 3) };
        },
      });
      if (name === 'fire3') steps.push(pool('pool3'));
      if (name === 'fire5') steps.push(pool('pool5'));
    }
  } catch (error) {
    tf.dispose(store.owned);
    throw error;
  }
  return sequentialExtractor('squeezenet1.1', steps, 'caffe', () => {
    tf.dispose(store.owned);
  });
}

/** Output size of a 3×3 stride-2 'valid' conv or pool (conv1, pool1/3/5): ⌊(n − 3) / 2⌋ + 1. */
function validSize(n: number): number {
  return Math.floor((n - 3) / 2) + 1;
}
