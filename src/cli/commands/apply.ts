import { readdir } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { StylegradError } from '../../errors';
import { applyTransform } from '../../feedforward/applyTransform';
import { applyTransformTiled } from '../../feedforward/applyTransformTiled';
import { loadTransformNetFromPath } from '../../node/loadTransformNetFromPath';
import { pickBackend, type BackendCandidate } from '../../node/pickBackend';
import { readImage } from '../../node/readImage';
import { writeImage } from '../../node/writeImage';
import { parseBitDepth, parseInteger } from '../internal/parseCliOptions';
import { checkImageInput, checkInput, checkOutput, IMAGE_OUTPUT_EXTENSIONS } from '../internal/checkPaths';
import { formatGB, memoryBudget } from '../internal/memoryBudget';
import { assertDistinctPaths } from '../internal/fileIdentity';
import { CommandInterrupted, interruptOf, withInterrupts } from '../internal/interrupts';
import { defaultModelsDir, isDirectory, resolveModel } from './internal/feedforwardShared';
import { planApplyTiles, type ApplyTilePlan } from './internal/planApplyTiles';
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
 * Runs `stylegrad apply` (exported for tests and scripts).
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
  const force = options.force === true;
  const modelDir = await resolveModel(FN, options.model, options.modelsDir ?? defaultModelsDir());
  const size = parseInteger(FN, '--size', options.size, 8);
  const tileSize = parseInteger(FN, '--tile-size', options.tileSize, 16);
  if (tileSize !== undefined && tileSize % 4 !== 0) throw new StylegradError(FN, '--tile-size', `must be a multiple of 4 (the network's stride); got '${options.tileSize ?? ''}'.`);
  const budget = memoryBudget(FN, options.maxMemory);
  const jobs = await planJobs(options);
  const bitDepth = parseBitDepth(FN, options.bitDepth, jobs.map(([, to]) => ({ flag: '<output>', path: to })));
  await assertDistinctPaths(FN, jobs.map(([from]) => ({ flag: '<input>', path: from })), jobs.map(([, to]) => ({ flag: '<output>', path: to })));
  for (const [, to] of jobs) await checkOutput(FN, '<output>', to, { extensions: IMAGE_OUTPUT_EXTENSIONS, force });
  const backend = options.backend === 'wasm' || options.backend === 'cpu' || options.backend === 'tfjs-node-gpu' ? options.backend : undefined;
  const plans: ApplyTilePlan[] = [];
  for (const [from] of jobs) {
    const { width, height } = outputSize(await checkImageInput(FN, '<input>', from), size);
    plans.push(planApplyTiles({ file: from, width, height, tileSize, budget, backend }));
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
      const received = interruptOf(io.signal);
      if (received !== undefined) throw new CommandInterrupted(FN, received, `${i} of ${jobs.length} images were written, each complete; no partial image was written.`);
      const plan = plans[i] as ApplyTilePlan;
      const image = await readImage(from, size === undefined ? {} : { size });
      let styled: tf.Tensor3D;
      try {
        styled = plan.tileSize === undefined ? applyTransform(net, image) : await applyTiled(net, image, plan, from, io, io.progress ? (bar === null ? 'bar' : 'quiet') : 'lines');
      } catch (error) {
        const stopped = interruptOf(io.signal);
        if (stopped !== undefined) throw new CommandInterrupted(FN, stopped, `${i} of ${jobs.length} images were written, each complete; no partial image was written.`);
        throw error;
      } finally {
        image.dispose();
      }
      try {
        await writeImage(styled, to, { overwrite: force, bitDepth });
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
 * One image in tiles, showing a progress bar over its tiles (`'bar'`: a TTY, one image), a line per pass (`'lines'`:
 * no TTY) or nothing (`'quiet'`: the folder's bar is showing); an interrupt stops between tiles.
 */
async function applyTiled(net: Parameters<typeof applyTransform>[0], image: tf.Tensor3D, plan: ApplyTilePlan, from: string, io: CommandIO, show: 'bar' | 'lines' | 'quiet'): Promise<tf.Tensor3D> {
  const [height, width] = image.shape;
  if (show !== 'quiet') io.log(`${from}: ${width}×${height} in ${plan.tileSize ?? 0}-pixel tiles (about ${formatGB(plan.bytes)}; the whole image would need about ${formatGB(plan.wholeBytes)})`);
  const bar = show === 'bar' ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} tiles | pass {pass}/{passes} {step} | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let lastPass = 0;
  try {
    return await applyTransformTiled(net, image, {
      tileSize: plan.tileSize ?? 0,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onProgress: (e) => {
        if (e.done === 1) bar?.start(e.total, 0, { pass: e.pass, passes: e.passes, step: e.step });
        bar?.update(e.done, { pass: e.pass, passes: e.passes, step: e.step });
        if (show === 'lines' && e.pass !== lastPass) io.log(`  pass ${e.pass}/${e.passes}: ${e.step}`);
        lastPass = e.pass;
      },
    });
  } finally {
    bar?.stop();
  }
}

/** The size `readImage(…, { size })` gives: the longer side scaled to `size`, aspect ratio kept. */
function outputSize(source: { width: number; height: number }, size: number | undefined): { width: number; height: number } {
  if (size === undefined) return source;
  const scale = size / Math.max(source.width, source.height);
  return { width: Math.max(1, Math.round(source.width * scale)), height: Math.max(1, Math.round(source.height * scale)) };
}

/**
 * The (input, output) pairs: one for a file; for a folder, one per image in it, written under the same name in
 * the output folder (as .png when the input's format cannot be written: GIF, TIFF, AVIF; and with --bit-depth 16).
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
  // 16-bit outputs are PNG whatever the input's format.
  const keep = (f: string): boolean => WRITABLE.test(f) && (options.bitDepth !== '16' || /\.png$/i.test(f));
  return files.map((f) => [path.join(options.input, f), path.join(options.output, keep(f) ? f : `${path.basename(f, path.extname(f))}.png`)]);
}
