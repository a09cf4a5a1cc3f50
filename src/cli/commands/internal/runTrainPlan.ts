// `stylegrad train`, second half: run a checked plan (see planTrainRun.ts): pick the backend, load the loss network
// and the inputs (loadTrainingInputs), train with progress (trainWithProgress) and write the model folder
// (writeModelFolder).
import path from 'node:path';
import { StylegradError } from '../../../errors';
import type { FeatureExtractor } from '../../../extractors/types';
import type { TrainingLossRecord } from '../../../feedforward/trainTypes';
import { pickBackend, type BackendCandidate } from '../../../node/pickBackend';
import { loadCliExtractor } from '../../internal/loadCliExtractor';
import type { CommandIO } from '../stylize';
import type { TrainCommandOptions } from '../train';
import { loadTrainingInputs } from './loadTrainingInputs';
import type { TrainPlan } from './planTrainRun';
import { trainWithProgress } from './trainWithProgress';
import { writeModelFolder } from './writeModelFolder';

const FN = 'stylegrad train';

/**
 * Runs a plan from {@link planTrainRun}: picks the backend, loads the loss network, the style image, the training
 * images and the checkpoint to resume, trains with progress, and writes the model folder (model, history.json,
 * loss.png).
 *
 * @param plan - The checked plan.
 * @param options - The parsed flags the plan was made from (paths, `--backend`, `--force`).
 * @param io - Where to print, and the signal that interrupts the run.
 * @returns The loss history.
 * @throws {@link StylegradError} for `--extractor` naming another network than the weights are, weights that are
 *   not a VGG's, unreadable inputs, or an output folder another process took meanwhile (the model is saved beside
 *   it); {@link CommandInterrupted} when `io.signal` aborts.
 * @example
 * ```ts
 * await runTrainPlan(await planTrainRun(options), options, { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runTrainPlan(plan: TrainPlan, options: TrainCommandOptions, io: CommandIO): Promise<readonly TrainingLossRecord[]> {
  const { settings, checkpointDir } = plan;
  const picked = await pickBackend(options.backend === undefined ? {} : { force: options.backend as BackendCandidate });
  io.log(`Backend: ${picked.reason}`);
  const extractor = await loadExtractor(plan.extractorName, options.weights);
  io.log(`Extractor: ${extractor.id} (${plan.extractorName === undefined ? 'from the weights' : '--extractor'})`);
  const inputs = await loadTrainingInputs(options, plan.styleSize, settings.seed).catch((error: unknown) => {
    extractor.dispose();
    throw error;
  });
  io.log(`Training on ${inputs.images.count} images from ${options.images}, ${settings.steps} steps${inputs.resume ? `, resuming at step ${inputs.resume.step}` : ''}.`);
  const { history, checkpointStep } = await trainWithProgress(plan, inputs, extractor, io);
  const historyJson = `${JSON.stringify({ extractor: extractor.id, backend: picked.name, settings, history }, null, 2)}\n`;
  try {
    const ownCheckpoint = checkpointStep !== undefined || (options.resume !== undefined && path.resolve(options.resume) === path.resolve(checkpointDir));
    await writeModelFolder(options.output, { net: inputs.net, historyJson, history, title: `stylegrad train: ${path.basename(options.style)}`, checkpointDir, ownCheckpoint }, options.force === true);
  } finally {
    inputs.net.dispose();
  }
  io.log(`Model: ${options.output} (apply with: stylegrad apply --model ${options.output} in.jpg out.jpg)`);
  io.log(`Loss history: ${path.join(options.output, 'history.json')}; plot: ${path.join(options.output, 'loss.png')}`);
  return history;
}

/** `--extractor` (it must be the network the weights are) or the network the weights are; a VGG either way. */
async function loadExtractor(name: 'vgg16' | 'vgg19' | undefined, weightsPath: string): Promise<FeatureExtractor> {
  const extractor = await loadCliExtractor(FN, weightsPath, name);
  if (extractor.id === 'vgg16' || extractor.id === 'vgg19') return extractor;
  extractor.dispose();
  throw new StylegradError(FN, '--weights', `'${weightsPath}' holds SqueezeNet 1.1 weights; train's loss network is VGG-16 or VGG-19 (its default layers are relu1_2 … relu4_3): pass VGG weights.`);
}
