import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureMap } from '../types';

/**
 * A pretrained network that turns images into feature maps at named layers.
 *
 * `extract` takes RGB images with values 0..255, `[H, W, 3]` or `[B, H, W, 3]`, applies the network's own
 * preprocessing, runs the network only as deep as the deepest requested layer (one forward pass for all
 * of them) and returns new tensors owned by the caller. It is synchronous and differentiable with
 * respect to `image`, so it can be called inside `tf.grad` / `tf.variableGrads`.
 *
 * @example
 * ```ts
 * const features = extractor.extract(image, ['conv4_2', 'conv5_1']);
 * features.conv4_2.print();
 * tf.dispose(Object.values(features));
 * extractor.dispose();
 * ```
 * @category Extractors
 */
export interface FeatureExtractor {
  /** Identifies the network, e.g. `vgg19`, `vgg16`, `squeezenet1.1`, or a user-chosen id. */
  readonly id: string;
  /** Every layer name `extract` accepts, in network order (aliases included). */
  readonly layers: readonly string[];
  /**
   * Runs the network on `image` and returns the requested layers' outputs.
   *
   * @param image - RGB values 0..255, `[H, W, 3]` or `[B, H, W, 3]`.
   * @param layers - Names from {@link FeatureExtractor.layers}; at least one.
   * @returns One `[B, h, w, c]` tensor per requested layer, owned by the caller.
   */
  extract(image: tf.Tensor3D | tf.Tensor4D, layers: readonly string[]): FeatureMap;
  /** Frees the network's weights. The extractor must not be used afterwards. */
  dispose(): void;
}
