import { Option, type Command } from 'commander';
import { withInterrupts } from '../internal/interrupts';
import { defaultModelsDir } from './internal/feedforwardShared';
import { planApplyRun } from './internal/planApplyRun';
import { runApplyPlan } from './internal/runApplyPlan';
import type { CommandIO } from './stylize';

/**
 * The parsed arguments of `stylegrad apply`.
 *
 * @example
 * ```ts
 * const options: ApplyCommandOptions = { model: 'udnie', input: 'in.jpg', output: 'out.jpg' };
 * ```
 * @category CLI
 */
export interface ApplyCommandOptions {
  /** `--model`: a model folder, or a name looked up in the models directory. */
  readonly model: string;
  /** `--models-dir`: where names are looked up (default `$STYLEGRAD_MODELS_DIR`, else `~/.stylegrad/models`). */
  readonly modelsDir?: string;
  /** The input image, or a folder of images. */
  readonly input: string;
  /** The output image, or a folder (for a folder input). */
  readonly output: string;
  /** `--size`: resize inputs so the longer side has this many pixels. */
  readonly size?: string;
  /** `--force`: overwrite existing outputs. */
  readonly force?: boolean;
  /** `--backend`. */
  readonly backend?: string;
  /** `--tile-size`: process each image in tiles of this many pixels (default: only when the whole image would not fit the budget). */
  readonly tileSize?: string;
  /** `--max-memory`: the memory budget in GB (default: 80% of the RAM). */
  readonly maxMemory?: string;
  /** `--bit-depth`: `8` (default) or `16` (PNG outputs only). */
  readonly bitDepth?: string;
}

/**
 * Adds `stylegrad apply` to a commander program: stylize one image, or every image of a folder (with a
 * progress bar), with a pretrained or trained transformation network.
 *
 * @param program - The commander program (`stylegrad`).
 * @returns The added command.
 * @example
 * ```ts
 * const program = new Command('stylegrad');
 * registerApplyCommand(program);
 * await program.parseAsync(['node', 'stylegrad', 'apply', '--model', 'udnie', 'in.jpg', 'out.jpg']);
 * ```
 * @category CLI
 */
export function registerApplyCommand(program: Command): Command {
  return program
    .command('apply')
    .description('Stylize images in one forward pass with a feed-forward network (pretrained fast-style or trained with `stylegrad train`).')
    .argument('<input>', 'an image, or a folder of images')
    .argument('<output>', 'the output image (.png/.jpg/.webp), or a folder for a folder input')
    .requiredOption('-m, --model <name|folder>', 'a model folder (manifest.json or model.json), or a model name in --models-dir')
    .option('--models-dir <dir>', 'where model names are looked up', defaultModelsDir())
    .option('--size <pixels>', 'resize inputs so the longer side has this many pixels')
    .option('--tile-size <pixels>', 'process in tiles of this many pixels, a multiple of 4 (default: tiles only when the whole image would not fit --max-memory)')
    .option('--max-memory <GB>', 'memory budget; larger images are processed in tiles that fit it (default: 80% of the RAM)')
    .addOption(new Option('--bit-depth <bits>', 'bits per channel of the output; 16 needs .png').choices(['8', '16']).default('8'))
    .addOption(new Option('--backend <name>', 'tfjs backend (default: the fastest installed)').choices(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']))
    .option('-f, --force', 'overwrite existing outputs (never the inputs)')
    .action(async (input: string, output: string, flags: Omit<ApplyCommandOptions, 'input' | 'output'>) => {
      await withInterrupts((signal) => runApplyCommand({ ...flags, input, output }, { log: (line) => { console.log(line); }, progress: process.stderr.isTTY, signal }));
    });
}

/**
 * Runs `stylegrad apply` (exported for tests and scripts): {@link planApplyRun} checks every argument, input, output
 * and image's memory (nothing is loaded yet), then {@link runApplyPlan} loads the backend and model and stylizes
 * and writes each image.
 *
 * @param options - The parsed arguments.
 * @param io - Where messages go.
 * @returns The written files.
 * @throws {@link StylegradError} for a missing model or input, an existing output without `--force`, an output
 *   that is one of the inputs (even with `--force`), bad numbers, `--bit-depth 16` for a non-PNG output, or an image
 *   that does not fit the memory budget even in tiles — all before the model loads;
 *   {@link CommandInterrupted} when `io.signal` aborts (between images: every image written is complete).
 * @example
 * ```ts
 * await runApplyCommand({ model: 'models/udnie', input: 'in.jpg', output: 'out.png' }, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runApplyCommand(options: ApplyCommandOptions, io: CommandIO): Promise<readonly string[]> {
  return runApplyPlan(await planApplyRun(options), io);
}
