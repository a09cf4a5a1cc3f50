// What every built-in loader does once its weights are in memory: refuse another network's weights, build the
// extractor (which copies what it needs), and free the loaded tensors whatever happens.
import * as tf from '@tensorflow/tfjs-core';
import type { WeightMap } from '../io/types';
import { createSqueezeNetExtractor, type SqueezeNetExtractorOptions } from './createSqueezeNetExtractor';
import { createVggExtractor } from './createVggExtractor';
import type { KnownNetwork } from './networkEvidence';
import { refuseOtherNetwork, type LoaderStyle } from './refuseOtherNetwork';
import type { FeatureExtractor } from './types';

/**
 * Builds the extractor of `network` from freshly loaded weights, which it always disposes.
 *
 * @param fn - The public loader (for errors).
 * @param argument - The loader's argument that named the weights (for errors).
 * @param weights - The loaded weights; disposed before this returns or throws.
 * @param network - The network the loader builds.
 * @param style - How the loader takes weights, which decides what a wrong-network error suggests.
 * @param options - `pooling` and `fastInputGradient`, as the loader received them.
 * @returns The extractor (id `network`); the caller disposes it.
 * @throws {@link StylegradError} when the weights are another network's, or whatever the extractor's build throws.
 * @example
 * ```ts
 * const vgg = buildKnownExtractor('loadVgg16', 'source', await loadWeights(source), 'vgg16', 'source', options);
 * ```
 */
export function buildKnownExtractor(
  fn: string,
  argument: string,
  weights: WeightMap,
  network: KnownNetwork,
  style: LoaderStyle,
  options: SqueezeNetExtractorOptions,
): FeatureExtractor {
  try {
    refuseOtherNetwork(fn, argument, weights, network, style);
    return network === 'squeezenet1.1' ? createSqueezeNetExtractor(weights, options) : createVggExtractor(weights, { ...options, variant: network });
  } finally {
    tf.dispose(Object.values(weights.tensors));
  }
}
