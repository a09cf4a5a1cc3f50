// `stylegrad apply`, second half: run a checked plan (see planApplyRun.ts): pick the backend, load the model, and
// stylize and write each image in turn (whole, or in tiles with applyTiledWithProgress), with a progress bar over a
// folder. Interrupted (SIGINT/SIGTERM through io.signal), it stops between images: every image written is complete.
import type * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { applyTransform } from '../../../feedforward/applyTransform';
import { loadTransformNetFromPath } from '../../../node/loadTransformNetFromPath';
import { pickBackend } from '../../../node/pickBackend';
import { readImage } from '../../../node/readImage';
import { writeImage } from '../../../node/writeImage';
import { CommandInterrupted, interruptOf } from '../../internal/interrupts';
import type { CommandIO } from '../stylize';
import { applyTiledWithProgress } from './applyTiledWithProgress';
import type { ApplyPlan } from './planApplyRun';
import type { ApplyTilePlan } from './planApplyTiles';

const FN = 'stylegrad apply';

/**
 * Runs a plan from {@link planApplyRun}: picks the backend, loads the model, then reads, stylizes and writes each
 * image (atomically), printing a line per image or showing a bar over a folder, and the time taken.
 *
 * @param plan - The checked plan.
 * @param io - Where to print, whether to show progress bars, and the signal that interrupts the run.
 * @returns The written files.
 * @throws {@link CommandInterrupted} when `io.signal` aborts (between images, or between the tiles of one);
 *   {@link StylegradError} for an unreadable model or image, or an output another process created meanwhile.
 * @example
 * ```ts
 * await runApplyPlan(await planApplyRun(options), { log: console.log, progress: false });
 * ```
 * @category CLI
 */
export async function runApplyPlan(plan: ApplyPlan, io: CommandIO): Promise<readonly string[]> {
  const { jobs } = plan;
  const picked = await pickBackend(plan.backend === undefined ? {} : { force: plan.backend });
  io.log(`Backend: ${picked.reason}`);
  const net = await loadTransformNetFromPath(plan.modelDir);
  io.log(`Model: ${plan.modelDir} (${net.architecture})`);
  const bar = io.progress && jobs.length > 1 ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} | ETA {eta_formatted} | {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(jobs.length, 0, { file: '' });
  const started = Date.now();
  try {
    for (const [i, [from, to]] of jobs.entries()) {
      const received = interruptOf(io.signal);
      if (received !== undefined) throw new CommandInterrupted(FN, received, `${i} of ${jobs.length} images were written, each complete; no partial image was written.`);
      const styled = await stylizeOne(net, plan, i, io, io.progress ? (bar === null ? 'bar' : 'quiet') : 'lines');
      try {
        await writeImage(styled, to, { overwrite: plan.force, bitDepth: plan.bitDepth });
      } finally {
        styled.dispose();
      }
      bar?.update(i + 1, { file: path.basename(from) });
      if (bar === null) io.log(`${from} -> ${to}`);
    }
  } finally {
    bar?.stop();
    net.dispose();
  }
  io.log(`Done: ${jobs.length} image${jobs.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return jobs.map(([, to]) => to);
}

/** Reads job `i`'s image and stylizes it, whole or in tiles; an interrupt during it says how many were written. */
async function stylizeOne(net: Parameters<typeof applyTransform>[0], plan: ApplyPlan, i: number, io: CommandIO, show: 'bar' | 'lines' | 'quiet'): Promise<tf.Tensor3D> {
  const [from] = plan.jobs[i] as readonly [string, string];
  const tiles = plan.tiles[i] as ApplyTilePlan;
  const image = await readImage(from, plan.size === undefined ? {} : { size: plan.size });
  try {
    return tiles.tileSize === undefined ? applyTransform(net, image) : await applyTiledWithProgress(net, image, tiles, from, io, show);
  } catch (error) {
    const stopped = interruptOf(io.signal);
    if (stopped !== undefined) throw new CommandInterrupted(FN, stopped, `${i} of ${plan.jobs.length} images were written, each complete; no partial image was written.`);
    throw error;
  } finally {
    image.dispose();
  }
}
