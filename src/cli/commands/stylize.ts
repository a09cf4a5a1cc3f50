import { Option, type Command } from 'commander';
import { stylizePresets } from '../../transfer/stylizePresets';
import { withInterrupts } from '../internal/interrupts';
import { planStylizeRun } from './internal/planStylizeRun';
import { runStylizePlan } from './internal/runStylizePlan';
import { STYLE_LOSS_HELP } from './internal/styleLossFlags';

/**
 * The parsed options of `stylegrad stylize` (the default command); every field mirrors a command-line flag.
 *
 * @example
 * ```ts
 * const options: StylizeCommandOptions = { content: 'a.jpg', style: ['b.jpg'], output: 'out.png', weights: 'vgg19/' };
 * ```
 * @category CLI
 */
export interface StylizeCommandOptions {
  /** `--content`: the content image path. */
  readonly content?: string;
  /** `--style`: one or more style image paths. */
  readonly style?: readonly string[];
  /** `--style-blend`: comma-separated blend weights, one per style. */
  readonly styleBlend?: string;
  /** `--output`: the result image path. */
  readonly output: string;
  /** `--weights`: the extractor's weights (folder with model.json, or .h5). */
  readonly weights?: string;
  /** `--extractor`: vgg19, vgg16 or squeezenet1.1; must be the network the weights are (default: the network the weights are). */
  readonly extractor?: string;
  /** `--preset`. */
  readonly preset?: string;
  /** `--mode`. */
  readonly mode?: string;
  /** `--size`: longer side of the output (the command's default is 512). */
  readonly size?: string;
  /** `--iterations` per scale. */
  readonly iterations?: string;
  /** `--max-evaluations` per scale. */
  readonly maxEvaluations?: string;
  /** `--content-layers`, e.g. `conv4_2` or `conv4_2:1,conv5_2:0.5`. */
  readonly contentLayers?: string;
  /** `--style-layers`. */
  readonly styleLayers?: string;
  /** `--content-weight`. */
  readonly contentWeight?: string;
  /** `--style-weight`. */
  readonly styleWeight?: string;
  /** `--tv-weight`. */
  readonly tvWeight?: string;
  /** `--tv-kind`. */
  readonly tvKind?: string;
  /** `--content-reduction`. */
  readonly contentReduction?: string;
  /** `--gram`. */
  readonly gram?: string;
  /** `--style-reduction`. */
  readonly styleReduction?: string;
  /** `--optimizer`. */
  readonly optimizer?: string;
  /** `--learning-rate`. */
  readonly learningRate?: string;
  /** `--init`: content, noise or an image path. */
  readonly init?: string;
  /** `--seed`. */
  readonly seed?: string;
  /** `--style-scale`. */
  readonly styleScale?: string;
  /** `--style-loss`: gram, sliced-wasserstein, gaussian-w2 or moment. */
  readonly styleLoss?: string;
  /** `--average`: decay of the iterate average, in (0, 1). */
  readonly average?: string;
  /** `--colour`. */
  readonly colour?: string;
  /** `--multi-scale` / `--no-multi-scale`. */
  readonly multiScale?: boolean;
  /** `--scale-start`. */
  readonly scaleStart?: string;
  /** `--early-stop`: relative tolerance. */
  readonly earlyStop?: string;
  /** `--early-stop-window`. */
  readonly earlyStopWindow?: string;
  /** `--save-every`. */
  readonly saveEvery?: string;
  /** `--history`: the loss-history JSON path. */
  readonly history?: string;
  /** `--plot`: the loss-curve image path. */
  readonly plot?: string;
  /** `--max-memory`: the memory budget in GB (default: 80% of the RAM). */
  readonly maxMemory?: string;
  /** `--bit-depth`: `8` (default) or `16` (a .png `--output` only; the reported loss stays the 8-bit image's). */
  readonly bitDepth?: string;
  /** `--tile-size`: tile with this core size (a multiple of 16) even when the run would fit whole. */
  readonly tileSize?: string;
  /** `--tile-iterations`: iterations at each tiled scale (default 5). */
  readonly tileIterations?: string;
  /** `--style-strength`: 0..1, the style targets between the content's own statistics (0) and the style's (1). */
  readonly styleStrength?: string;
  /** `--mask`: one mask image (stylised where white, the content kept elsewhere), or one per style, comma-separated. */
  readonly mask?: string;
  /** `--style-mask`: one mask image per style, comma-separated: the part of each style image its region copies. */
  readonly styleMask?: string;
  /** `--force`: overwrite existing files. */
  readonly force?: boolean;
  /** `--backend`. */
  readonly backend?: string;
  /** `--quiet`: no progress bar. */
  readonly quiet?: boolean;
}

/**
 * Where {@link runStylizeCommand} writes its messages (the terminal, or a buffer in tests).
 *
 * @example
 * ```ts
 * const io: CommandIO = { log: (line) => console.log(line), progress: process.stderr.isTTY };
 * ```
 * @category CLI
 */
export interface CommandIO {
  /** Prints one line of normal output. */
  readonly log: (line: string) => void;
  /** Show a live progress bar (on stderr). */
  readonly progress: boolean;
  /** Aborted on SIGINT/SIGTERM (see listenForInterrupts): the command stops cleanly and writes nothing partial. */
  readonly signal?: AbortSignal;
}

/**
 * What `stylegrad stylize` wrote.
 *
 * @example
 * ```ts
 * const { output, history, plot, frames }: StylizeCommandResult = await runStylizeCommand(options, io);
 * ```
 * @category CLI
 */
export interface StylizeCommandResult {
  readonly output: string;
  readonly history: string;
  readonly plot: string;
  readonly frames: readonly string[];
}

/**
 * Adds the `stylize` command to a commander program as its default command: content + style images in, the
 * stylised image, a JSON loss history and a loss-curve plot out, with a progress bar. Run `stylegrad --help`.
 *
 * @param program - The commander program (`stylegrad`).
 * @returns The added command.
 * @example
 * ```ts
 * const program = new Command('stylegrad');
 * registerStylizeCommand(program);
 * await program.parseAsync(process.argv);
 * ```
 * @category CLI
 */
export function registerStylizeCommand(program: Command): Command {
  const presetNames = Object.keys(stylizePresets);
  return program
    .command('stylize', { isDefault: true })
    .description('Neural style transfer (Gatys et al.) by optimising the pixels of an image.')
    .option('-c, --content <path>', 'content image (JPEG, PNG, WebP)')
    .option('-s, --style <paths...>', 'style image(s); several are blended in Gram space')
    .option('--style-blend <weights>', 'comma-separated blend weights, one per style (default: equal)')
    .requiredOption('-o, --output <path>', 'result image (.png, .jpg, .webp)')
    .option('-w, --weights <path>', 'extractor weights: a tfjs layers-model folder or a Keras .h5 (default: $STYLEGRAD_WEIGHTS)')
    .addOption(new Option('--extractor <name>', 'feature network; must match --weights (default: the network the weights are)').choices(['vgg19', 'vgg16', 'squeezenet1.1']))
    .option('-p, --preset <name>', `settings preset: ${presetNames.join(', ')}`, 'default')
    .addOption(new Option('--mode <mode>', 'what to optimise for').choices(['transfer', 'content', 'texture']))
    .option('--size <px>', 'longer side of the output in pixels', '512')
    .option('-i, --iterations <n>', 'optimizer iterations per scale')
    .option('--max-evaluations <n>', 'objective evaluations allowed per scale')
    .option('--content-layers <layers>', "content layers, e.g. 'conv4_2' or 'conv4_2:1,conv5_2:0.5'")
    .option('--style-layers <layers>', "style layers, e.g. 'conv1_1,conv2_1,conv3_1,conv4_1,conv5_1'")
    .option('--content-weight <w>', 'weight of the content term')
    .option('--style-weight <w>', 'weight of the style term')
    .option('--tv-weight <w>', 'weight of the total-variation term (0 = none)')
    .addOption(new Option('--tv-kind <kind>', 'total-variation kind').choices(['l1', 'l2', 'isotropic']))
    .addOption(new Option('--content-reduction <r>', 'content loss reduction').choices(['halfSum', 'mean', 'sum']))
    .addOption(new Option('--gram <normalization>', 'Gram normalisation').choices(['none', 'chw', 'nm', 'hw']))
    .addOption(new Option('--style-reduction <r>', 'style loss reduction').choices(['sum', 'mean', 'gatys']))
    .addOption(new Option('--style-loss <kind>', `style term (only 'gram' tiles): ${Object.entries(STYLE_LOSS_HELP).map(([kind, help]) => `${kind} = ${help}`).join('; ')}`).choices(Object.keys(STYLE_LOSS_HELP)))
    .option('--average <decay>', 'deliver an exponential moving average of the iterates with this decay in (0, 1), e.g. 0.99 (restarted at each scale)')
    .addOption(new Option('--optimizer <name>', 'optimizer (bounded to 0..255)').choices(['lbfgs', 'adam']))
    .option('--learning-rate <lr>', 'optimizer learning rate (Adam: pixels per step)')
    .option('--init <init>', "start image: 'content', 'noise' or an image path")
    .option('--seed <n>', 'seed for --init noise', '0')
    .option('--style-scale <s>', 'style image size relative to the output')
    .addOption(new Option('--colour <mode>', 'colour control (Gatys et al. 2017)').choices(['none', 'luminance', 'statistics', 'histogram']))
    .option('--style-strength <s>', 'style strength 0..1: the style targets between the content\'s own (0) and the style\'s (1)')
    .option('--mask <png[,png...]>', 'grey mask at the content\'s size: stylised where white, the content kept where black; or one mask per style (region i gets style i)')
    .option('--style-mask <png[,png...]>', 'one grey mask per style, at its size: the part of each style image its region copies (guided Gram matrices)')
    .option('--multi-scale', 'coarse-to-fine from 128 px in ×√2 steps')
    .option('--no-multi-scale', 'optimise at the output size only')
    .option('--scale-start <px>', 'first scale of --multi-scale')
    .option('--early-stop <tolerance>', 'stop a scale when the relative loss change stays below this')
    .option('--early-stop-window <n>', 'iterations the change must stay below --early-stop', '5')
    .option('--save-every <n>', 'save the current image every N iterations (next to the output, in <name>-frames/)')
    .option('--history <path>', 'loss history, .json (default: <output>.loss.json)')
    .option('--plot <path>', 'loss-curve image, .png/.jpg/.webp/.svg (default: <output>.loss.png)')
    .option('-f, --force', 'overwrite existing output files (never the inputs)')
    .option('--max-memory <GB>', 'memory budget: a run estimated above it is tiled (VGG) or refused (default: 80% of the RAM)')
    .option('--tile-size <px>', 'optimise in tiles of this size (multiple of 16) even when the image fits whole (default: tiles only when it does not fit, sized to the budget)')
    .option('--tile-iterations <n>', 'iterations at each tiled scale', '5')
    .addOption(new Option('--bit-depth <bits>', 'bits per channel of --output; 16 needs .png (the reported loss stays the 8-bit image\'s)').choices(['8', '16']).default('8'))
    .addOption(new Option('--backend <name>', 'tfjs backend (default: the fastest installed)').choices(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']))
    .option('-q, --quiet', 'no progress bar')
    .action(async (options: StylizeCommandOptions) => {
      await withInterrupts((signal) => runStylizeCommand(options, { log: (line) => { console.log(line); }, progress: process.stderr.isTTY && options.quiet !== true, signal }));
    });
}

/**
 * Runs `stylegrad stylize` with parsed options: first {@link planStylizeRun} checks every flag, input and output
 * and the memory budget (nothing is loaded yet), then {@link runStylizePlan} picks the backend, loads the extractor
 * and images, runs {@link stylize} with a progress bar, and writes the image, the loss history (JSON) and the loss
 * plot, each atomically. Usable in-process (tests call it directly).
 *
 * @param options - The parsed flags; see {@link StylizeCommandOptions}.
 * @param io - Where to print, and an optional signal that interrupts the run; see {@link CommandIO}.
 * @returns The paths written.
 * @throws {@link StylegradError} for bad paths, unreadable or unsupported images, an unknown preset or layer,
 *   bad numbers, an output that exists without `--force`, an output equal to an input or another output, a run
 *   over the memory budget, `--extractor` naming another network than the weights are, or a preset whose layers
 *   the weights' network lacks; {@link CommandInterrupted} when the signal aborts it.
 * @example
 * ```ts
 * await runStylizeCommand({ content: 'a.jpg', style: ['b.jpg'], output: 'out.png', weights: 'vgg19/' }, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runStylizeCommand(options: StylizeCommandOptions, io: CommandIO): Promise<StylizeCommandResult> {
  return runStylizePlan(await planStylizeRun(options), io);
}
