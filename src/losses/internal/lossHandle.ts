// Builds the callable-with-properties objects that FeatureLoss and ImageLoss describe, and guards their use
// after dispose() so a disposed loss fails with a clear message instead of "Tensor is disposed".
import type * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import type { FeatureLoss, ImageLoss } from '../types';
import type { FeatureMap } from '../../types';

/** Wraps `evaluate` as a FeatureLoss that owns `owned` (disposed by dispose()). */
export function featureLossHandle(
  fn: string,
  layers: readonly string[],
  owned: readonly tf.Tensor[],
  evaluate: (features: FeatureMap) => tf.Scalar,
): FeatureLoss {
  let disposed = false;
  const loss = (features: FeatureMap): tf.Scalar => {
    if (disposed) throw new StylegradError(fn, 'this loss', 'has been disposed; build a new one.');
    return evaluate(features);
  };
  return Object.assign(loss, {
    input: 'features' as const,
    layers: Object.freeze([...layers]),
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const tensor of owned) tensor.dispose();
    },
  });
}

/** Wraps `evaluate` as an ImageLoss. */
export function imageLossHandle(evaluate: (image: tf.Tensor4D) => tf.Scalar): ImageLoss {
  return Object.assign((image: tf.Tensor4D) => evaluate(image), {
    input: 'image' as const,
    layers: Object.freeze<string[]>([]),
    dispose: () => undefined,
  });
}
