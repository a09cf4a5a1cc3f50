// `stylegrad stylize`: the progress loop. Runs stylize over a plan's options, showing a progress bar (a TTY) or
// progress lines, recording the loss history and saving --save-every frames; the result is written afterwards
// (writeStylizeResults).
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import cliProgress from 'cli-progress';
import { StylegradError } from '../../../errors';
import { restateError } from '../../../internal/restateError';
import { writeImage } from '../../../node/writeImage';
import { stylize } from '../../../transfer/stylize';
import type { LossTerms, StylizeOptions, TileProgress } from '../../../transfer/types';
import type { CommandIO } from '../stylize';
import { formatLossTerms } from './formatLossTerms';
import { keepGoing } from './keepGoing';
import type { StylizePlan } from './planStylizeRun';

const FN = 'stylegrad';

/**
 * One row of the loss history (`--history`): an iteration's loss terms.
 *
 * @example
 * ```ts
 * const row: StylizeHistoryRow = { scale: 0, iteration: 1, evaluations: 2, elapsedMs: 40, loss: { total: 3 } };
 * ```
 * @category CLI
 */
export interface StylizeHistoryRow { scale: number; iteration: number; evaluations: number; elapsedMs: number; loss: LossTerms }

/**
 * How a run ended: stylize's `done` event, whose `image` (the delivered 8-bit result) the receiver owns.
 *
 * @example
 * ```ts
 * const end: StylizeRunEnd = await stylizeWithProgress(plan, options, io, record);
 * ```
 * @category CLI
 */
export interface StylizeRunEnd { image: tf.Tensor3D; loss: LossTerms; deliveredLoss: LossTerms; iterations: number; evaluations: number; elapsed: number; stopReason: string }

/**
 * What {@link stylizeWithProgress} records as it goes.
 *
 * @example
 * ```ts
 * const record: StylizeRunRecord = { rows: [], markers: [], frames: [], conflicts: [] };
 * ```
 * @category CLI
 */
export interface StylizeRunRecord {
  /** One row per iteration. */
  readonly rows: StylizeHistoryRow[];
  /** The row number (1-based) where each scale after the first begins, for the plot. */
  readonly markers: number[];
  /** The frames written. */
  readonly frames: string[];
  /** The first frame that could not be written (restated under `--save-every`), reported at the end. */
  readonly conflicts: unknown[];
}

/**
 * Runs stylize to its end: prints each scale, shows a progress bar (`io.progress`) or a line every 10 iterations
 * (every iteration when tiled), records history rows and scale markers, and writes `--save-every` frames (a frame
 * that cannot be written is recorded, and the run goes on).
 *
 * @param plan - The checked plan (frames folder, `--force`).
 * @param options - stylize's options, with the signal.
 * @param io - Where to print.
 * @param record - Receives the history, the markers, the frames and a frame failure.
 * @returns The `done` event; the caller owns its image.
 * @throws {@link StylegradError} restated under the flag for a bad setting that stylize rejects (`--style-layers …`),
 *   or for a run that ends without a result; the signal's reason when interrupted.
 * @example
 * ```ts
 * const end = await stylizeWithProgress(plan, options, io, { rows: [], markers: [], frames: [], conflicts: [] });
 * ```
 * @category CLI
 */
export async function stylizeWithProgress(plan: StylizePlan, options: StylizeOptions, io: CommandIO, record: StylizeRunRecord): Promise<StylizeRunEnd> {
  let bar: cliProgress.SingleBar | null = null;
  let done: StylizeRunEnd | null = null;
  let lastTerms = '';
  const onTile = (p: TileProgress): void => {
    if (bar !== null) {
      bar.update({ terms: `${lastTerms}${lastTerms === '' ? '' : ' | '}${p.pass} tile ${p.tile}/${p.tiles}` });
      bar.render();
    } else if (p.tile === p.tiles) {
      io.log(`  ${p.pass} pass: ${p.tiles} tiles done`);
    }
  };
  try {
    for await (const event of stylize({ ...options, onTile })) {
      if (event.type === 'scale') {
        if (event.scale > 0) record.markers.push(record.rows.length + 1);
        const tiles = event.tiles > 0 ? `, tiled (${event.tiles} tiles)` : '';
        io.log(`Scale ${event.scale + 1}/${event.scales}: ${event.width}×${event.height}, up to ${event.iterations} iterations${tiles}`);
        lastTerms = '';
        bar?.stop();
        bar = io.progress ? startBar(event.iterations) : null;
      } else if (event.type === 'iteration') {
        record.rows.push({ scale: event.scale, iteration: event.iteration, evaluations: event.evaluations, elapsedMs: Math.round(event.elapsed), loss: event.loss });
        lastTerms = formatLossTerms(event.loss);
        bar?.update(event.iteration, { terms: lastTerms });
        if (!io.progress && (event.iteration === 1 || event.iteration % 10 === 0 || (options.tiling !== undefined && options.tiling !== false))) io.log(`  iteration ${event.iteration}: ${lastTerms}`);
      } else if (event.type === 'image') {
        await saveFrame(plan, event, record);
      } else if (event.type === 'warning') {
        io.log(`Warning: ${event.message}`);
      } else if (event.type === 'done') {
        bar?.stop();
        bar = null;
        done = event;
      }
    }
  } catch (error) {
    done?.image.dispose();
    throw asFlagError(error);
  } finally {
    bar?.stop();
  }
  if (done === null) throw new StylegradError(FN, 'run', 'ended without a result.');
  return done;
}

/** Writes (and disposes) one frame; a frame that cannot be written (another run's file, a full disk) is recorded. */
async function saveFrame(plan: StylizePlan, event: { scale: number; iteration: number; image: tf.Tensor3D }, record: StylizeRunRecord): Promise<void> {
  const frame = join(plan.framesDir, `frame-s${event.scale}-${String(event.iteration).padStart(4, '0')}.png`);
  const failed = await keepGoing(FN, '--save-every', async () => {
    try {
      await writeImage(event.image, frame, { overwrite: plan.force, bitDepth: 8 });
    } finally {
      event.image.dispose();
    }
  });
  if (failed.length === 0) record.frames.push(frame);
  else if (record.conflicts.length === 0) record.conflicts.push(...failed); // the first frame failure is enough
}

/** stylize options whose flag is not the option's name in kebab case. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = { gramNormalization: '--gram', earlyStopping: '--early-stop', imageEvery: '--save-every' };

/** A `stylize: options.styleLayers …` error restated as `stylegrad: --style-layers …`; other errors pass. */
function asFlagError(error: unknown): unknown {
  if (!(error instanceof StylegradError) || error.functionName !== 'stylize' || !error.argument.startsWith('options.')) return error;
  const option = error.argument.slice('options.'.length).split(/[.[]/)[0] ?? '';
  const flag = FLAG_OF_OPTION[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return restateError(error, FN, flag);
}

function startBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: '  {bar} {value}/{total} | ETA {eta_formatted} | {terms}', etaBuffer: 10, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { terms: '' });
  return bar;
}
