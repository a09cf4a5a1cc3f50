import { StylegradError } from '../errors';

/**
 * Thrown when weights belong to another network than the one asked for (VGG-19 weights given to a VGG-16
 * extractor, say). It carries both networks and the layer that told them apart, so callers (the CLI) can phrase
 * their own advice without parsing the message.
 *
 * @example
 * ```ts
 * try {
 *   await loadExtractorFromPath('weights/vgg19-notop-uint8', 'vgg16');
 * } catch (error) {
 *   if (error instanceof NetworkMismatchError) console.log(error.requested, error.found); // vgg16 vgg19
 * }
 * ```
 * @category Errors
 */
export class NetworkMismatchError extends StylegradError {
  /** The network that was asked for. */
  readonly requested: 'vgg19' | 'vgg16' | 'squeezenet1.1';
  /** The network the weights are. */
  readonly found: 'vgg19' | 'vgg16' | 'squeezenet1.1';
  /** What told them apart, e.g. `it has block5_conv4`. */
  readonly evidence: string;

  /**
   * @param functionName - The public function that refused the weights.
   * @param argument - The argument naming the network or the weights.
   * @param networks - The network asked for, the one found and the evidence.
   * @param networks.requested - The network asked for.
   * @param networks.found - The network the weights are.
   * @param networks.evidence - What told them apart.
   * @param problem - The sentence after `${functionName}: ${argument} `.
   */
  constructor(
    functionName: string,
    argument: string,
    networks: { readonly requested: NetworkMismatchError['requested']; readonly found: NetworkMismatchError['found']; readonly evidence: string },
    problem: string,
  ) {
    super(functionName, argument, problem);
    this.name = 'NetworkMismatchError';
    this.requested = networks.requested;
    this.found = networks.found;
    this.evidence = networks.evidence;
  }
}
