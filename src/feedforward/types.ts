import type * as tf from '@tensorflow/tfjs-core';

/**
 * The two transformation-network layouts stylegrad runs (both after Johnson et al. 2016):
 *
 * - `'pytorch-examples'` — the trainable one (pytorch/examples `fast_neural_style`): reflection padding,
 *   convs with bias, instance norm (ε 1e-5), two nearest-neighbour ×2 upsample + 3×3 conv stages (no
 *   checkerboard artefacts), a final 9×9 conv without norm whose output is the image in 0..255
 *   (clipped when applied).
 * - `'lengstrom'` — the layout of the pretrained fast-style networks (lengstrom/fast-style-transfer,
 *   reiinakano's deeplearn.js port, ml5): zero 'same' padding, convs without bias, instance norm
 *   (ε 1e-3) after every conv including the last, two 3×3 stride-2 transposed convs, output
 *   `clip(tanh(y) · 150 + 127.5, 0, 255)`.
 *
 * @example
 * ```ts
 * const architecture: TransformNetArchitecture = 'pytorch-examples';
 * ```
 * @category Feed-forward
 */
export type TransformNetArchitecture = 'pytorch-examples' | 'lengstrom';

/**
 * A feed-forward style transformation network: its layout and its weights as named variables
 * (`conv1/kernel`, `conv1/bias`, `conv1/norm/gamma`, `conv1/norm/beta`, `res1a/kernel`, …, `out/kernel`).
 * Kernels are HWIO (`[kh, kw, in, out]`) except the `lengstrom` transposed convs (`up1`, `up2`), whose
 * kernels are `[kh, kw, out, in]` as `tf.conv2dTranspose` expects.
 *
 * The network owns its variables; call `dispose()` when done.
 *
 * @example
 * ```ts
 * const net: TransformNet = createTransformNet({ seed: 1 });
 * console.log(net.architecture, Object.keys(net.weights).length);
 * net.dispose();
 * ```
 * @category Feed-forward
 */
export interface TransformNet {
  /** The layout the weights belong to. */
  readonly architecture: TransformNetArchitecture;
  /** The weights by name; trainable variables. */
  readonly weights: Readonly<Record<string, tf.Variable>>;
  /** Frees every weight. The network must not be used afterwards. */
  dispose(): void;
}

/**
 * What saving needs from a network: its layout and weights (a {@link TransformNet}, or a training
 * checkpoint's weights).
 *
 * @example
 * ```ts
 * const weights: TransformNetWeights = { architecture: 'pytorch-examples', weights: state.weights };
 * ```
 * @category Feed-forward
 */
export interface TransformNetWeights {
  /** The layout the weights belong to. */
  readonly architecture: TransformNetArchitecture;
  /** The weights by name. */
  readonly weights: Readonly<Record<string, tf.Tensor>>;
}
