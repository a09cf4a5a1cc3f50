import { cp, lstat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { StylegradError } from '../../errors';
import type { FeatureExtractor } from '../../extractors/types';
import { createTransformNet } from '../../feedforward/createTransformNet';
import { saveTransformNet } from '../../feedforward/saveTransformNet';
import { trainTransformNet } from '../../feedforward/trainTransformNet';
import type { TransformNetWeights } from '../../feedforward/types';
import type { TrainingLossRecord } from '../../feedforward/trainTypes';
import { loadTrainingCheckpoint } from '../../node/loadTrainingCheckpoint';
import { pickBackend, type BackendCandidate } from '../../node/pickBackend';
import { plotLossCurve } from '../../node/plotLossCurve';
import { readImage } from '../../node/readImage';
import { saveTrainingCheckpoint } from '../../node/saveTrainingCheckpoint';
import { writeFileAtomic, writeFolderAtomic } from '../../node/internal/atomicWrite';
import { modelFilesHandler } from '../../node/internal/writeModelFiles';
import { trainingImagesFromFolder } from '../../node/trainingImagesFromFolder';
import { CommandInterrupted, interruptOf, withInterrupts } from '../internal/interrupts';
import { loadCliExtractor } from '../internal/loadCliExtractor';
import { definedEntry } from '../internal/parseCliOptions';
import { isDirectory } from './internal/feedforwardShared';
import { isTrainOutputFile, planTrainRun } from './internal/planTrainRun';
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

const FN = 'stylegrad train';

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
 * Runs `stylegrad train` (exported for tests and scripts).
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
  const plan = await planTrainRun(options);
  const { settings, checkpointDir } = plan;
  const picked = await pickBackend(options.backend === undefined ? {} : { force: options.backend as BackendCandidate });
  io.log(`Backend: ${picked.reason}`);
  const extractor = await loadExtractor(plan.extractorName, options.weights);
  io.log(`Extractor: ${extractor.id} (${plan.extractorName === undefined ? 'from the weights' : '--extractor'})`);
  const { style, images, resume, net } = await loadTrainingInputs(options, plan.styleSize, settings.seed).catch((error: unknown) => {
    extractor.dispose();
    throw error;
  });
  io.log(`Training on ${images.count} images from ${options.images}, ${settings.steps} steps${resume ? `, resuming at step ${resume.step}` : ''}.`);
  const bar = io.progress ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} | ETA {eta_formatted} | loss {loss}', hideCursor: true, etaBuffer: 20 }, cliProgress.Presets.shades_classic) : null;
  let history: readonly TrainingLossRecord[] = resume?.history ?? [];
  let checkpointStep: number | undefined;
  try {
    bar?.start(settings.steps, resume?.step ?? 0, { loss: '' });
    const run = trainTransformNet({ ...settings, net, extractor, style, images, ...definedEntry('resume', resume), ...definedEntry('signal', io.signal) });
    for await (const event of run) {
      if (event.type === 'step') {
        bar?.update(event.step, { loss: event.loss.total.toExponential(3) });
        if (bar === null && (event.step === 1 || event.step % 10 === 0)) {
          io.log(`  step ${event.step}/${settings.steps}: total ${event.loss.total.toExponential(3)} (content ${event.loss.content.toExponential(2)}, style ${event.loss.style.toExponential(2)}, tv ${event.loss.tv.toExponential(2)})`);
        }
      } else if (event.type === 'checkpoint') {
        await saveTrainingCheckpoint(event.state, checkpointDir);
        checkpointStep = event.state.step;
        if (bar === null) io.log(`  checkpoint at step ${event.state.step}: ${checkpointDir}`);
      } else {
        history = event.history;
      }
    }
  } catch (error) {
    net.dispose();
    throw interrupted(error, io.signal, checkpointDir, checkpointStep);
  } finally {
    bar?.stop();
    resume?.dispose();
    style.dispose();
    extractor.dispose();
  }
  const historyJson = `${JSON.stringify({ extractor: extractor.id, backend: picked.name, settings, history }, null, 2)}\n`;
  try {
    const ownCheckpoint = checkpointStep !== undefined || (options.resume !== undefined && path.resolve(options.resume) === path.resolve(checkpointDir));
    await writeModelFolder(options.output, { net, historyJson, history, title: `stylegrad train: ${path.basename(options.style)}`, checkpointDir, ownCheckpoint }, options.force === true);
  } finally {
    net.dispose();
  }
  io.log(`Model: ${options.output} (apply with: stylegrad apply --model ${options.output} in.jpg out.jpg)`);
  io.log(`Loss history: ${path.join(options.output, 'history.json')}; plot: ${path.join(options.output, 'loss.png')}`);
  return history;
}

/** The style image, the training images, the checkpoint to resume and a new network; nothing is left owned on failure. */
async function loadTrainingInputs(options: TrainCommandOptions, styleSize: number | undefined, seed: number | undefined) {
  const style = await readImage(options.style, styleSize === undefined ? {} : { size: styleSize });
  try {
    const images = await trainingImagesFromFolder(options.images);
    const resume = options.resume === undefined ? undefined : await loadTrainingCheckpoint(options.resume);
    return { style, images, resume, net: createTransformNet(seed === undefined ? {} : { seed }) };
  } catch (error) {
    style.dispose();
    throw error;
  }
}

/** An interrupt becomes a {@link CommandInterrupted} saying where the last checkpoint is; other errors pass. */
function interrupted(error: unknown, signal: AbortSignal | undefined, checkpointDir: string, step: number | undefined): unknown {
  const received = interruptOf(signal);
  if (received === undefined || error !== signal?.reason) return error;
  const saved = step === undefined
    ? 'no checkpoint was written by this run (save them with --checkpoint-every N).'
    : `the last checkpoint (step ${step}) is in ${checkpointDir}; continue with --resume ${checkpointDir}.`;
  return new CommandInterrupted(FN, received, `no model was written; ${saved}`);
}

/** `--extractor` (it must be the network the weights are) or the network the weights are; a VGG either way. */
async function loadExtractor(name: 'vgg16' | 'vgg19' | undefined, weightsPath: string): Promise<FeatureExtractor> {
  const extractor = await loadCliExtractor(FN, weightsPath, name);
  if (extractor.id === 'vgg16' || extractor.id === 'vgg19') return extractor;
  extractor.dispose();
  throw new StylegradError(FN, '--weights', `'${weightsPath}' holds SqueezeNet 1.1 weights; train's loss network is VGG-16 or VGG-19 (its default layers are relu1_2 … relu4_3): pass VGG weights.`);
}

/** What {@link writeModelFolder} puts in the output folder. */
interface ModelFolderContents {
  readonly net: TransformNetWeights;
  readonly historyJson: string;
  readonly history: readonly TrainingLossRecord[];
  readonly title: string;
  /** `<output>/checkpoint`, copied into the new folder when it is this run's. */
  readonly checkpointDir: string;
  /** This run wrote `<output>/checkpoint` (or resumed from it): the output folder is this run's to replace. */
  readonly ownCheckpoint: boolean;
}

/**
 * Writes the trained model, history.json and loss.png as one folder that appears (or replaces the old one) whole.
 * A folder holding this run's own checkpoints is replaced (the checkpoint is copied over, so a failed swap leaves
 * it where it was); any other existing folder only with `--force`. When the folder cannot be written as planned
 * (another run created it, or it changed during training), the model goes to a free sibling name and the error
 * says so: hours of training are never thrown away.
 */
async function writeModelFolder(output: string, contents: ModelFolderContents, force: boolean): Promise<void> {
  const overwrite = force || contents.ownCheckpoint;
  // Planning found no folder here; if another run made one meanwhile, the trained model goes next to it.
  const target = overwrite ? output : await freeFolderName(output);
  let why = 'was created by another process while this run was training; it was left as it is and';
  try {
    await writeFolderAtomic(FN, '--output', target, (folder) => fillModelFolder(folder, contents), { overwrite, replaceable: isTrainOutputFile });
  } catch (error) {
    if (!(error instanceof StylegradError) || target !== output) throw error;
    why = `could not be replaced (${error.problem});`;
    const fallback = await freeFolderName(output);
    await writeFolderAtomic(FN, '--output', fallback, (folder) => fillModelFolder(folder, { ...contents, ownCheckpoint: false }), { overwrite: false });
    throw new StylegradError(FN, '--output', `'${output}' ${why} the model was saved as '${fallback}'.`);
  }
  if (target !== output) throw new StylegradError(FN, '--output', `'${output}' ${why} the model was saved as '${target}'.`);
}

/** The model files, history.json, loss.png and (when it is this run's) a copy of the checkpoint. */
async function fillModelFolder(folder: string, contents: ModelFolderContents): Promise<void> {
  await saveTransformNet(contents.net, modelFilesHandler(FN, folder));
  await writeFileAtomic(FN, '--output', path.join(folder, 'history.json'), contents.historyJson);
  const { history } = contents;
  const series = { total: history.map((r) => r.total), content: history.map((r) => r.content), style: history.map((r) => r.style), tv: history.map((r) => r.tv) };
  await plotLossCurve(series, path.join(folder, 'loss.png'), { title: contents.title, xLabel: 'step' });
  if (contents.ownCheckpoint && (await isDirectory(contents.checkpointDir))) {
    await cp(contents.checkpointDir, path.join(folder, 'checkpoint'), { recursive: true });
  }
}

/** `folder` when nothing is there, else the first free `folder-1`, `folder-2`, …. */
async function freeFolderName(folder: string): Promise<string> {
  const free = async (candidate: string): Promise<boolean> => (await lstat(candidate).catch(() => undefined)) === undefined;
  if (await free(folder)) return folder;
  for (let i = 1; ; i++) if (await free(`${folder}-${i}`)) return `${folder}-${i}`;
}
