// Which built-in network a set of weight names belongs to, decided by layers only that network has, with
// the layer that decided it (for error messages). VGG-16's layer names are a subset of VGG-19's, so VGG-19 is
// recognised by a fourth conv in block 3, 4 or 5 and VGG-16 by a third conv with no fourth anywhere.

/** The networks stylegrad has adapters for. */
export type KnownNetwork = 'vgg19' | 'vgg16' | 'squeezenet1.1';

/** Display names, as papers write them. */
export const NETWORK_TITLES: Readonly<Record<KnownNetwork, string>> = { vgg19: 'VGG-19', vgg16: 'VGG-16', 'squeezenet1.1': 'SqueezeNet 1.1' };

/**
 * The built-in network weight names belong to, and the layer that decided it (for error messages).
 *
 * @param names - Weight names (`block4_conv4/kernel`, `fire2/squeeze1x1/kernel`, …), e.g. from `weightNames`.
 * @returns The network and why, or `undefined` when no rule decides (or two networks' layers mix).
 * @example
 * ```ts
 * networkEvidence(['block5_conv4/kernel']); // { network: 'vgg19', evidence: 'it has block5_conv4' }
 * ```
 */
export function networkEvidence(names: readonly string[]): { network: KnownNetwork; evidence: string } | undefined {
  const layers = new Set(names.map((n) => n.split('/')[0] ?? n));
  const fire = [...layers].find((l) => /^fire[2-9]$/.test(l));
  const anyVgg = [...layers].some((l) => /^block[1-5]_conv\d$/.test(l));
  if (fire !== undefined) return anyVgg ? undefined : { network: 'squeezenet1.1', evidence: `it has ${fire}` };
  const fourth = ['block5_conv4', 'block4_conv4', 'block3_conv4'].find((l) => layers.has(l));
  if (fourth !== undefined) return { network: 'vgg19', evidence: `it has ${fourth}` };
  const third = ['block5_conv3', 'block4_conv3', 'block3_conv3'].find((l) => layers.has(l));
  if (third !== undefined) return { network: 'vgg16', evidence: `it has ${third} but no ${third.replace('conv3', 'conv4')}` };
  return undefined;
}
