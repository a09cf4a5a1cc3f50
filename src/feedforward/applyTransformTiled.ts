import type * as tf from '@tensorflow/tfjs-core';
import { checkApplyArguments } from './internal/applyArguments';
import type { TileProgressEvent } from './internal/tiledForward';
import { tiledTransform } from './internal/tiledTransform';
import type { TransformNet } from './types';

const FN = 'applyTransformTiled';

/**
 * Options for {@link applyTransformTiled}.
 *
 * @example
 * ```ts
 * const options: ApplyTransformTiledOptions = { tileSize: 512, onProgress: (e) => console.log(`${e.pass}/${e.passes}`) };
 * ```
 * @category Feed-forward
 */
export interface ApplyTransformTiledOptions {
  /** Tile side in input pixels, a multiple of 4, at least 16 (default 512). */
  readonly tileSize?: number;
  /** Called after every tile of every pass. */
  readonly onProgress?: (event: TileProgressEvent) => void;
  /** Checked between tiles: when aborted, the promise rejects with `signal.reason` and everything is freed. */
  readonly signal?: AbortSignal;
  /** As {@link ApplyTransformOptions.onWarning}: a warning when `image` looks like 0..1 instead of 0..255. */
  readonly onWarning?: (warning: { readonly code: 'input-range'; readonly message: string }) => void;
}

/**
 * Stylizes an image of any size in tiles, yielding to the event loop between tiles so that progress can be shown
 * and an abort (a signal, Ctrl-C in a CLI) takes effect while it runs. The result equals {@link applyTransform}'s
 * whole-image pass up to float rounding: every instance norm uses the whole image's mean and variance, gathered over
 * the tiles in passes, and every tile reads a halo that covers the network's receptive field, so there are no seams.
 * Memory: three quarter-resolution 128-channel maps in JavaScript memory (96 bytes per input pixel), the input and
 * output, and one tile's activations. Compute: ~1.5–1.8× the whole-image pass (21 or 22 passes; the residual
 * blocks run once). It is asynchronous only to yield between tiles; `applyTransform(net, image,
 * { tileSize })` does the same work synchronously.
 *
 * @param net - The transformation network.
 * @param image - RGB values 0..255, `[H, W, 3]` or `[B, H, W, 3]` (any numeric dtype); not disposed.
 * @param options - Tile size, progress callback, abort signal, input warning; see {@link ApplyTransformTiledOptions}.
 * @returns The stylized image(s), float32 0..255, same shape as `image`; owned by the caller.
 * @throws {@link StylegradError} for the same bad arguments as {@link applyTransform}; rejects with `signal.reason`
 *   when aborted.
 * @example
 * ```ts
 * const net = await loadTransformNetFromPath('models/udnie');
 * const photo = await readImage('big.jpg'); // e.g. 4096×3072
 * const styled = await applyTransformTiled(net, photo, { tileSize: 512, onProgress: (e) => console.log(e.step, e.tile, e.tiles) });
 * await writeImage(styled, 'big-udnie.png', { bitDepth: 16 });
 * tf.dispose([photo, styled]);
 * ```
 * @category Feed-forward
 */
export async function applyTransformTiled<T extends tf.Tensor3D | tf.Tensor4D>(net: TransformNet, image: T, options: ApplyTransformTiledOptions = {}): Promise<T> {
  checkApplyArguments(FN, net, image, options);
  const { tileSize = 512, onProgress, signal } = options;
  const steps = tiledTransform(net, image, { tileSize, onProgress, signal, fn: FN });
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
