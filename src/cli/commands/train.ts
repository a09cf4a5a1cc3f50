import { Option, type Command } from 'commander';
import type { TrainingLossRecord } from '../../feedforward/trainTypes';
import { withInterrupts } from '../internal/interrupts';
import { planTrainRun } from './internal/planTrainRun';
import { runTrainPlan } from './internal/runTrainPlan';
import type { CommandIO } from './stylize';

/**
 * The parsed arguments of `stylegrad train`; every field mirrors a flag.
 *
 * @example
 * ```ts
 * const options: TrainCommandOptions = { style: 'udnie.jpg', images: 'coco/', weights: 'vgg19/', output: 'models/udnie', extractor: 'vgg19' };
 * ```
 * @category CLI
 */
export interface TrainCommandOptions {
  /** `--style`: the style image. */
  readonly style: string;
  /** `--images`: the folder of content images. */
  readonly images: string;
  /** `--weights`: the loss network's weights. */
  readonly weights: string;
  /** `--output`: the model folder to write (model.json + shards, history.json, loss.png). */
  readonly output: string;
  /** `--extractor`: vgg16 or vgg19; must be the network the weights are (default: the network the weights are). */
  readonly extractor?: string;
  /** `--steps`. */
  readonly steps?: string;
  /** `--batch-size`. */
  readonly batchSize?: string;
  /** `--crop-size`. */
  readonly cropSize?: string;
  /** `--resize-to`. */
  readonly resizeTo?: string;
  /** `--style-size`: longer side of the style image. */
  readonly styleSize?: string;
  /** `--learning-rate`. */
  readonly learningRate?: string;
  /** `--content-weight`. */
  readonly contentWeight?: string;
  /** `--style-weight`. */
  readonly styleWeight?: string;
  /** `--tv-weight`. */
  readonly tvWeight?: string;
  /** `--content-layers`. */
  readonly contentLayers?: string;
  /** `--style-layers`. */
  readonly styleLayers?: string;
  /** `--seed`. */
  readonly seed?: string;
  /** `--checkpoint-every`. */
  readonly checkpointEvery?: string;
  /** `--resume`: a checkpoint folder. */
  readonly resume?: string;
  /** `--force`. */
  readonly force?: boolean;
  /** `--backend`. */
  readonly backend?: string;
}

/**
 * Adds `stylegrad train` to a commander program: trains a feed-forward transformation network for one
 * style from a folder of content images, with checkpoints, resume, a progress bar, a loss history and
 * a loss plot.
 *
 * @param program - The commander program (`stylegrad`).
 * @returns The added command.
 * @example
 * ```ts
 * const program = new Command('stylegrad');
 * registerTrainCommand(program);
 * await program.parseAsync(process.argv);
 * ```
 * @category CLI
 */
export function registerTrainCommand(program: Command): Command {
  return program
    .command('train')
    .description('Train a feed-forward style network (Johnson et al.) on a folder of content images; apply it with `stylegrad apply`.')
    .requiredOption('-s, --style <path>', 'the style image')
    .requiredOption('-i, --images <folder>', 'folder of content (training) images')
    .requiredOption('-w, --weights <path>', 'weights of the loss network (VGG folder with model.json, or .h5)')
    .requiredOption('-o, --output <folder>', 'model folder to write (model.json + shards, history.json, loss.png)')
    .addOption(new Option('--extractor <name>', 'loss network; must match --weights (default: the network the weights are)').choices(['vgg16', 'vgg19']))
    .option('--steps <n>', 'training steps', '2000')
    .option('--batch-size <n>', 'images per step', '4')
    .option('--crop-size <pixels>', 'side of the random square crops', '256')
    .option('--resize-to <pixels>', 'resize images so the shorter side has this many pixels before cropping')
    .option('--style-size <pixels>', 'resize the style image so its longer side has this many pixels')
    .option('--learning-rate <lr>', 'Adam learning rate', '1e-3')
    .option('--content-weight <w>', 'content loss weight (default 1)')
    .option('--style-weight <w>', 'style loss weight (default 2)')
    .option('--tv-weight <w>', 'total-variation weight (default 0)')
    .option('--content-layers <list>', 'e.g. relu2_2 or relu2_2:1,relu3_3:0.5 (default relu2_2)')
    .option('--style-layers <list>', 'default relu1_2,relu2_2,relu3_3,relu4_3')
    .option('--seed <n>', 'seed of the initialisation, shuffling and crops', '0')
    .option('--checkpoint-every <n>', 'write <output>/checkpoint every n steps (resume with --resume)')
    .option('--resume <folder>', 'continue from a checkpoint folder')
    .addOption(new Option('--backend <name>', 'tfjs backend (default: the fastest installed)').choices(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']))
    .option('-f, --force', 'replace an existing model folder as a whole')
    .action(async (flags: TrainCommandOptions) => {
      await withInterrupts((signal) => runTrainCommand(flags, { log: (line) => { console.log(line); }, progress: process.stderr.isTTY, signal }));
    });
}

/**
 * Runs `stylegrad train` (exported for tests and scripts): {@link planTrainRun} checks every flag, input and the
 * output folder (nothing is loaded yet), then {@link runTrainPlan} trains and writes the model folder.
 *
 * @param options - The parsed arguments.
 * @param io - Where messages go.
 * @returns The loss history.
 * @throws {@link StylegradError} for `--extractor` naming another network than the weights are, or weights that
 *   are not a VGG's (after the backend and weights load); for missing files, an existing output without `--force`, an output folder holding
 *   an input, or bad numbers — all before anything loads; {@link CommandInterrupted} when `io.signal` aborts.
 * @example
 * ```ts
 * await runTrainCommand({ style: 's.jpg', images: 'imgs/', weights: 'vgg19/', output: 'model/', extractor: 'vgg19', steps: '100' }, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runTrainCommand(options: TrainCommandOptions, io: CommandIO): Promise<readonly TrainingLossRecord[]> {
  return runTrainPlan(await planTrainRun(options), options, io);
}
