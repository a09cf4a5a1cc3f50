import type * as tf from '@tensorflow/tfjs-core';
import { loadWeights, type WeightFileSource } from '../io/loadWeights';
import type { VggExtractorOptions } from './createVggExtractor';
import type { FeatureExtractor } from './types';
import { buildKnownExtractor } from './buildKnownExtractor';

/**
 * Loads VGG-16 weights (Keras layout) and returns its feature extractor — see {@link createVggExtractor}
 * for the layer names and preprocessing.
 *
 * @param source - The URL of a tfjs layers-model `model.json` (e.g. one written by `stylegrad convert`),
 *   a `tf.io.IOHandler`, or the bytes of a Keras `.h5` weights file
 *   (`vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`). In Node, `loadVgg16FromPath` reads a folder or file.
 * @param options - `pooling` (`'max'` default or `'average'`) and `fastInputGradient`.
 * @returns The extractor (id `'vgg16'`); dispose it when done. Loaded weights not needed are freed.
 * @throws StylegradError when the source cannot be read, is not what it claims, or has wrongly shaped weights.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * const vgg = await loadVgg16('https://example.com/vgg16/model.json', { pooling: 'average' });
 * const features = vgg.extract(image, ['relu1_2', 'relu2_2', 'relu3_3', 'relu4_3']);
 * ```
 * @category Extractors
 */
export async function loadVgg16(source: WeightFileSource | tf.io.IOHandler, options: Omit<VggExtractorOptions, 'variant'> = {}): Promise<FeatureExtractor> {
  return buildKnownExtractor('loadVgg16', 'source', await loadWeights(source), 'vgg16', 'source', options);
}
