import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { NetworkMismatchError } from '../extractors/networkMismatchError';
import { createSqueezeNetExtractor } from '../extractors/createSqueezeNetExtractor';
import { createVggExtractor } from '../extractors/createVggExtractor';
import { NETWORK_TITLES, networkEvidence, type KnownNetwork } from '../extractors/networkEvidence';
import { weightNames } from '../extractors/weightNames';
import type { FeatureExtractor } from '../extractors/types';
import { assertOneOf } from '../internal/validate';
import type { WeightMap } from '../io/types';
import { loadWeightsFromPath } from './loadWeightsFromPath';

const FN = 'loadExtractorFromPath';
const NETWORKS: readonly KnownNetwork[] = ['vgg19', 'vgg16', 'squeezenet1.1'];

/**
 * Loads weights from the filesystem once, recognises the network from their layer names
 * (`identifyNetwork`) and returns that network's extractor, with default options. When `network` is given
 * the weights must be that network's (or unrecognisable, e.g. a partial VGG with blocks 1-2 only).
 *
 * @param weightsPath - A tfjs layers-model folder, its model.json, or a Keras `.h5` file.
 * @param network - `'vgg19'`, `'vgg16'` or `'squeezenet1.1'`; default: the network the weights are.
 * @returns The extractor (its `id` is the network); dispose it when done.
 * @throws StylegradError when `weightsPath` cannot be loaded (see `loadWeightsFromPath`), `network` is
 *   unknown or not the network the weights are, or `network` is omitted and the weights match no network.
 * @example
 * ```ts
 * import { loadExtractorFromPath } from 'stylegrad/node';
 * const extractor = await loadExtractorFromPath('weights/vgg19-notop-uint8'); // extractor.id === 'vgg19'
 * ```
 * @category Node
 */
export async function loadExtractorFromPath(weightsPath: string, network?: 'vgg19' | 'vgg16' | 'squeezenet1.1'): Promise<FeatureExtractor> {
  if (network !== undefined) assertOneOf(FN, 'network', network, NETWORKS);
  const weights = await loadWeightsFromPath(weightsPath);
  try {
    const chosen = chooseNetwork(weights, network);
    return chosen === 'squeezenet1.1' ? createSqueezeNetExtractor(weights) : createVggExtractor(weights, { variant: chosen });
  } finally {
    tf.dispose(Object.values(weights.tensors));
  }
}

/** `network`, or the network the weights are; throws on a mismatch or when neither decides. */
function chooseNetwork(weights: WeightMap, network: KnownNetwork | undefined): KnownNetwork {
  const names = weightNames(weights);
  const found = networkEvidence(names);
  if (found !== undefined && network !== undefined && found.network !== network) {
    throw new NetworkMismatchError(
      FN,
      'network',
      { requested: network, found: found.network, evidence: found.evidence },
      `is '${network}' but ${weights.source} holds ${NETWORK_TITLES[found.network]} weights (${found.evidence}); pass '${found.network}' or leave network out.`,
    );
  }
  const chosen = network ?? found?.network;
  if (chosen !== undefined) return chosen;
  const sample = names.slice(0, 3).map((n) => `'${n}'`).join(', ');
  throw new StylegradError(
    FN,
    'weightsPath',
    `holds weights of no network stylegrad knows (${names.length} weights${sample === '' ? '' : `, e.g. ${sample}`}): VGG-19 has block5_conv4, VGG-16 block5_conv3 without block5_conv4, SqueezeNet 1.1 fire2 … fire9; pass network to choose one.`,
  );
}
