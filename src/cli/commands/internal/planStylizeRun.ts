// `stylegrad stylize`, first half: parse every flag and check every input and output before a backend or any
// weights are loaded, so a mistake costs a second, not an optimisation whose result is then lost.
import { StylegradError } from '../../../errors';
import type { BackendCandidate } from '../../../node/pickBackend';
import { presetOfStyleLoss } from '../../../transfer/presetOfStyleLoss';
import type { StylizeOptions } from '../../../transfer/types';
import { parseBitDepth, parseInteger } from '../../internal/parseCliOptions';
import type { StylizeCommandOptions } from '../stylize';
import { checkStylizePaths } from './checkStylizePaths';
import { checkStylizeMemory, type StylizeMemoryCheck, type StylizeMemoryInput } from './checkStylizeMemory';
import { planStylizeMasks, type StylizeMaskPlan } from './planStylizeMasks';
import { checkStyleLossMasks, checkStyleLossTiling } from './styleLossFlags';
import { buildSettings, parseBlend, presetForCli, tilingSettings } from './stylizeSettings';

const FN = 'stylegrad';
const EXTRACTORS = ['vgg19', 'vgg16', 'squeezenet1.1'] as const;

/**
 * Everything `stylegrad stylize` will do, checked: what to read, what to write, the settings and the memory.
 *
 * @example
 * ```ts
 * const plan: StylizePlan = await planStylizeRun({ content: 'a.jpg', style: ['b.jpg'], output: 'out.png', weights: 'vgg19/' });
 * ```
 * @category CLI
 */
export interface StylizePlan {
  readonly presetName: string;
  /** `--extractor`, or `undefined`: the network the weights are (known once they load). */
  readonly extractor: (typeof EXTRACTORS)[number] | undefined;
  /** The network the preset was made for (`undefined`: any). */
  readonly presetExtractor: string | undefined;
  readonly weightsPath: string;
  readonly content: string | undefined;
  readonly styles: readonly string[];
  readonly blend: readonly number[];
  /** An init image path, `'content'`, `'noise'`, or `undefined` (the preset's). */
  readonly init: string | undefined;
  readonly initIsImage: boolean;
  readonly settings: Partial<StylizeOptions>;
  readonly size: number | undefined;
  /** Style images are read at this longer side (enough for every scale). */
  readonly styleReadSize: number | undefined;
  readonly output: string;
  readonly history: string;
  readonly plot: string;
  readonly framesDir: string;
  readonly saveEvery: number;
  /** `--bit-depth` of the result image (frames stay 8-bit). */
  readonly bitDepth: 8 | 16;
  readonly force: boolean;
  readonly backend: BackendCandidate | undefined;
  /** Checked with `--extractor`, else the preset's network, else vgg19; checked again if the weights are another. */
  readonly memory: StylizeMemoryCheck;
  /** What {@link checkStylizeMemory} was given, to check again with the network the weights are. */
  readonly memoryInput: StylizeMemoryInput;
  /** The flags that shape a tiled run's settings (see tilingSettings). */
  readonly flags: Pick<StylizeCommandOptions, 'output' | 'tileIterations' | 'multiScale' | 'scaleStart'>;
  /** `--style-strength`, `--mask` and `--style-mask`, checked. */
  readonly spatial: StylizeMaskPlan;
}

/**
 * Parses and checks every option of `stylegrad stylize` without loading a backend or weights: inputs exist and
 * are files; outputs have an allowed extension, are not folders, exist only with `--force`, can be created and
 * are not one of the inputs or each other (even with `--force`); the largest scale fits the memory budget.
 *
 * @param options - The parsed flags.
 * @returns The plan {@link runStylizePlan} runs.
 * @throws {@link StylegradError} naming the flag and what is allowed, for the first problem found.
 * @example
 * ```ts
 * const plan = await planStylizeRun({ content: 'a.jpg', style: ['b.jpg'], output: 'out.png', weights: 'vgg19/' });
 * ```
 * @category CLI
 */
export async function planStylizeRun(options: StylizeCommandOptions): Promise<StylizePlan> {
  // Without --preset, a non-Gram --style-loss takes the preset of its name (its calibrated style weight).
  const presetName = options.preset ?? presetOfStyleLoss(options.styleLoss) ?? 'default';
  const preset = presetForCli(presetName);
  const mode = options.mode ?? preset.mode ?? 'transfer';
  if (mode !== 'texture' && options.content === undefined) throw new StylegradError(FN, '--content', `is required in mode '${mode}'.`);
  const styles = options.style ?? [];
  if (mode !== 'content' && styles.length === 0) throw new StylegradError(FN, '--style', `is required in mode '${mode}'.`);
  const extractor = options.extractor;
  if (extractor !== undefined && !(EXTRACTORS as readonly string[]).includes(extractor)) throw new StylegradError(FN, '--extractor', `'${extractor}' is not an extractor; valid: ${EXTRACTORS.join(', ')}.`);
  // The network is known once the weights load; until then the memory estimate assumes this one.
  const guess = (extractor ?? preset.extractor ?? 'vgg19') as (typeof EXTRACTORS)[number];
  const weightsPath = options.weights ?? process.env.STYLEGRAD_WEIGHTS ?? '';
  if (weightsPath === '') throw new StylegradError(FN, '--weights', `is required: the feature network's weights (VGG-19, VGG-16 or SqueezeNet 1.1; a tfjs layers-model folder or a Keras .h5), or set STYLEGRAD_WEIGHTS.`);
  const settings = buildSettings(options);
  const size = parseInteger(FN, '--size', options.size, 1);
  const saveEvery = parseInteger(FN, '--save-every', options.saveEvery, 0) ?? 0;
  const blend = parseBlend(options.styleBlend, styles.length);
  const initIsImage = options.init !== undefined && options.init !== 'content' && options.init !== 'noise';
  const { sizes, paths } = await checkStylizePaths(options, { weightsPath, styles, initIsImage, saveEvery });
  const bitDepth = parseBitDepth(FN, options.bitDepth, [{ flag: '--output', path: paths.output }]);
  const styleScale = (settings.styleScale ?? preset.styleScale ?? 1);
  const memoryInput: StylizeMemoryInput = {
    reference: sizes[0] ?? { width: 1, height: 1 },
    size,
    extractor: EXTRACTORS.includes(guess) ? guess : 'vgg19',
    optimizer: settings.optimizer ?? preset.optimizer ?? 'lbfgs',
    backend: options.backend,
    maxMemory: options.maxMemory,
    tileSize: parseTileSize(options.tileSize),
  };
  const memory = checkStylizeMemory(memoryInput);
  tilingSettings(memory, options); // checks --tile-iterations now; runStylizePlan applies the settings
  const outputs = [{ flag: '--output', path: paths.output }, { flag: '--history', path: paths.history }, { flag: '--plot', path: paths.plot }];
  const hasContent = options.content !== undefined;
  const spatial = await planStylizeMasks(options, { styles, styleSizes: sizes.slice(hasContent ? 1 : 0), contentSize: hasContent ? sizes[0] : undefined, outputs, tiled: memory.tiling !== null });
  const styleLossKind = settings.styleLoss ?? preset.styleLoss ?? 'gram';
  checkStyleLossTiling(styleLossKind, memory.tiling !== null);
  checkStyleLossMasks(styleLossKind, spatial.kind !== 'none');
  return {
    presetName, extractor: extractor as (typeof EXTRACTORS)[number] | undefined, presetExtractor: preset.extractor, weightsPath, content: options.content, styles, blend,
    init: options.init, initIsImage, settings, size,
    styleReadSize: size === undefined ? undefined : Math.ceil(size * Math.max(1, styleScale)),
    ...paths, saveEvery, bitDepth, force: options.force === true,
    backend: options.backend as BackendCandidate | undefined, memory, memoryInput,
    flags: { output: options.output, ...pick(options, ['tileIterations', 'multiScale', 'scaleStart'] as const) }, spatial,
  };
}

/** `--tile-size`: a multiple of 16 >= 16, or undefined. */
function parseTileSize(value: string | undefined): number | undefined {
  const size = parseInteger(FN, '--tile-size', value, 16);
  if (size !== undefined && size % 16 !== 0) throw new StylegradError(FN, '--tile-size', `must be a multiple of 16 (VGG's stride at conv5_1); got ${size}.`);
  return size;
}

/** The named fields of `o` that are defined. */
function pick<K extends keyof StylizeCommandOptions>(o: StylizeCommandOptions, keys: readonly K[]): Pick<StylizeCommandOptions, K> {
  return Object.fromEntries(keys.filter((key) => o[key] !== undefined).map((key) => [key, o[key]])) as Pick<StylizeCommandOptions, K>;
}
