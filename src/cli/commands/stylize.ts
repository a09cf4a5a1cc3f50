import { access } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { StylegradError } from '../../errors';
import type { FeatureExtractor } from '../../extractors/types';
import { writeFileAtomic } from '../../node/internal/atomicWrite';
import { loadSqueezeNetFromPath } from '../../node/loadSqueezeNetFromPath';
import { loadVgg16FromPath } from '../../node/loadVgg16FromPath';
import { loadVgg19FromPath } from '../../node/loadVgg19FromPath';
import { pickBackend, type BackendCandidate } from '../../node/pickBackend';
import { plotLossCurve } from '../../node/plotLossCurve';
import { readImage } from '../../node/readImage';
import { writeImage } from '../../node/writeImage';
import { getPreset } from '../../transfer/getPreset';
import { stylize } from '../../transfer/stylize';
import { stylizePresets } from '../../transfer/stylizePresets';
import type { LossTerms, OptimizerSpec, StylizeOptions } from '../../transfer/types';

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
  /** `--extractor`: vgg19, vgg16 or squeezenet1.1 (default: the preset's). */
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
}

/** What the command wrote. */
interface StylizeCommandResult {
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
    .addOption(new Option('--extractor <name>', "feature network (default: the preset's)").choices(['vgg19', 'vgg16', 'squeezenet1.1']))
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
    .addOption(new Option('--optimizer <name>', 'optimizer (bounded to 0..255)').choices(['lbfgs', 'adam']))
    .option('--learning-rate <lr>', 'optimizer learning rate (Adam: pixels per step)')
    .option('--init <init>', "start image: 'content', 'noise' or an image path")
    .option('--seed <n>', 'seed for --init noise', '0')
    .option('--style-scale <s>', 'style image size relative to the output')
    .addOption(new Option('--colour <mode>', 'colour control (Gatys et al. 2017)').choices(['none', 'luminance', 'statistics', 'histogram']))
    .option('--multi-scale', 'coarse-to-fine from 128 px in ×√2 steps')
    .option('--no-multi-scale', 'optimise at the output size only')
    .option('--scale-start <px>', 'first scale of --multi-scale')
    .option('--early-stop <tolerance>', 'stop a scale when the relative loss change stays below this')
    .option('--early-stop-window <n>', 'iterations the change must stay below --early-stop', '5')
    .option('--save-every <n>', 'save the current image every N iterations (next to the output, in <name>-frames/)')
    .option('--history <path>', 'loss history JSON (default: <output>.loss.json)')
    .option('--plot <path>', 'loss-curve image (default: <output>.loss.png)')
    .option('-f, --force', 'overwrite existing output files')
    .addOption(new Option('--backend <name>', 'tfjs backend (default: the fastest installed)').choices(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']))
    .option('-q, --quiet', 'no progress bar')
    .action(async (options: StylizeCommandOptions) => {
      await runStylizeCommand(options, { log: (line) => { console.log(line); }, progress: process.stderr.isTTY && options.quiet !== true });
    });
}

/**
 * Runs `stylegrad stylize` with parsed options: picks the backend, loads the extractor and images, runs
 * {@link stylize} with a progress bar, and writes the image, the loss history (JSON) and the loss plot.
 * Usable in-process (tests call it directly).
 *
 * @param options - The parsed flags; see {@link StylizeCommandOptions}.
 * @param io - Where to print; see {@link CommandIO}.
 * @returns The paths written.
 * @throws {@link StylegradError} for bad paths, unreadable or unsupported images, an unknown preset or layer,
 *   bad numbers, or an output that exists without `--force`.
 * @example
 * ```ts
 * await runStylizeCommand({ content: 'a.jpg', style: ['b.jpg'], output: 'out.png', weights: 'vgg19/' }, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runStylizeCommand(options: StylizeCommandOptions, io: CommandIO): Promise<StylizeCommandResult> {
  const fn = 'stylegrad';
  const preset = getPresetForCli(options.preset ?? 'default');
  const mode = (options.mode ?? preset.mode ?? 'transfer') as 'transfer' | 'content' | 'texture';
  if (mode !== 'texture' && options.content === undefined) throw new StylegradError(fn, '--content', `is required in mode '${mode}'.`);
  const styles = options.style ?? [];
  if (mode !== 'content' && styles.length === 0) throw new StylegradError(fn, '--style', `is required in mode '${mode}'.`);
  const extractorName = options.extractor ?? preset.extractor ?? 'vgg19';
  const weightsPath = options.weights ?? process.env.STYLEGRAD_WEIGHTS;
  if (weightsPath === undefined || weightsPath === '') {
    throw new StylegradError(fn, '--weights', `is required: the ${extractorName} weights (a tfjs layers-model folder or a Keras .h5), or set STYLEGRAD_WEIGHTS.`);
  }
  await assertReadable('--weights', weightsPath);
  if (options.content !== undefined) await assertReadable('--content', options.content);
  for (const style of styles) await assertReadable('--style', style);
  const output = options.output;
  const stem = join(dirname(output), basename(output, extname(output)));
  const history = options.history ?? `${stem}.loss.json`;
  const plot = options.plot ?? `${stem}.loss.png`;
  const saveEvery = parseInteger('--save-every', options.saveEvery, 0) ?? 0;
  const framesDir = `${stem}-frames`;
  if (!['.png', '.jpg', '.jpeg', '.webp'].includes(extname(output).toLowerCase())) {
    throw new StylegradError(fn, '--output', `'${output}' must end in .png, .jpg, .jpeg or .webp.`);
  }
  if (options.force !== true) {
    for (const [flag, path] of [['--output', output], ['--history', history], ['--plot', plot], ['--save-every', saveEvery > 0 ? framesDir : '']] as const) {
      if (path !== '' && (await exists(path))) throw new StylegradError(fn, flag, `'${path}' already exists; pass --force to overwrite it.`);
    }
  }
  const blend = parseBlend(options.styleBlend, styles.length);
  const settings = buildSettings(options);

  const picked = await pickBackend(options.backend === undefined ? {} : { force: options.backend as BackendCandidate });
  io.log(`Backend: ${picked.reason}`);
  const extractor = await loadExtractor(extractorName, weightsPath);
  const owned: tf.Tensor[] = [];
  try {
    const size = parseInteger('--size', options.size, 1);
    const content = options.content === undefined ? undefined : await readImage(options.content, size === undefined ? {} : { size: Math.max(size, 1) });
    if (content !== undefined) owned.push(content);
    // Style images are read at most 2× the output size (style-scale default 1), enough for every scale.
    const styleRead = size === undefined ? {} : { size: Math.ceil(size * Math.max(1, Number(options.styleScale ?? preset.styleScale ?? 1))) };
    const styleImages: tf.Tensor3D[] = [];
    for (const path of styles) {
      const image = await readImage(path, styleRead);
      owned.push(image);
      styleImages.push(image);
    }
    let init: StylizeOptions['init'] | undefined;
    if (options.init !== undefined && options.init !== 'content' && options.init !== 'noise') {
      await assertReadable('--init', options.init);
      const image = await readImage(options.init);
      owned.push(image);
      init = image;
    } else if (options.init !== undefined) {
      init = options.init;
    }
    const stylizeOptions: StylizeOptions = {
      ...settings,
      preset: options.preset ?? 'default',
      extractor,
      ...(content === undefined ? {} : { content }),
      ...(styleImages.length === 0 ? {} : { style: styleImages.map((image, i) => ({ image, weight: blend[i] ?? 1 })) }),
      ...(init === undefined ? {} : { init }),
      ...(size === undefined ? {} : { size }),
      imageEvery: saveEvery,
    };
    const run = stylize(stylizeOptions);
    const historyRows: { scale: number; iteration: number; evaluations: number; elapsedMs: number; loss: LossTerms }[] = [];
    const markers: number[] = [];
    const frames: string[] = [];
    let bar: cliProgress.SingleBar | null = null;
    let done: { loss: LossTerms; deliveredLoss: LossTerms; iterations: number; evaluations: number; elapsed: number; stopReason: string } | null = null;
    try {
      for await (const event of run) {
        if (event.type === 'scale') {
          if (event.scale > 0) markers.push(historyRows.length + 1);
          io.log(`Scale ${event.scale + 1}/${event.scales}: ${event.width}×${event.height}, up to ${event.iterations} iterations`);
          if (io.progress) {
            bar?.stop();
            bar = new cliProgress.SingleBar(
              { format: '  {bar} {value}/{total} | ETA {eta_formatted} | {terms}', etaBuffer: 10, hideCursor: true, clearOnComplete: false },
              cliProgress.Presets.shades_classic,
            );
            bar.start(event.iterations, 0, { terms: '' });
          }
        } else if (event.type === 'iteration') {
          historyRows.push({ scale: event.scale, iteration: event.iteration, evaluations: event.evaluations, elapsedMs: Math.round(event.elapsed), loss: event.loss });
          bar?.update(event.iteration, { terms: formatTerms(event.loss) });
          if (!io.progress && (event.iteration === 1 || event.iteration % 10 === 0)) {
            io.log(`  iteration ${event.iteration}: ${formatTerms(event.loss)}`);
          }
        } else if (event.type === 'image') {
          const frame = join(framesDir, `frame-s${event.scale}-${String(event.iteration).padStart(4, '0')}.png`);
          try {
            await writeImage(event.image, frame);
          } finally {
            event.image.dispose();
          }
          frames.push(frame);
        } else {
          bar?.stop();
          bar = null;
          try {
            await writeImage(event.image, output);
          } finally {
            event.image.dispose();
          }
          done = event;
        }
      }
    } finally {
      bar?.stop();
    }
    if (done === null) throw new StylegradError(fn, 'run', 'ended without a result.');
    await writeFileAtomic(
      fn,
      '--history',
      history,
      `${JSON.stringify(
        {
          preset: options.preset ?? 'default',
          extractor: extractor.id,
          backend: picked.name,
          iterations: done.iterations,
          evaluations: done.evaluations,
          elapsedMs: Math.round(done.elapsed),
          stopReason: done.stopReason,
          finalLoss: done.loss,
          deliveredLoss: done.deliveredLoss,
          history: historyRows,
        },
        null,
        2,
      )}\n`,
    );
    const series: Record<string, number[]> = {};
    for (const name of ['total', 'content', 'style', 'tv'] as const) {
      if (historyRows.some((row) => row.loss[name] !== undefined)) series[name] = historyRows.map((row) => row.loss[name] ?? Number.NaN);
    }
    await plotLossCurve(series, plot, { title: `stylegrad ${options.preset ?? 'default'}: ${basename(output)}`, markers });
    io.log(`Done: ${done.iterations} iterations, ${done.evaluations} evaluations in ${(done.elapsed / 1000).toFixed(1)} s (${done.stopReason}).`);
    io.log(`Loss: optimiser ${formatTerms(done.loss)}; delivered 8-bit image ${formatTerms(done.deliveredLoss)}`);
    io.log(`Result: ${output}`);
    io.log(`Loss history: ${history}`);
    io.log(`Loss plot: ${plot}`);
    if (frames.length > 0) io.log(`Frames: ${frames.length} in ${framesDir}`);
    return { output, history, plot, frames };
  } finally {
    tf.dispose(owned);
    extractor.dispose();
  }
}

function getPresetForCli(name: string): ReturnType<typeof getPreset> {
  try {
    return getPreset(name);
  } catch {
    throw new StylegradError('stylegrad', '--preset', `'${name}' is not a preset; valid presets: ${Object.keys(stylizePresets).join(', ')}.`);
  }
}

async function loadExtractor(name: string, weightsPath: string): Promise<FeatureExtractor> {
  if (name === 'vgg19') return loadVgg19FromPath(weightsPath);
  if (name === 'squeezenet1.1') return loadSqueezeNetFromPath(weightsPath);
  if (name === 'vgg16') return loadVgg16FromPath(weightsPath);
  throw new StylegradError('stylegrad', '--extractor', `'${name}' is not an extractor; valid: vgg19, vgg16, squeezenet1.1.`);
}

/** Flags that override the preset, as StylizeOptions fields (only those given). */
function buildSettings(o: StylizeCommandOptions): Partial<StylizeOptions> {
  const s: Record<string, unknown> = {};
  const num = (flag: string, value: string | undefined, key: string): void => {
    if (value === undefined) return;
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new StylegradError('stylegrad', flag, `must be a number; got '${value}'.`);
    s[key] = n;
  };
  if (o.mode !== undefined) s.mode = o.mode;
  const iterations = parseInteger('--iterations', o.iterations, 1);
  if (iterations !== undefined) s.iterations = iterations;
  const maxEvaluations = parseInteger('--max-evaluations', o.maxEvaluations, 1);
  if (maxEvaluations !== undefined) s.maxEvaluations = maxEvaluations;
  if (o.contentLayers !== undefined) s.contentLayers = parseLayers('--content-layers', o.contentLayers);
  if (o.styleLayers !== undefined) s.styleLayers = parseLayers('--style-layers', o.styleLayers);
  num('--content-weight', o.contentWeight, 'contentWeight');
  num('--style-weight', o.styleWeight, 'styleWeight');
  num('--tv-weight', o.tvWeight, 'tvWeight');
  num('--style-scale', o.styleScale, 'styleScale');
  if (o.tvKind !== undefined) s.tvKind = o.tvKind;
  if (o.contentReduction !== undefined) s.contentReduction = o.contentReduction;
  if (o.gram !== undefined) s.gramNormalization = o.gram;
  if (o.styleReduction !== undefined) s.styleReduction = o.styleReduction;
  if (o.optimizer !== undefined || o.learningRate !== undefined) {
    const name = (o.optimizer ?? 'lbfgs') as 'lbfgs' | 'adam';
    const lr = o.learningRate === undefined ? undefined : Number(o.learningRate);
    if (lr !== undefined && !(Number.isFinite(lr) && lr > 0)) throw new StylegradError('stylegrad', '--learning-rate', `must be a number > 0; got '${o.learningRate ?? ''}'.`);
    const spec: OptimizerSpec = lr === undefined ? name : name === 'adam' ? { name: 'adam', learningRate: lr } : { name: 'lbfgs', learningRate: lr };
    s.optimizer = spec;
  }
  const seed = parseInteger('--seed', o.seed, 0);
  if (seed !== undefined) s.seed = seed;
  if (o.colour !== undefined) s.colour = o.colour;
  if (o.multiScale !== undefined || o.scaleStart !== undefined) {
    const start = parseInteger('--scale-start', o.scaleStart, 1);
    s.multiScale = o.multiScale === false ? false : start === undefined ? true : { start };
  }
  if (o.earlyStop !== undefined) {
    const tolerance = Number(o.earlyStop);
    if (!(Number.isFinite(tolerance) && tolerance > 0)) throw new StylegradError('stylegrad', '--early-stop', `must be a number > 0; got '${o.earlyStop}'.`);
    s.earlyStopping = { tolerance, window: parseInteger('--early-stop-window', o.earlyStopWindow, 1) ?? 5 };
  }
  return s;
}

function parseInteger(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new StylegradError('stylegrad', flag, `must be an integer >= ${min}; got '${value}'.`);
  return n;
}

function parseLayers(flag: string, value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [name = '', weight] = part.split(':');
    const w = weight === undefined ? 1 : Number(weight);
    if (name === '' || !Number.isFinite(w) || w < 0) throw new StylegradError('stylegrad', flag, `has a bad entry '${part}'; use name or name:weight, comma-separated.`);
    out[name] = w;
  }
  if (Object.keys(out).length === 0) throw new StylegradError('stylegrad', flag, 'must name at least one layer.');
  return out;
}

function parseBlend(value: string | undefined, count: number): number[] {
  if (value === undefined) return new Array<number>(count).fill(1);
  const weights = value.split(',').map((w) => Number(w.trim()));
  if (weights.length !== count || weights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new StylegradError('stylegrad', '--style-blend', `must be ${count} comma-separated numbers >= 0 (one per --style); got '${value}'.`);
  }
  return weights;
}

async function assertReadable(flag: string, path: string): Promise<void> {
  if (!(await exists(path))) throw new StylegradError('stylegrad', flag, `'${path}' does not exist.`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function formatTerms(terms: LossTerms): string {
  const f = (v: number | undefined): string => (v === undefined ? '' : v.toExponential(3));
  return [`total ${f(terms.total)}`, ...(['content', 'style', 'tv'] as const).filter((k) => terms[k] !== undefined).map((k) => `${k} ${f(terms[k])}`)].join(', ');
}
