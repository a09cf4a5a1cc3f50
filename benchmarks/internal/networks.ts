// The extractors the benchmarks measure, built the way a user builds them, and the deepest layer each
// benchmark differentiates through (the same layers the PyTorch peer, scripts/reference/bench_extractors.py, uses).
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import type { FeatureExtractor } from '../../src/extractors/types';
import { loadSqueezeNetFromPath } from '../../src/node/loadSqueezeNetFromPath';
import { loadVgg19FromPath } from '../../src/node/loadVgg19FromPath';

export const NETWORKS = ['vgg19', 'vgg16', 'squeezenet1.1'] as const;
export type Network = (typeof NETWORKS)[number];

/** The layer each benchmark runs to and differentiates: VGG conv5_1 (after ReLU), SqueezeNet fire9. */
export const DEEPEST: Readonly<Record<Network, string>> = { vgg19: 'conv5_1', vgg16: 'conv5_1', 'squeezenet1.1': 'fire9' };

const DATA = resolve(import.meta.dirname, '../../../shared/data/weights');

/** VGG-16-shaped random weights (He-normal kernels, zero biases): no VGG-16 weights exist here, and timing does not depend on values. */
function randomVgg16(): Record<string, tf.Tensor> {
  const blocks = [2, 2, 3, 3, 3];
  const channels = [64, 128, 256, 512, 512];
  const weights: Record<string, tf.Tensor> = {};
  let cin = 3;
  blocks.forEach((convs, i) => {
    const cout = channels[i] ?? 0;
    for (let n = 1; n <= convs; n++) {
      weights[`block${i + 1}_conv${n}/kernel`] = tf.randomNormal([3, 3, cin, cout], 0, Math.sqrt(2 / (9 * cin)), 'float32', 100 * i + n);
      weights[`block${i + 1}_conv${n}/bias`] = tf.zeros([cout]);
      cin = cout;
    }
  });
  return weights;
}

/** Builds the extractor; `fastInputGradient` false selects tfjs's stock conv input gradient. */
export async function buildExtractor(network: Network, fastInputGradient: boolean): Promise<FeatureExtractor> {
  switch (network) {
    case 'vgg19':
      return loadVgg19FromPath(resolve(DATA, 'vgg19-notop-uint8'), { fastInputGradient });
    case 'vgg16': {
      const weights = randomVgg16();
      try {
        return createVggExtractor(weights, { variant: 'vgg16', fastInputGradient });
      } finally {
        tf.dispose(Object.values(weights));
      }
    }
    case 'squeezenet1.1':
      return loadSqueezeNetFromPath(resolve(DATA, 'squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5'), { fastInputGradient });
  }
}
