// `stylegrad stylize`, second half: run a checked plan (see planStylizeRun.ts): pick the backend, load the extractor
// (checking the preset's layers and the memory again with the network the weights are), read the images
// (loadStylizeInputs), run the progress loop (stylizeWithProgress), write the results (writeStylizeResults) and
// report (reportStylizeRun). Interrupted (SIGINT/SIGTERM through io.signal), it writes no result and says where the
// frames saved so far are.
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../../../extractors/types';
import { pickBackend } from '../../../node/pickBackend';
import { CommandInterrupted, interruptOf } from '../../internal/interrupts';
import { loadCliExtractor } from '../../internal/loadCliExtractor';
import { formatGB } from '../../internal/memoryBudget';
import type { CommandIO, StylizeCommandResult } from '../stylize';
import { checkPresetLayers } from './checkPresetLayers';
import { checkStylizeMemory, type StylizeMemoryCheck } from './checkStylizeMemory';
import { loadStylizeInputs } from './loadStylizeInputs';
import type { StylizePlan } from './planStylizeRun';
import { reportStylizeRun } from './reportStylizeRun';
import { tilingSettings } from './stylizeSettings';
import { stylizeWithProgress, type StylizeRunRecord } from './stylizeWithProgress';
import { writeStylizeResults } from './writeStylizeResults';

const FN = 'stylegrad';

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
  const { extractor, memory } = await loadExtractor(plan, io);
  const owned: tf.Tensor[] = [];
  const record: StylizeRunRecord = { rows: [], markers: [], frames: [], conflicts: [] };
  try {
    const stylizeOptions = { ...(await loadStylizeInputs(plan, extractor, owned)), ...tilingSettings(memory, plan.flags) };
    const done = await stylizeWithProgress(plan, { ...stylizeOptions, ...(io.signal === undefined ? {} : { signal: io.signal }) }, io, record);
    const failures = await writeStylizeResults(plan, { done, rows: record.rows, markers: record.markers, extractorId: extractor.id, backend: picked.name });
    // A result kept under another name (another run took the output meanwhile) is reported after everything is
    // written; a frame that could not be written (record.conflicts), after the report of the result.
    if (failures.length > 0) throw failures[0];
    reportStylizeRun(plan, done, record.frames, io);
    if (record.conflicts.length > 0) throw record.conflicts[0];
    return { output: plan.output, history: plan.history, plot: plan.plot, frames: record.frames };
  } catch (error) {
    const received = interruptOf(io.signal);
    if (received === undefined || error !== io.signal?.reason) throw error;
    const saved = record.frames.length > 0 ? ` ${record.frames.length} frame${record.frames.length === 1 ? ' is' : 's are'} in ${plan.framesDir}.` : '';
    throw new CommandInterrupted(FN, received, `no result was written.${saved}`);
  } finally {
    tf.dispose(owned);
    extractor.dispose();
  }
}

/**
 * Loads the extractor and prints which it is; checks the preset's layers and, when the weights are another network
 * than planning assumed, the memory again (then printed). Nothing is left loaded on failure.
 */
async function loadExtractor(plan: StylizePlan, io: CommandIO): Promise<{ extractor: FeatureExtractor; memory: StylizeMemoryCheck }> {
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
  return { extractor, memory };
}

/** `vgg19 (from the weights)`, `vgg16 (--extractor)`, or saying which network the preset names instead. */
function extractorLine(plan: StylizePlan, id: string): string {
  if (plan.extractor !== undefined) return `${id} (--extractor)`;
  const other = plan.presetExtractor !== undefined && plan.presetExtractor !== id ? `; preset '${plan.presetName}' names ${plan.presetExtractor}` : '';
  return `${id} (from the weights${other})`;
}
