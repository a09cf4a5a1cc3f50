import { readdir } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { StylegradError } from '../../errors';
import { applyTransform } from '../../feedforward/applyTransform';
import { loadTransformNetFromPath } from '../../node/loadTransformNetFromPath';
import { pickBackend, type BackendCandidate } from '../../node/pickBackend';
import { readImage } from '../../node/readImage';
import { writeImage } from '../../node/writeImage';
import { parseNumber } from '../internal/parseOptions';
import { checkImageInput, checkInput, checkOutput, IMAGE_OUTPUT_EXTENSIONS } from '../internal/checkPaths';
import { assertDistinctPaths } from '../internal/fileIdentity';
import { CommandInterrupted, interruptOf, withInterrupts } from '../internal/interrupts';
import { defaultModelsDir, isDirectory, resolveModel } from './internal/feedforwardShared';
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
}

const IMAGE = /\.(jpe?g|png|webp|tiff?|gif|avif)$/i;
const WRITABLE = /\.(jpe?g|png|webp)$/i;
const FN = 'stylegrad apply';

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
    .addOption(new Option('--backend <name>', 'tfjs backend (default: the fastest installed)').choices(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']))
    .option('-f, --force', 'overwrite existing outputs (never the inputs)')
    .action(async (input: string, output: string, flags: Omit<ApplyCommandOptions, 'input' | 'output'>) => {
      await withInterrupts((signal) => runApplyCommand({ ...flags, input, output }, { log: (line) => { console.log(line); }, progress: process.stderr.isTTY, signal }));
    });
}

/**
 * Runs `stylegrad apply` (exported for tests and scripts).
 *
 * @param options - The parsed arguments.
 * @param io - Where messages go.
 * @returns The written files.
 * @throws {@link StylegradError} for a missing model or input, an existing output without `--force`, an output
 *   that is one of the inputs (even with `--force`), or bad numbers — all before the model loads;
 *   {@link CommandInterrupted} when `io.signal` aborts (between images: every image written is complete).
 * @example
 * ```ts
 * await runApplyCommand({ model: 'models/udnie', input: 'in.jpg', output: 'out.png' }, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runApplyCommand(options: ApplyCommandOptions, io: CommandIO): Promise<readonly string[]> {
  const force = options.force === true;
  const modelDir = await resolveModel(FN, options.model, options.modelsDir ?? defaultModelsDir());
  const size = parseNumber(FN, '--size', options.size, { integer: true, min: 8 });
  const jobs = await planJobs(options);
  await assertDistinctPaths(FN, jobs.map(([from]) => ({ flag: '<input>', path: from })), jobs.map(([, to]) => ({ flag: '<output>', path: to })));
  for (const [, to] of jobs) await checkOutput(FN, '<output>', to, { extensions: IMAGE_OUTPUT_EXTENSIONS, force });
  const picked = await pickBackend(options.backend === undefined ? {} : { force: options.backend as BackendCandidate });
  io.log(`Backend: ${picked.reason}`);
  const net = await loadTransformNetFromPath(modelDir);
  io.log(`Model: ${modelDir} (${net.architecture})`);
  const bar = io.progress && jobs.length > 1 ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} | ETA {eta_formatted} | {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(jobs.length, 0, { file: '' });
  const started = Date.now();
  try {
    for (const [i, [from, to]] of jobs.entries()) {
      const received = interruptOf(io.signal);
      if (received !== undefined) throw new CommandInterrupted(FN, received, `${i} of ${jobs.length} images were written, each complete; no partial image was written.`);
      const image = await readImage(from, size === undefined ? {} : { size });
      let styled: tf.Tensor3D;
      try {
        styled = applyTransform(net, image);
      } finally {
        image.dispose();
      }
      try {
        await writeImage(styled, to, { overwrite: force });
      } finally {
        styled.dispose();
      }
      bar?.update(i + 1, { file: path.basename(from) });
      if (bar === null) io.log(`${from} -> ${to}`);
    }
  } finally {
    bar?.stop();
    net.dispose();
  }
  io.log(`Done: ${jobs.length} image${jobs.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return jobs.map(([, to]) => to);
}

/**
 * The (input, output) pairs: one for a file; for a folder, one per image in it, written under the same name in
 * the output folder (as .png when the input's format cannot be written: GIF, TIFF, AVIF).
 */
async function planJobs(options: ApplyCommandOptions): Promise<[string, string][]> {
  await checkInput(FN, '<input>', options.input, 'any');
  if (!(await isDirectory(options.input))) {
    await checkImageInput(FN, '<input>', options.input);
    return [[options.input, options.output]];
  }
  const files = (await readdir(options.input)).filter((f) => IMAGE.test(f)).sort();
  if (files.length === 0) throw new StylegradError(FN, '<input>', `'${options.input}' holds no images.`);
  if (IMAGE.test(options.output)) throw new StylegradError(FN, '<output>', `must be a folder when <input> is a folder; got '${options.output}'.`);
  await checkOutput(FN, '<output>', options.output, { kind: 'folder', force: true });
  return files.map((f) => [path.join(options.input, f), path.join(options.output, WRITABLE.test(f) ? f : `${path.basename(f, path.extname(f))}.png`)]);
}
