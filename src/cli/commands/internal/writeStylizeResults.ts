// `stylegrad stylize`: write a finished run's results (the image, the loss history, the loss plot), each atomically
// and, without --force, never over a file another run created meanwhile.
import { basename } from 'node:path';
import { writeFileAtomic } from '../../../node/writeFileAtomic';
import { plotLossCurve } from '../../../node/plotLossCurve';
import { writeImage } from '../../../node/writeImage';
import { keepGoing } from './keepGoing';
import type { StylizePlan } from './planStylizeRun';
import type { StylizeHistoryRow, StylizeRunEnd } from './stylizeWithProgress';

const FN = 'stylegrad';

/**
 * What {@link writeStylizeResults} writes from.
 *
 * @example
 * ```ts
 * const results: StylizeResults = { done, rows: record.rows, markers: record.markers, extractorId: 'vgg19', backend: 'tensorflow' };
 * ```
 * @category CLI
 */
export interface StylizeResults {
  /** The run's end; its image is written and disposed. */
  readonly done: StylizeRunEnd;
  readonly rows: readonly StylizeHistoryRow[];
  readonly markers: readonly number[];
  readonly extractorId: string;
  readonly backend: string;
}

/**
 * Writes the result image (`--output`, at `--bit-depth`), the loss history (`--history`, JSON) and the loss plot
 * (`--plot`), in that order, each atomically; a write that fails does not stop the others.
 *
 * @param plan - The checked plan (paths, `--force`, bit depth, preset name).
 * @param results - The run's end (its image is disposed), history rows, scale markers, extractor and backend.
 * @returns The failures, each restated under its flag (empty when everything was written).
 * @example
 * ```ts
 * const failures = await writeStylizeResults(plan, { done, rows, markers, extractorId: 'vgg19', backend: 'tensorflow' });
 * ```
 * @category CLI
 */
export async function writeStylizeResults(plan: StylizePlan, results: StylizeResults): Promise<unknown[]> {
  const { done, rows } = results;
  const failures = await keepGoing(FN, '--output', async () => {
    try {
      await writeImage(done.image, plan.output, { overwrite: plan.force, bitDepth: plan.bitDepth });
    } finally {
      done.image.dispose();
    }
  });
  const json = {
    preset: plan.presetName, extractor: results.extractorId, backend: results.backend, iterations: done.iterations, evaluations: done.evaluations,
    elapsedMs: Math.round(done.elapsed), stopReason: done.stopReason, finalLoss: done.loss, deliveredLoss: done.deliveredLoss, history: rows,
  };
  failures.push(...(await keepGoing(FN, '--history', () => writeFileAtomic(FN, '--history', plan.history, `${JSON.stringify(json, null, 2)}\n`, { overwrite: plan.force }))));
  const series: Record<string, number[]> = {};
  for (const name of ['total', 'content', 'style', 'tv'] as const) {
    if (rows.some((row) => row.loss[name] !== undefined)) series[name] = rows.map((row) => row.loss[name] ?? Number.NaN);
  }
  const title = `stylegrad ${plan.presetName}: ${basename(plan.output)}`;
  failures.push(...(await keepGoing(FN, '--plot', () => plotLossCurve(series, plan.plot, { title, markers: results.markers, overwrite: plan.force }))));
  return failures;
}
