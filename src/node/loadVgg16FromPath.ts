import type { VggExtractorOptions } from '../extractors/createVggExtractor';
import type { FeatureExtractor } from '../extractors/types';
import { loadWeightsFromPath } from './loadWeightsFromPath';
import { buildKnownExtractor } from '../extractors/buildKnownExtractor';

/**
 * Loads VGG-16 from the filesystem — a tfjs layers-model folder (float32 or quantized, e.g. written by
 * `stylegrad convert`) or the Keras `vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5` — and returns its extractor
 * (layer names and preprocessing: `createVggExtractor`). A folder with some shard files missing loads
 * what exists; requesting a layer that needs a missing file throws an error naming it.
 *
 * @param weightsPath - A folder holding model.json, a model.json, or a `.h5` file.
 * @param options - `pooling` (`'max'` default or `'average'`) and `fastInputGradient`.
 * @returns The extractor (id `'vgg16'`); dispose it when done.
 * @throws StylegradError when the path cannot be read, is not a weights file, or holds misshapen weights.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * import { loadVgg16FromPath } from 'stylegrad/node';
 * const vgg = await loadVgg16FromPath('weights/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
 * // the official Keras file; no VGG-16 weights ship with stylegrad
 * const { relu2_2 } = vgg.extract(image, ['relu2_2']);
 * ```
 * @category Node
 */
export async function loadVgg16FromPath(weightsPath: string, options: Omit<VggExtractorOptions, 'variant'> = {}): Promise<FeatureExtractor> {
  return buildKnownExtractor('loadVgg16FromPath', 'weightsPath', await loadWeightsFromPath(weightsPath), 'vgg16', 'path', options);
}
