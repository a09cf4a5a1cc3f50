// `stylegrad stylize`, second half: run a checked plan (see planStylizeRun.ts) and write its results, each atomically
// and, without --force, never over a file another run created meanwhile. Interrupted (SIGINT/SIGTERM through
// io.signal), it writes no result and says where the frames saved so far are.
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import cliProgress from 'cli-progress';
import { StylegradError } from '../../../errors';
import type { FeatureExtractor } from '../../../extractors/types';
import { writeFileAtomic } from '../../../node/internal/atomicWrite';
import { pickBackend } from '../../../node/pickBackend';
import { plotLossCurve } from '../../../node/plotLossCurve';
import { readImage, type ReadImageOptions } from '../../../node/readImage';
import { writeImage } from '../../../node/writeImage';
import { stylize } from '../../../transfer/stylize';
import type { LossTerms, StylizeOptions, TileProgress } from '../../../transfer/types';
import { CommandInterrupted, interruptOf } from '../../internal/interrupts';
import { loadCliExtractor } from '../../internal/loadCliExtractor';
import { formatGB } from '../../internal/memoryBudget';
import { restateError } from '../../../internal/restateError';
import type { CommandIO, StylizeCommandResult } from '../stylize';
import { checkStylizeMemory, type StylizeMemoryCheck } from './checkStylizeMemory';
import type { StylizePlan } from './planStylizeRun';
import { checkPresetLayers } from './checkPresetLayers';
import { tilingSettings } from './stylizeSettings';

const FN = 'stylegrad';

interface HistoryRow { scale: number; iteration: number; evaluations: number; elapsedMs: number; loss: LossTerms }
interface Done { loss: LossTerms; deliveredLoss: LossTerms; iterations: number; evaluations: number; elapsed: number; stopReason: string }

/**
 * Runs a plan from {@link planStylizeRun}: picks the backend, loads the extractor and images, runs `stylize` with
 * progress, and writes the image, the loss history and the loss plot.
 *
 * @param plan - The checked plan.
 * @param io - Where to print, and the signal that interrupts the run.
 * @returns The paths written.
 * @throws {@link CommandInterrupted} when `io.signal` aborts; {@link StylegradError} for unreadable images or
 *   weights, or an output another process created meanwhile (without `--force`).
 * @example
 * ```ts
 * await runStylizePlan(await planStylizeRun(options), { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runStylizePlan(plan: StylizePlan, io: CommandIO): Promise<StylizeCommandResult> {
  for (const warning of plan.memory.warnings) io.log(warning);
  const picked = await pickBackend(plan.backend === undefined ? {} : { force: plan.backend });
  io.log(`Backend: ${picked.reason}`);
  const extractor = await loadCliExtractor(FN, plan.weightsPath, plan.extractor);
  let memory: StylizeMemoryCheck;
  try {
    io.log(`Extractor: ${extractorLine(plan, extractor.id)}`);
    checkPresetLayers(plan, extractor);
    // Planning assumed --extractor, the preset's network or vgg19: check again with the network the weights are.
    memory = extractor.id === plan.memoryInput.extractor ? plan.memory : checkStylizeMemory({ ...plan.memoryInput, extractor: extractor.id as StylizePlan['memoryInput']['extractor'] });
  } catch (error) {
    extractor.dispose();
    throw error;
  }
  const tiled = memory.tiling === null ? '' : `, tiled: ${memory.tiling.tileSize} px tiles (+${memory.tiling.halo} px halo), L-BFGS history ${memory.tiling.historySize}, scales above ${memory.tiling.maxUntiledPixels} pixels tiled`;
  io.log(`Memory: about ${formatGB(memory.bytes)} estimated at ${memory.width}×${memory.height} (budget ${formatGB(memory.budget)})${tiled}.`);
  const owned: tf.Tensor[] = [];
  const frames: string[] = [];
  try {
    const stylizeOptions = { ...(await loadInputs(plan, extractor, owned)), ...tilingSettings(memory, plan.flags) };
    const rows: HistoryRow[] = [];
    const markers: number[] = [];
    const conflicts: unknown[] = [];
    const done = await optimise(plan, { ...stylizeOptions, ...(io.signal === undefined ? {} : { signal: io.signal }) }, io, { rows, markers, frames, conflicts });
    conflicts.push(...(await writeResults(plan, { done, rows, markers, extractorId: extractor.id, backend: picked.name })));
    // A result kept under another name (another run took the output meanwhile) is reported after everything is
    // written; a frame that could not be written, after the report of the result.
    const isFrameFailure = (c: unknown): boolean => (c as Error).message.startsWith(`${FN}: --save-every`);
    const main = conflicts.filter((c) => !isFrameFailure(c));
    if (main.length > 0) throw main[0];
    report(plan, done, frames, io);
    if (conflicts.length > 0) throw conflicts[0];
    return { output: plan.output, history: plan.history, plot: plan.plot, frames };
  } catch (error) {
    const received = interruptOf(io.signal);
    if (received === undefined || error !== io.signal?.reason) throw error;
    const saved = frames.length > 0 ? ` ${frames.length} frame${frames.length === 1 ? ' is' : 's are'} in ${plan.framesDir}.` : '';
    throw new CommandInterrupted(FN, received, `no result was written.${saved}`);
  } finally {
    tf.dispose(owned);
    extractor.dispose();
  }
}

/** `vgg19 (from the weights)`, `vgg16 (--extractor)`, or saying which network the preset names instead. */
function extractorLine(plan: StylizePlan, id: string): string {
  if (plan.extractor !== undefined) return `${id} (--extractor)`;
  const other = plan.presetExtractor !== undefined && plan.presetExtractor !== id ? `; preset '${plan.presetName}' names ${plan.presetExtractor}` : '';
  return `${id} (from the weights${other})`;
}

/** readImage, with a decoding error (a truncated file passes the header check) named by the flag. */
async function readFlagImage(flag: string, path: string, options: ReadImageOptions = {}): Promise<tf.Tensor3D> {
  try {
    return await readImage(path, options);
  } catch (error) {
    throw restateError(error, FN, flag);
  }
}

/** Reads the images (pushing each tensor onto `owned`) and assembles stylize's options. */
async function loadInputs(plan: StylizePlan, extractor: FeatureExtractor, owned: tf.Tensor[]): Promise<StylizeOptions> {
  const content = plan.content === undefined ? undefined : await readFlagImage('--content', plan.content, plan.size === undefined ? {} : { size: plan.size });
  if (content !== undefined) owned.push(content);
  const styleImages: tf.Tensor3D[] = [];
  for (const path of plan.styles) {
    const image = await readFlagImage('--style', path, plan.styleReadSize === undefined ? {} : { size: plan.styleReadSize });
    owned.push(image);
    styleImages.push(image);
  }
  let init: StylizeOptions['init'] | undefined;
  if (plan.initIsImage && plan.init !== undefined) {
    const image = await readFlagImage('--init', plan.init);
    owned.push(image);
    init = image;
  } else if (plan.init !== undefined) {
    init = plan.init as 'content' | 'noise';
  }
  return {
    ...plan.settings,
    preset: plan.presetName,
    extractor,
    ...(content === undefined ? {} : { content }),
    ...(styleImages.length === 0 ? {} : { style: styleImages.map((image, i) => ({ image, weight: plan.blend[i] ?? 1 })) }),
    ...(init === undefined ? {} : { init }),
    ...(plan.size === undefined ? {} : { size: plan.size }),
    imageEvery: plan.saveEvery,
  };
}

/** Runs stylize to its end, recording history rows and scale markers, saving frames and the result image. */
async function optimise(plan: StylizePlan, options: StylizeOptions, io: CommandIO, record: { rows: HistoryRow[]; markers: number[]; frames: string[]; conflicts: unknown[] }): Promise<Done> {
  const overwrite = plan.force;
  let bar: cliProgress.SingleBar | null = null;
  let done: Done | null = null;
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
        lastTerms = formatTerms(event.loss);
        bar?.update(event.iteration, { terms: lastTerms });
        if (!io.progress && (event.iteration === 1 || event.iteration % 10 === 0 || (options.tiling !== undefined && options.tiling !== false))) io.log(`  iteration ${event.iteration}: ${lastTerms}`);
      } else if (event.type === 'image') {
        const frame = join(plan.framesDir, `frame-s${event.scale}-${String(event.iteration).padStart(4, '0')}.png`);
        // A frame that cannot be written (another run's file, a full disk) is reported at the end; the run and its result go on.
        const failed = await keepGoing('--save-every', () => writeAndDispose(event.image, frame, overwrite));
        if (failed.length === 0) record.frames.push(frame);
        else if (record.conflicts.length === 0) record.conflicts.push(...failed); // the first frame failure is enough
      } else if (event.type === 'warning') {
        io.log(`Warning: ${event.message}`);
      } else if (event.type === 'done') {
        bar?.stop();
        bar = null;
        record.conflicts.push(...(await keepGoing('--output', () => writeAndDispose(event.image, plan.output, overwrite, plan.bitDepth))));
        done = event;
      }
    }
  } catch (error) {
    throw asFlagError(error);
  } finally {
    bar?.stop();
  }
  if (done === null) throw new StylegradError(FN, 'run', 'ended without a result.');
  return done;
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

async function writeAndDispose(image: tf.Tensor3D | tf.Tensor4D, path: string, overwrite: boolean, bitDepth: 8 | 16 = 8): Promise<void> {
  try {
    await writeImage(image, path, { overwrite, bitDepth });
  } finally {
    image.dispose();
  }
}

function startBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { format: '  {bar} {value}/{total} | ETA {eta_formatted} | {terms}', etaBuffer: 10, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { terms: '' });
  return bar;
}

/**
 * Runs one write; a failure is returned (restated with the flag) rather than thrown, so the other results are
 * still written.
 */
async function keepGoing(flag: string, write: () => Promise<void>): Promise<unknown[]> {
  try {
    await write();
    return [];
  } catch (error) {
    return [restateError(error, FN, flag)];
  }
}

/** The loss history (JSON) and the loss plot, each atomic; without --force never over another run's file. */
async function writeResults(plan: StylizePlan, r: { done: Done; rows: HistoryRow[]; markers: number[]; extractorId: string; backend: string }): Promise<unknown[]> {
  const { done, rows } = r;
  const json = {
    preset: plan.presetName, extractor: r.extractorId, backend: r.backend, iterations: done.iterations, evaluations: done.evaluations,
    elapsedMs: Math.round(done.elapsed), stopReason: done.stopReason, finalLoss: done.loss, deliveredLoss: done.deliveredLoss, history: rows,
  };
  const failures = await keepGoing('--history', () => writeFileAtomic(FN, '--history', plan.history, `${JSON.stringify(json, null, 2)}\n`, { overwrite: plan.force }));
  const series: Record<string, number[]> = {};
  for (const name of ['total', 'content', 'style', 'tv'] as const) {
    if (rows.some((row) => row.loss[name] !== undefined)) series[name] = rows.map((row) => row.loss[name] ?? Number.NaN);
  }
  const title = `stylegrad ${plan.presetName}: ${basename(plan.output)}`;
  failures.push(...(await keepGoing('--plot', () => plotLossCurve(series, plan.plot, { title, markers: r.markers, overwrite: plan.force }))));
  return failures;
}

function report(plan: StylizePlan, done: Done, frames: readonly string[], io: CommandIO): void {
  io.log(`Done: ${done.iterations} iterations, ${done.evaluations} evaluations in ${(done.elapsed / 1000).toFixed(1)} s (${done.stopReason}).`);
  io.log(`Loss: optimiser ${formatTerms(done.loss)}; delivered 8-bit image ${formatTerms(done.deliveredLoss)}`);
  io.log(`Result: ${plan.output}`);
  io.log(`Loss history: ${plan.history}`);
  io.log(`Loss plot: ${plan.plot}`);
  if (frames.length > 0) io.log(`Frames: ${frames.length} in ${plan.framesDir}`);
}

function formatTerms(terms: LossTerms): string {
  const f = (v: number | undefined): string => (v === undefined ? '' : v.toExponential(3));
  return [`total ${f(terms.total)}`, ...(['content', 'style', 'tv'] as const).filter((k) => terms[k] !== undefined).map((k) => `${k} ${f(terms[k])}`)].join(', ');
}
