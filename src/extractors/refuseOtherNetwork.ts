// The check every built-in extractor and loader runs before building: weights recognisably of another
// network are refused naming both networks, the layer that tells them apart, and what to call instead.
import { StylegradError } from '../errors';
import type { WeightSource } from '../io/types';
import { NETWORK_TITLES, networkEvidence, type KnownNetwork } from './networkEvidence';
import { weightNames } from './weightNames';

/** How the caller loads weights, which decides what the message suggests instead. */
export type LoaderStyle = 'path' | 'source' | 'create';

const LOADER: Readonly<Record<KnownNetwork, string>> = { vgg19: 'Vgg19', vgg16: 'Vgg16', 'squeezenet1.1': 'SqueezeNet' };

/**
 * Throws when `weights` are recognisably of a network other than `wanted`, naming both networks, the layer that
 * tells them apart and what to call instead. Weights of no known network pass (the build then names what is
 * missing).
 *
 * @param fn - The public function (for errors).
 * @param argument - The argument holding the weights (for errors).
 * @param weights - The weights to check.
 * @param wanted - The network the caller builds.
 * @param style - How the caller loads weights, which decides the suggestion.
 * @returns Nothing; it throws instead.
 * @throws {@link StylegradError} when the weights belong to another network.
 * @example
 * ```ts
 * refuseOtherNetwork('loadVgg19', 'source', weights, 'vgg19', 'source');
 * ```
 */
export function refuseOtherNetwork(fn: string, argument: string, weights: WeightSource, wanted: KnownNetwork, style: LoaderStyle): void {
  const found = networkEvidence(weightNames(weights));
  if (found === undefined || found.network === wanted) return;
  const { network, evidence } = found;
  throw new StylegradError(fn, argument, `holds ${NETWORK_TITLES[network]} weights (${evidence}), not ${NETWORK_TITLES[wanted]}; use ${suggestion(network, wanted, style)}.`);
}

function suggestion(network: KnownNetwork, wanted: KnownNetwork, style: LoaderStyle): string {
  if (style === 'path') return `load${LOADER[network]}FromPath or --extractor ${network}`;
  if (style === 'source') return `load${LOADER[network]}`;
  if (network === 'squeezenet1.1') return 'createSqueezeNetExtractor';
  return wanted === 'squeezenet1.1' ? `createVggExtractor with variant '${network}'` : `options.variant '${network}'`;
}
