import * as tf from '@tensorflow/tfjs-core';
import { checkApplyArguments } from './internal/applyArguments';
import { transformForward } from './internal/forward';
import type { TileProgressEvent } from './internal/tiledForward';
import { tiledTransform } from './internal/tiledTransform';
import type { TransformNet } from './types';

export type { TileProgressEvent } from './internal/tiledForward';

const FN = 'applyTransform';

/**
 * Options for {@link applyTransform}.
 *
 * @example
 * ```ts
 * const options: ApplyTransformOptions = { onWarning: (warning) => console.warn(warning.message) };
 * ```
 * @category Feed-forward
 */
export interface ApplyTransformOptions {
  /**
   * Called (synchronously, before the forward pass) with a warning about the input that does not stop the
   * call. `'input-range'`: `image` has a maximum of at most 1 and is not all zeros, so it is probably a 0..1
   * image where RGB 0..255 is expected (the output would be nearly black). Without a callback, nothing is
   * checked or reported.
   */
  readonly onWarning?: (warning: { readonly code: 'input-range'; readonly message: string }) => void;
  /**
   * Run in tiles of `tileSize × tileSize` input pixels (a multiple of 4, at least 16) instead of one pass over the
   * whole image, for images whose activations do not fit in memory or a WebGL texture. The result equals the
   * whole-image pass up to float rounding (instance norm uses whole-image statistics; each tile reads a halo
   * covering the receptive field). It costs ~1.5–1.8× the compute and keeps three quarter-resolution 128-channel maps
   * (96 bytes per input pixel) in JavaScript memory. Default: no tiling.
   */
  readonly tileSize?: number;
  /** With `tileSize`: called after every tile of every pass (synchronously). */
  readonly onProgress?: (event: TileProgressEvent) => void;
  /**
   * With `tileSize`: checked after every tile; when aborted (e.g. by `onProgress`), the call throws
   * `signal.reason` and frees everything. A synchronous call cannot see an abort from elsewhere: use
   * {@link applyTransformTiled} for that.
   */
  readonly signal?: AbortSignal;
}

/**
 * Stylizes images with a feed-forward transformation network in one forward pass.
 *
 * Any size works: the network halves the size twice and doubles it twice, so an H×W input yields a
 * 4·⌈⌈H/2⌉/2⌉ × 4·⌈⌈W/2⌉/2⌉ map (as in the original TensorFlow code, whose transposed convs output
 * exactly twice their input); its top-left H×W window is returned. Batches are stylized independently
 * (instance norm is per image).
 *
 * @param net - From {@link transformNetFromCheckpoint}, {@link createTransformNet} or {@link loadTransformNet}.
 * @param image - RGB values 0..255, `[H, W, 3]` or `[B, H, W, 3]` (any numeric dtype).
 * @param options - `onWarning` receives a warning when `image` looks like 0..1 instead of 0..255; `tileSize`,
 *   `onProgress` and `signal` run it in tiles.
 * @returns The stylized image(s), float32 0..255, same shape as `image`; owned by the caller.
 * @throws {@link StylegradError} when `net` has been disposed, when `image` is not an RGB tensor of rank 3 or 4, or is too small
 * (the `'pytorch-examples'` layout's reflection padding needs H, W ≥ 5), or an option is malformed (`tileSize` not a
 * multiple of 4 ≥ 16); `signal.reason` when `signal` is aborted during a tiled run.
 * @example
 * ```ts
 * const net = await loadTransformNetFromPath('models/udnie');
 * const styled = applyTransform(net, tf.zeros([256, 256, 3]));
 * styled.dispose();
 * // A 0..1 image: the callback says so, and the output is what a 0..255 model makes of it.
 * applyTransform(net, tf.fill([64, 64, 3], 0.5), { onWarning: (w) => console.warn(w.message) }).dispose();
 * // In 512-pixel tiles, reporting progress: the same image, less memory.
 * applyTransform(net, tf.zeros([3072, 4096, 3]), { tileSize: 512, onProgress: (e) => console.log(e.pass, e.tile) }).dispose();
 * net.dispose();
 * ```
 * @category Feed-forward
 */
export function applyTransform<T extends tf.Tensor3D | tf.Tensor4D>(net: TransformNet, image: T, options: ApplyTransformOptions = {}): T {
  checkApplyArguments(FN, net, image, options);
  const { tileSize, onProgress, signal } = options;
  const [h, w] = image.shape.slice(-3) as [number, number];
  if (tileSize !== undefined) {
    const steps = tiledTransform(net, image, { tileSize, onProgress, signal, fn: FN });
    for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
  }
  return tf.tidy(FN, () => {
    const batch = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
    const out = transformForward(net, tf.cast(batch, 'float32'), false, true);
    const styled = tf.clipByValue(tf.slice(out, [0, 0, 0, 0], [-1, h, w, 3]), 0, 255);
    return (image.rank === 3 ? tf.squeeze(styled, [0]) : styled) as T;
  });
}
