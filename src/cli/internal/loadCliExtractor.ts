import { StylegradError } from '../../errors';
import { NETWORK_TITLES, type KnownNetwork } from '../../extractors/networkEvidence';
import { NetworkMismatchError } from '../../extractors/networkMismatchError';
import type { FeatureExtractor } from '../../extractors/types';
import { loadExtractorFromPath } from '../../node/loadExtractorFromPath';

/**
 * Loads a command's feature network through `loadExtractorFromPath`: `--extractor` when given (it must be the
 * network the weights are), else the network the weights are. The library's messages are restated with the
 * command's flags (`--extractor`, `--weights`).
 *
 * @param fn - The command, e.g. `stylegrad` or `stylegrad train`.
 * @param weightsPath - The `--weights` path.
 * @param network - The `--extractor` value, or `undefined`.
 * @returns The extractor; the caller disposes it.
 * @throws {@link StylegradError} `stylegrad: --extractor vgg16 does not match --weights: '…' holds VGG-19 weights (it has
 *   block5_conv4), not VGG-16; …`, or the loader's error restated with `--weights`.
 * @example
 * ```ts
 * const extractor = await loadCliExtractor('stylegrad', 'weights/vgg19-notop-uint8', undefined); // extractor.id === 'vgg19'
 * ```
 */
export async function loadCliExtractor(fn: string, weightsPath: string, network: KnownNetwork | undefined): Promise<FeatureExtractor> {
  try {
    return await loadExtractorFromPath(weightsPath, network);
  } catch (error) {
    if (!(error instanceof StylegradError) || error.functionName !== 'loadExtractorFromPath') throw error;
    if (error instanceof NetworkMismatchError) throw mismatch(fn, weightsPath, error);
    throw new StylegradError(fn, '--weights', error.problem.replace('pass network to choose one', 'pass --extractor to choose one'));
  }
}

/** The one-line refusal naming both networks, with what to do. */
function mismatch(fn: string, weightsPath: string, error: NetworkMismatchError): StylegradError {
  const { requested, found, evidence } = error;
  return new StylegradError(
    fn,
    '--extractor',
    `${requested} does not match --weights: '${weightsPath}' holds ${NETWORK_TITLES[found]} weights (${evidence}), not ${NETWORK_TITLES[requested]}; pass --extractor ${found}, or leave --extractor out to use the network the weights are.`,
  );
}
