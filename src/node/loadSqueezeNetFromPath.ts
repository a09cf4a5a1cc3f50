import type { SqueezeNetExtractorOptions } from '../extractors/createSqueezeNetExtractor';
import type { FeatureExtractor } from '../extractors/types';
import { loadWeightsFromPath } from './loadWeightsFromPath';
import { buildKnownExtractor } from '../extractors/buildKnownExtractor';

/**
 * Loads SqueezeNet 1.1 from the filesystem — the Keras `squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5`
 * or a tfjs layers-model folder — and returns its extractor (layers: `createSqueezeNetExtractor`).
 *
 * @param weightsPath - A `.h5` file, a folder holding model.json, or a model.json.
 * @param options - `pooling` and `fastInputGradient`.
 * @returns The extractor (id `'squeezenet1.1'`); dispose it when done.
 * @throws StylegradError when the path cannot be read, is not a weights file, or holds misshapen weights.
 *   Also when the weights are recognisably another network's (see `identifyNetwork`), naming both.
 * @example
 * ```ts
 * import { loadSqueezeNetFromPath } from 'stylegrad/node';
 * const squeeze = await loadSqueezeNetFromPath('weights/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5');
 * ```
 * @category Node
 */
export async function loadSqueezeNetFromPath(weightsPath: string, options: SqueezeNetExtractorOptions = {}): Promise<FeatureExtractor> {
  return buildKnownExtractor('loadSqueezeNetFromPath', 'weightsPath', await loadWeightsFromPath(weightsPath), 'squeezenet1.1', 'path', options);
}
