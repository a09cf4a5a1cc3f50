import type * as tf from '@tensorflow/tfjs-core';
import { loadWeights, type WeightFileSource } from '../io/loadWeights';
import type { VggExtractorOptions } from './createVggExtractor';
import type { FeatureExtractor } from './types';
import { buildKnownExtractor } from './buildKnownExtractor';

/**
 * Loads VGG-19 weights (Keras layout) and returns its feature extractor — see {@link createVggExtractor}
 * for the layer names and preprocessing.
 *
 * @param source - The URL of a tfjs layers-model `model.json` (e.g. a hosted copy of `vgg19-notop-uint8`),
 *   a `tf.io.IOHandler`, or the bytes of a Keras `.h5` weights file
 *   (`vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5`). In Node, `loadVgg19FromPath` reads a folder or file.
 * @param options - `pooling` (`'max'` default or `'average'`) and `fastInputGradient`.
 * @returns The extractor (id `'vgg19'`); dispose it when done. Loaded weights not needed are freed.
 * @throws StylegradError when the source cannot be read, is not what it claims, or has wrongly shaped weights.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * const vgg = await loadVgg19('https://example.com/vgg19-notop-uint8/model.json', { pooling: 'average' });
 * const features = vgg.extract(image, ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv4_2', 'conv5_1']);
 * ```
 * @category Extractors
 */
export async function loadVgg19(source: WeightFileSource | tf.io.IOHandler, options: Omit<VggExtractorOptions, 'variant'> = {}): Promise<FeatureExtractor> {
  return buildKnownExtractor('loadVgg19', 'source', await loadWeights(source), 'vgg19', 'source', options);
}
