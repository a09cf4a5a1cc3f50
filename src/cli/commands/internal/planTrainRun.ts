// `stylegrad train`, first half: parse every flag and check every input and the output folder before a backend,
// the loss network or any image is loaded.
import { stat } from 'node:fs/promises';
import { namesInFolder } from '../../../node/namesInFolder';
import path from 'node:path';
import { StylegradError } from '../../../errors';
import { modelFileNames } from '../../../node/modelFileNames';
import type { TrainTransformNetOptions } from '../../../feedforward/trainTypes';
import { checkImageInput, checkInput, checkOutput } from '../../internal/checkPaths';
import { assertNotInside, type NamedPath } from '../../internal/fileIdentity';
import { definedEntry, parseInteger, parseLayers, parseNumber } from '../../internal/parseCliOptions';
import type { TrainCommandOptions } from '../train';

const FN = 'stylegrad train';

/**
 * A checked `stylegrad train` run.
 *
 * @example
 * ```ts
 * const plan: TrainPlan = await planTrainRun(options);
 * ```
 * @category CLI
 */
export interface TrainPlan {
  readonly settings: Partial<TrainTransformNetOptions> & { readonly steps: number; readonly seed: number };
  readonly styleSize: number | undefined;
  /** `--extractor`, or `undefined`: the network the weights are. */
  readonly extractorName: 'vgg16' | 'vgg19' | undefined;
  /** `<output>/checkpoint`. */
  readonly checkpointDir: string;
}

/**
 * Parses and checks `stylegrad train`'s flags: numbers and layer lists; the style image (header), the images and
 * resume folders and the weights exist; the output folder is not a file, exists only with `--force` (or holds only
 * this training's `checkpoint/`, to resume), can be created, and does not hold an input (it is replaced whole).
 *
 * @param options - The parsed flags.
 * @returns The plan.
 * @throws {@link StylegradError} for the first problem, naming the flag.
 * @example
 * ```ts
 * const plan = await planTrainRun({ style: 's.jpg', images: 'imgs/', weights: 'vgg19/', output: 'model/', extractor: 'vgg19' });
 * ```
 * @category CLI
 */
export async function planTrainRun(options: TrainCommandOptions): Promise<TrainPlan> {
  const settings = {
    steps: parseInteger(FN, '--steps', options.steps, 1) ?? 2000,
    seed: parseInteger(FN, '--seed', options.seed, 0) ?? 0,
    ...definedEntry('batchSize', parseInteger(FN, '--batch-size', options.batchSize, 1)),
    ...definedEntry('cropSize', parseInteger(FN, '--crop-size', options.cropSize, 16)),
    ...definedEntry('resizeTo', parseInteger(FN, '--resize-to', options.resizeTo, 16)),
    ...definedEntry('learningRate', parseNumber(FN, '--learning-rate', options.learningRate, { min: Number.MIN_VALUE })),
    ...definedEntry('contentWeight', parseNumber(FN, '--content-weight', options.contentWeight, { min: 0 })),
    ...definedEntry('styleWeight', parseNumber(FN, '--style-weight', options.styleWeight, { min: 0 })),
    ...definedEntry('tvWeight', parseNumber(FN, '--tv-weight', options.tvWeight, { min: 0 })),
    ...definedEntry('contentLayers', parseLayers(FN, '--content-layers', options.contentLayers)),
    ...definedEntry('styleLayers', parseLayers(FN, '--style-layers', options.styleLayers)),
    ...definedEntry('checkpointEvery', parseInteger(FN, '--checkpoint-every', options.checkpointEvery, 1)),
  };
  const styleSize = parseInteger(FN, '--style-size', options.styleSize, 16);
  const extractorName = options.extractor;
  if (extractorName !== undefined && extractorName !== 'vgg16' && extractorName !== 'vgg19') throw new StylegradError(FN, '--extractor', `must be vgg16 or vgg19; got '${extractorName}'.`);
  await checkImageInput(FN, '--style', options.style);
  await checkInput(FN, '--images', options.images, 'folder');
  await checkInput(FN, '--weights', options.weights, 'any');
  if (options.resume !== undefined) await checkResume(options.resume);
  await checkOutputFolder(options);
  return { settings, styleSize, extractorName, checkpointDir: path.join(options.output, 'checkpoint') };
}

/** A checkpoint folder, as saveTrainingCheckpoint writes it. */
async function checkResume(folder: string): Promise<void> {
  await checkInput(FN, '--resume', folder, 'folder');
  for (const name of ['model.json', 'training.json', 'training.bin']) {
    if ((await stat(path.join(folder, name)).catch(() => undefined))?.isFile() !== true) {
      throw new StylegradError(FN, '--resume', `'${folder}' is not a training checkpoint: it has no ${name} (checkpoints are written to <output>/checkpoint with --checkpoint-every).`);
    }
  }
}

/** The output folder is replaced whole at the end: it must hold no input and exist only when allowed. */
async function checkOutputFolder(options: TrainCommandOptions): Promise<void> {
  const inputs: NamedPath[] = [{ flag: '--style', path: options.style }, { flag: '--images', path: options.images }, { flag: '--weights', path: options.weights }];
  await assertNotInside(FN, { flag: '--output', path: options.output }, inputs);
  const entries = await namesInFolder(FN, '--output', options.output);
  const onlyCheckpoint = entries !== undefined && entries.length === 1 && entries[0] === 'checkpoint';
  if (entries !== undefined && options.force !== true && !onlyCheckpoint) {
    throw new StylegradError(FN, '--output', `'${options.output}' already exists; pass --force to replace it (a folder holding only checkpoint/ is continued without it).`);
  }
  await checkOutput(FN, '--output', options.output, { kind: 'folder', force: true });
  const foreign = (entries ?? []).filter((name) => !isTrainOutputFile(name));
  if (foreign.length > 0) {
    throw new StylegradError(FN, '--output', `'${options.output}' holds files that are not part of a trained model ('${foreign.slice(0, 3).join("', '")}'); it is replaced as a whole, so choose a new or empty folder.`);
  }
}

/**
 * Whether a name belongs in `stylegrad train`'s output folder (model files, history.json, loss.png, checkpoint/):
 * only such a folder is replaced whole.
 *
 * @param name - A file name in the folder.
 * @returns Whether it is one of train's outputs.
 * @example
 * ```ts
 * isTrainOutputFile('loss.png'); // true
 * ```
 */
export function isTrainOutputFile(name: string): boolean {
  return modelFileNames('model.json', ['history.json', 'loss.png', 'checkpoint'])(name);
}
