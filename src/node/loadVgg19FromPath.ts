import type { VggExtractorOptions } from '../extractors/createVggExtractor';
import type { FeatureExtractor } from '../extractors/types';
import { loadWeightsFromPath } from './loadWeightsFromPath';
import { buildKnownExtractor } from '../extractors/buildKnownExtractor';

/**
 * Loads VGG-19 from the filesystem — a tfjs layers-model folder (e.g. `vgg19-notop-uint8`, uint8-quantized
 * or float32) or the Keras `vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5` — and returns its extractor
 * (layer names and preprocessing: `createVggExtractor`). A folder with some shard files missing loads
 * what exists; requesting a layer that needs a missing file throws an error naming it.
 *
 * @param weightsPath - A folder holding model.json, a model.json, or a `.h5` file.
 * @param options - `pooling` (`'max'` default or `'average'`) and `fastInputGradient`.
 * @returns The extractor (id `'vgg19'`); dispose it when done.
 * @throws StylegradError when the path cannot be read, is not a weights file, or holds misshapen weights.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * import { loadVgg19FromPath } from 'stylegrad/node';
 * const vgg = await loadVgg19FromPath('./weights/vgg19-notop-uint8');
 * const { conv4_2 } = vgg.extract(image, ['conv4_2']);
 * ```
 * @category Node
 */
export async function loadVgg19FromPath(weightsPath: string, options: Omit<VggExtractorOptions, 'variant'> = {}): Promise<FeatureExtractor> {
  return buildKnownExtractor('loadVgg19FromPath', 'weightsPath', await loadWeightsFromPath(weightsPath), 'vgg19', 'path', options);
}
