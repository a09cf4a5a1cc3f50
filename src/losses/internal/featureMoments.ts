// Mean and covariance of feature vectors, per image and blended over weighted style images; shared by
// momentStyleLoss and gaussianWassersteinStyleLoss.
import * as tf from '@tensorflow/tfjs-core';

/** First and second moments of a set of C-dim feature vectors. */
export type Moments = {
  /** `[B, C]` means over positions. */
  readonly mean: tf.Tensor2D;
  /** `[B, C, C]` covariances over positions, divided by the position count P (the population covariance). */
  readonly covariance: tf.Tensor3D;
};

/**
 * μ = (1/P) Σ_p f_p and Σ = (1/P) Σ_p (f_p − μ)(f_p − μ)ᵀ for each image of `features` `[B, H, W, C]`, or for all
 * positions of the batch together when `poolBatch` (a style batch describes one distribution). The features are
 * centred before the product, which keeps float32 accurate when the means are large (VGG activations).
 */
export function featureMoments(features: tf.Tensor4D, poolBatch: boolean): Moments {
  const [batch, height, width, channels] = features.shape;
  const rows = poolBatch ? [1, batch * height * width, channels] : [batch, height * width, channels];
  const flat = tf.reshape<tf.Rank.R3>(features, rows as [number, number, number]);
  const mean = tf.mean(flat, 1, true);
  const centred = tf.sub(flat, mean);
  const covariance = tf.div<tf.Tensor3D>(tf.matMul(tf.transpose(centred, [0, 2, 1]), centred), rows[1] as number);
  return { mean: tf.squeeze<tf.Tensor2D>(mean, [1]), covariance };
}

/**
 * The weighted blend of several styles' moments at one layer: μ = Σ_s w_s μ_s / Σ w_s and Σ = Σ_s w_s Σ_s / Σ w_s
 * (the covariances are averaged, not those of the mixture, which would add the spread of the means).
 */
export function blendedMoments(features: readonly tf.Tensor4D[], weights: readonly number[]): Moments {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const each = features.map((feature) => featureMoments(feature, true));
  return {
    mean: tf.addN(each.map(({ mean }, s) => tf.mul(mean, (weights[s] as number) / total))) as tf.Tensor2D,
    covariance: tf.addN(each.map(({ covariance }, s) => tf.mul(covariance, (weights[s] as number) / total))) as tf.Tensor3D,
  };
}
