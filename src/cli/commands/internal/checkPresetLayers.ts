// A preset made for one network names that network's layers; on the network the weights are they may not
// exist (SqueezeNet's fire2 on VGG-19). Refused here, naming the preset and the way out, before any image loads.
import { StylegradError } from '../../../errors';
import { NETWORK_TITLES, type KnownNetwork } from '../../../extractors/networkEvidence';
import type { FeatureExtractor } from '../../../extractors/types';
import { getPreset } from '../../../transfer/getPreset';
import { stylizePresets } from '../../../transfer/stylizePresets';
import type { LayerSelection } from '../../../transfer/types';
import type { StylizePlan } from './planStylizeRun';

const FN = 'stylegrad';

/**
 * Checks that the layers the preset supplies (those `--content-layers` / `--style-layers` do not override) exist
 * on the extractor.
 *
 * @param plan - The stylize plan (preset, mode, flags).
 * @param extractor - The loaded extractor.
 * @throws {@link StylegradError} `stylegrad: --preset 'cs231n-squeezenet' is made for squeezenet1.1: its content
 *   layer 'fire2' is not a layer of vgg19 (the network the weights are); …`.
 * @example
 * ```ts
 * checkPresetLayers(plan, extractor);
 * ```
 */
export function checkPresetLayers(plan: Pick<StylizePlan, 'presetName' | 'settings' | 'extractor'>, extractor: FeatureExtractor): void {
  const preset = { ...getPreset('default'), ...getPreset(plan.presetName) };
  const mode = plan.settings.mode ?? preset.mode ?? 'transfer';
  const kinds = [
    { kind: 'content', flag: '--content-layers', used: mode !== 'texture' && plan.settings.contentLayers === undefined, layers: preset.contentLayers },
    { kind: 'style', flag: '--style-layers', used: mode !== 'content' && plan.settings.styleLayers === undefined, layers: preset.styleLayers },
  ];
  for (const { kind, flag, used, layers } of kinds) {
    if (!used) continue;
    const unknown = layerNames(layers).filter((layer) => !extractor.layers.includes(layer));
    if (unknown.length === 0) continue;
    const madeFor = getPreset(plan.presetName).extractor ?? 'vgg19';
    const source = plan.extractor === undefined ? 'the network the weights are' : '--extractor';
    const title = NETWORK_TITLES[extractor.id as KnownNetwork] ?? extractor.id;
    const alternatives = Object.entries(stylizePresets).filter(([, p]) => p.extractor === extractor.id).map(([name]) => `'${name}'`);
    const presetAdvice = alternatives.length > 0 ? `a preset made for ${title} (--preset ${alternatives.join(', ')}), or ` : '';
    throw new StylegradError(
      FN,
      '--preset',
      `'${plan.presetName}' is made for ${madeFor}: its ${kind} layer${unknown.length === 1 ? '' : 's'} ${unknown.map((l) => `'${l}'`).join(', ')} ${unknown.length === 1 ? 'is not a layer' : 'are not layers'} of ${extractor.id} (${source}); pass ${presetAdvice}${flag} naming ${extractor.id} layers (${extractor.layers.slice(0, 4).join(', ')}, …), or ${NETWORK_TITLES[madeFor as KnownNetwork] ?? madeFor} weights.`,
    );
  }
}

function layerNames(selection: LayerSelection | undefined): string[] {
  if (selection === undefined) return [];
  return selection instanceof Array ? [...selection] : Object.keys(selection);
}
