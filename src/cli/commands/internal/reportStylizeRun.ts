// `stylegrad stylize`: the closing lines of a run that wrote its results.
import type { CommandIO } from '../stylize';
import { formatLossTerms } from './formatLossTerms';
import type { StylizePlan } from './planStylizeRun';
import type { StylizeRunEnd } from './stylizeWithProgress';

/**
 * Prints how the run ended (iterations, evaluations, time, why it stopped), the optimiser's and the delivered
 * image's loss, and the paths written.
 *
 * @param plan - The checked plan (paths).
 * @param done - How the run ended.
 * @param frames - The frames written.
 * @param io - Where to print.
 * @example
 * ```ts
 * reportStylizeRun(plan, done, record.frames, io);
 * ```
 * @category CLI
 */
export function reportStylizeRun(plan: StylizePlan, done: StylizeRunEnd, frames: readonly string[], io: CommandIO): void {
  io.log(`Done: ${done.iterations} iterations, ${done.evaluations} evaluations in ${(done.elapsed / 1000).toFixed(1)} s (${done.stopReason}).`);
  io.log(`Loss: optimiser ${formatLossTerms(done.loss)}; delivered 8-bit image ${formatLossTerms(done.deliveredLoss)}`);
  io.log(`Result: ${plan.output}`);
  io.log(`Loss history: ${plan.history}`);
  io.log(`Loss plot: ${plan.plot}`);
  if (frames.length > 0) io.log(`Frames: ${frames.length} in ${plan.framesDir}`);
}
