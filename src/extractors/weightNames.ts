// The weight names a weight source holds or lists as missing: what the network is recognised by.
import * as tfl from '@tensorflow/tfjs-layers';
import type { WeightMap, WeightSource } from '../io/types';

/**
 * Every weight name a weight source holds or lists as missing (a LayersModel: its weights' original names).
 *
 * @param weights - A WeightMap, a record of named tensors, or a tfjs LayersModel; anything else has no names.
 * @returns The names, tensors first, then the missing ones.
 * @example
 * ```ts
 * networkEvidence(weightNames(await loadWeightsFromPath('weights/vgg19')))?.network; // 'vgg19'
 * ```
 */
export function weightNames(weights: WeightSource): string[] {
  if (weights instanceof tfl.LayersModel) return weights.layers.flatMap((l) => l.weights.map((v) => v.originalName));
  if (typeof weights !== 'object' || weights === null) return [];
  const map = weights as Partial<WeightMap>;
  if (typeof map.tensors === 'object' && typeof map.missing === 'object') return [...Object.keys(map.tensors), ...Object.keys(map.missing)];
  return Object.keys(weights);
}
