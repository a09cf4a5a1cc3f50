// VGG-shaped random weights (He-scaled so activations stay O(100) through the network), built in the test.
import * as tf from '@tensorflow/tfjs-core';

export const VGG_BLOCKS = { vgg19: [2, 2, 4, 4, 4], vgg16: [2, 2, 3, 3, 3] } as const;
const CHANNELS = [64, 128, 256, 512, 512];

/** `block{b}_conv{n}/kernel|bias` for blocks 1..upToBlock. */
export function randomVggWeights(variant: 'vgg19' | 'vgg16', upToBlock = 5, seed = 1): Record<string, tf.Tensor> {
  const weights: Record<string, tf.Tensor> = {};
  let cin = 3;
  VGG_BLOCKS[variant].slice(0, upToBlock).forEach((convs, i) => {
    const cout = CHANNELS[i] as number;
    for (let n = 1; n <= convs; n++) {
      const name = `block${i + 1}_conv${n}`;
      weights[`${name}/kernel`] = tf.randomNormal([3, 3, cin, cout], 0, Math.sqrt(2 / (9 * cin)), 'float32', seed + i * 10 + n);
      weights[`${name}/bias`] = tf.randomUniform([cout], -1, 1, 'float32', seed + 100 + i * 10 + n);
      cin = cout;
    }
  });
  return weights;
}

/** Cheap full-size weights for shape/name checks: constant kernels 1/(9·cin) (mean-preserving), zero bias. */
export function constantVggWeights(variant: 'vgg19' | 'vgg16'): Record<string, tf.Tensor> {
  const weights: Record<string, tf.Tensor> = {};
  let cin = 3;
  VGG_BLOCKS[variant].forEach((convs, i) => {
    const cout = CHANNELS[i] as number;
    for (let n = 1; n <= convs; n++) {
      const name = `block${i + 1}_conv${n}`;
      weights[`${name}/kernel`] = tf.fill([3, 3, cin, cout], 1 / (9 * cin));
      weights[`${name}/bias`] = tf.zeros([cout]);
      cin = cout;
    }
  });
  return weights;
}

/** Every VGG layer name for a variant, in network order. */
export function vggLayerNames(variant: 'vgg19' | 'vgg16'): string[] {
  const names: string[] = [];
  VGG_BLOCKS[variant].forEach((convs, i) => {
    const b = i + 1;
    for (let n = 1; n <= convs; n++) names.push(`block${b}_conv${n}`, `conv${b}_${n}`, `relu${b}_${n}`, `prerelu${b}_${n}`);
    names.push(`block${b}_pool`, `pool${b}`);
  });
  return names;
}

/** `features[name]`, failing the test if it is absent. */
export function pick(features: Readonly<Record<string, tf.Tensor4D>>, name: string): tf.Tensor4D {
  const t = features[name];
  if (t === undefined) throw new Error(`feature '${name}' missing`);
  return t;
}
