import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import type { WeightSource } from '../io/types';
import { networkEvidence } from './networkEvidence';
import { weightNames } from './weightNames';

/**
 * Tells which built-in network a set of weights belongs to, from its layer names alone (no values read):
 * SqueezeNet 1.1 has fire modules (`fire2` … `fire9`); VGG-19 has a fourth conv in blocks 3-5
 * (`block3_conv4`, `block4_conv4`, `block5_conv4`); VGG-16 has `block3_conv3` (or deeper third convs) and no
 * fourth conv anywhere. Weights listed as missing (a partial folder) count: the manifest names them.
 *
 * @param weights - A WeightMap from a loader, a record of named tensors, or a tfjs LayersModel.
 * @returns `'vgg19'`, `'vgg16'` or `'squeezenet1.1'`, or `undefined` when the names match none of them
 *   (or only blocks 1-2 of a VGG, which VGG-16 and VGG-19 share).
 * @throws {@link StylegradError} when `weights` is not an object (a path string, say); weights of no known network give `undefined`.
 * @example
 * ```ts
 * const weights = await loadWeightsFromPath('weights/vgg19-notop-uint8');
 * identifyNetwork(weights); // 'vgg19'
 * ```
 * @category Extractors
 */
export function identifyNetwork(weights: WeightSource): 'vgg19' | 'vgg16' | 'squeezenet1.1' | undefined {
  if (typeof weights !== 'object' || weights === null) {
    throw new StylegradError('identifyNetwork', 'weights', `must be a WeightMap (from a load* function), a record of named tensors, or a tfjs LayersModel; got ${describe(weights)}.`);
  }
  return networkEvidence(weightNames(weights))?.network;
}
