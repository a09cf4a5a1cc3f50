// `stylegrad apply`: one image in tiles, with a tile progress bar, progress lines or nothing.
import type * as tf from '@tensorflow/tfjs-core';
import cliProgress from 'cli-progress';
import type { applyTransform } from '../../../feedforward/applyTransform';
import { applyTransformTiled } from '../../../feedforward/applyTransformTiled';
import { formatGB } from '../../internal/memoryBudget';
import type { CommandIO } from '../stylize';
import type { ApplyTilePlan } from './planApplyTiles';

/**
 * Stylizes one image in tiles, showing a progress bar over its tiles (`'bar'`: a TTY, one image), a line per pass
 * (`'lines'`: no TTY) or nothing (`'quiet'`: the folder's bar is showing); an interrupt stops between tiles.
 *
 * @param net - The transformation network.
 * @param image - The input image `[H, W, 3]` (the caller disposes it).
 * @param plan - The image's tile plan (its tile size and estimates).
 * @param from - The input's path (for the message).
 * @param io - Where to print, and the signal.
 * @param show - `'bar'`, `'lines'` or `'quiet'`.
 * @returns The stylized image (the caller owns it).
 * @throws The signal's reason when interrupted.
 * @example
 * ```ts
 * const styled = await applyTiledWithProgress(net, image, plan, 'in.jpg', io, 'lines');
 * ```
 * @category CLI
 */
export async function applyTiledWithProgress(net: Parameters<typeof applyTransform>[0], image: tf.Tensor3D, plan: ApplyTilePlan, from: string, io: CommandIO, show: 'bar' | 'lines' | 'quiet'): Promise<tf.Tensor3D> {
  const [height, width] = image.shape;
  if (show !== 'quiet') io.log(`${from}: ${width}×${height} in ${plan.tileSize ?? 0}-pixel tiles (about ${formatGB(plan.bytes)}; the whole image would need about ${formatGB(plan.wholeBytes)})`);
  const bar = show === 'bar' ? new cliProgress.SingleBar({ format: '  {bar} {value}/{total} tiles | pass {pass}/{passes} {step} | ETA {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let lastPass = 0;
  try {
    return await applyTransformTiled(net, image, {
      tileSize: plan.tileSize ?? 0,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
      onProgress: (e) => {
        if (e.done === 1) bar?.start(e.total, 0, { pass: e.pass, passes: e.passes, step: e.step });
        bar?.update(e.done, { pass: e.pass, passes: e.passes, step: e.step });
        if (show === 'lines' && e.pass !== lastPass) io.log(`  pass ${e.pass}/${e.passes}: ${e.step}`);
        lastPass = e.pass;
      },
    });
  } finally {
    bar?.stop();
  }
}
