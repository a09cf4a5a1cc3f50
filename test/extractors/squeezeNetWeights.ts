// SqueezeNet-1.1-shaped weights built in the test.
import * as tf from '@tensorflow/tfjs-core';

export const FIRES: [string, number, number, number][] = [
  ['fire2', 64, 16, 64],
  ['fire3', 128, 16, 64],
  ['fire4', 128, 32, 128],
  ['fire5', 256, 32, 128],
  ['fire6', 256, 48, 192],
  ['fire7', 384, 48, 192],
  ['fire8', 384, 64, 256],
  ['fire9', 512, 64, 256],
];

/** He-scaled random weights for every layer. */
export function randomSqueezeNetWeights(seed = 1): Record<string, tf.Tensor> {
  const w: Record<string, tf.Tensor> = {};
  const conv = (name: string, k: number, cin: number, cout: number, s: number): void => {
    w[`${name}/kernel`] = tf.randomNormal([k, k, cin, cout], 0, Math.sqrt(2 / (k * k * cin)), 'float32', s);
    w[`${name}/bias`] = tf.randomUniform([cout], -0.5, 0.5, 'float32', s + 1);
  };
  conv('conv1', 3, 3, 64, seed);
  FIRES.forEach(([name, cin, sq, ex], i) => {
    conv(`${name}/squeeze1x1`, 1, cin, sq, seed + 10 * i + 2);
    conv(`${name}/expand1x1`, 1, sq, ex, seed + 10 * i + 4);
    conv(`${name}/expand3x3`, 3, sq, ex, seed + 10 * i + 6);
  });
  return w;
}
