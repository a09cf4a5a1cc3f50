import { readdir } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { StylegradError } from '../../errors';
import { applyTransform } from '../../feedforward/applyTransform';
import { loadTransformNetFromPath } from '../../node/loadTransformNetFromPath';
import { pickBackend, type BackendCandidate } from '../../node/pickBackend';
import { readImage } from '../../node/readImage';
import { writeImage } from '../../node/writeImage';
import { parseNumber } from '../internal/parseOptions';
import { defaultModelsDir, exists, isDirectory, resolveModel } from './internal/feedforwardShared';
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
    .option('--backend <name>', 'tfjs-node-gpu, tfjs-node, wasm or cpu (default: the fastest installed)')
    .option('-f, --force', 'overwrite existing outputs')
    .action(async (input: string, output: string, flags: Omit<ApplyCommandOptions, 'input' | 'output'>) => {
      await runApplyCommand({ ...flags, input, output }, { log: (line) => { console.log(line); }, progress: process.stderr.isTTY });
    });
}

/**
 * Runs `stylegrad apply` (exported for tests and scripts).
 *
 * @param options - The parsed arguments.
 * @param io - Where messages go.
 * @returns The written files.
 * @throws {@link StylegradError} for a missing model or input, an existing output without `--force`, or bad numbers.
 * @example
 * ```ts
 * await runApplyCommand({ model: 'models/udnie', input: 'in.jpg', output: 'out.png' }, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runApplyCommand(options: ApplyCommandOptions, io: CommandIO): Promise<readonly string[]> {
  const modelDir = await resolveModel(FN, options.model, options.modelsDir ?? defaultModelsDir());
  const size = parseNumber(FN, '--size', options.size, { integer: true, min: 8 });
  if (!(await exists(options.input))) throw new StylegradError(FN, '<input>', `'${options.input}' does not exist.`);
  const jobs: [string, string][] = [];
  if (await isDirectory(options.input)) {
    const files = (await readdir(options.input)).filter((f) => IMAGE.test(f)).sort();
    if (files.length === 0) throw new StylegradError(FN, '<input>', `'${options.input}' holds no images.`);
    if (IMAGE.test(options.output)) throw new StylegradError(FN, '<output>', `must be a folder when <input> is a folder; got '${options.output}'.`);
    for (const f of files) jobs.push([path.join(options.input, f), path.join(options.output, f)]);
  } else {
    if (!/\.(png|jpe?g|webp)$/i.test(options.output)) throw new StylegradError(FN, '<output>', `'${options.output}' must end in .png, .jpg, .jpeg or .webp.`);
    jobs.push([options.input, options.output]);
  }
  if (options.force !== true) {
    for (const [, out] of jobs) if (await exists(out)) throw new StylegradError(FN, '<output>', `'${out}' already exists; pass --force to overwrite it.`);
  }
  const picked = await pickBackend(options.backend === undefined ? {} : { force: options.backend as BackendCandidate });
  io.log(`Backend: ${picked.reason}`);
  const net = await loadTransformNetFromPath(modelDir);
  io.log(`Model: ${modelDir} (${net.architecture})`);
  const bar = io.progress && jobs.length > 1 ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} | ETA {eta_formatted} | {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(jobs.length, 0, { file: '' });
  const started = Date.now();
  try {
    for (const [i, [from, to]] of jobs.entries()) {
      const image = await readImage(from, size === undefined ? {} : { size });
      const styled = applyTransform(net, image);
      image.dispose();
      try {
        await writeImage(styled, to);
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
