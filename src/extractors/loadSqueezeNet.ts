import type * as tf from '@tensorflow/tfjs-core';
import { loadWeights, type WeightFileSource } from '../io/loadWeights';
import type { SqueezeNetExtractorOptions } from './createSqueezeNetExtractor';
import type { FeatureExtractor } from './types';
import { buildKnownExtractor } from './buildKnownExtractor';

/**
 * Loads SqueezeNet 1.1 weights and returns its feature extractor — see {@link createSqueezeNetExtractor}
 * for the layer names and preprocessing.
 *
 * @param source - The bytes or URL of `squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5`, the URL
 *   of a tfjs layers-model model.json (e.g. written by `stylegrad convert`), or a `tf.io.IOHandler`. In Node,
 *   `loadSqueezeNetFromPath` reads a file or folder.
 * @param options - `pooling` and `fastInputGradient`.
 * @returns The extractor (id `'squeezenet1.1'`); dispose it when done.
 * @throws StylegradError when the source cannot be read, is not what it claims, or has wrongly shaped weights.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * const squeeze = await loadSqueezeNet('https://example.com/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5');
 * const features = squeeze.extract(image, ['conv1', 'fire2', 'fire3', 'fire5', 'fire7']);
 * ```
 * @category Extractors
 */
export async function loadSqueezeNet(source: WeightFileSource | tf.io.IOHandler, options: SqueezeNetExtractorOptions = {}): Promise<FeatureExtractor> {
  return buildKnownExtractor('loadSqueezeNet', 'source', await loadWeights(source), 'squeezenet1.1', 'source', options);
}
