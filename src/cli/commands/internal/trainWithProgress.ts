// `stylegrad train`: the progress loop. Runs trainTransformNet, showing a progress bar (a TTY) or a line every 10
// steps, and saves each checkpoint it yields; the model is written afterwards (writeModelFolder).
import cliProgress from 'cli-progress';
import type { FeatureExtractor } from '../../../extractors/types';
import { trainTransformNet } from '../../../feedforward/trainTransformNet';
import type { TrainingLossRecord } from '../../../feedforward/trainTypes';
import { saveTrainingCheckpoint } from '../../../node/saveTrainingCheckpoint';
import { CommandInterrupted, interruptOf } from '../../internal/interrupts';
import { definedEntry } from '../../internal/parseCliOptions';
import type { CommandIO } from '../stylize';
import type { TrainingInputs } from './loadTrainingInputs';
import type { TrainPlan } from './planTrainRun';

const FN = 'stylegrad train';

/**
 * How a training run ended.
 *
 * @example
 * ```ts
 * const { history, checkpointStep }: TrainRunEnd = await trainWithProgress(plan, inputs, extractor, io);
 * ```
 * @category CLI
 */
export interface TrainRunEnd {
  /** Every step's losses (including those before a resume). */
  readonly history: readonly TrainingLossRecord[];
  /** The step of the last checkpoint this run wrote, or `undefined`. */
  readonly checkpointStep: number | undefined;
}

/**
 * Trains to the end: shows a progress bar (`io.progress`) or a line every 10 steps, and saves each checkpoint to
 * `<output>/checkpoint`. Disposes the style image, the checkpoint and the extractor in any case, and the network
 * on failure (on success the caller writes and disposes it).
 *
 * @param plan - The checked plan (settings, checkpoint folder).
 * @param inputs - The loaded inputs and the new network.
 * @param extractor - The loss network.
 * @param io - Where to print, and the signal.
 * @returns The loss history and the last checkpoint's step.
 * @throws {@link CommandInterrupted} saying where the last checkpoint is when `io.signal` aborts; training errors.
 * @example
 * ```ts
 * const { history } = await trainWithProgress(plan, await loadTrainingInputs(options, plan.styleSize, plan.settings.seed), extractor, io);
 * ```
 * @category CLI
 */
export async function trainWithProgress(plan: TrainPlan, inputs: TrainingInputs, extractor: FeatureExtractor, io: CommandIO): Promise<TrainRunEnd> {
  const { settings, checkpointDir } = plan;
  const { style, images, resume, net } = inputs;
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
  return { history, checkpointStep };
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
