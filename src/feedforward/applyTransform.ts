import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { inputRangeWarning } from '../internal/inputRangeWarning';
import { describe } from '../internal/validate';
import { transformForward } from './internal/forward';
import type { TransformNet } from './types';

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
 * @param options - `onWarning` receives a warning when `image` looks like 0..1 instead of 0..255.
 * @returns The stylized image(s), float32 0..255, same shape as `image`; owned by the caller.
 * @throws {@link StylegradError} when `net` has been disposed, when `image` is not an RGB tensor of rank 3 or 4, or is too small
 * (the `'pytorch-examples'` layout's reflection padding needs H, W ≥ 5).
 * @example
 * ```ts
 * const net = await loadTransformNetFromPath('models/udnie');
 * const styled = applyTransform(net, tf.zeros([256, 256, 3]));
 * styled.dispose();
 * // A 0..1 image: the callback says so, and the output is what a 0..255 model makes of it.
 * applyTransform(net, tf.fill([64, 64, 3], 0.5), { onWarning: (w) => console.warn(w.message) }).dispose();
 * net.dispose();
 * ```
 * @category Feed-forward
 */
export function applyTransform<T extends tf.Tensor3D | tf.Tensor4D>(net: TransformNet, image: T, options: ApplyTransformOptions = {}): T {
  if (typeof net !== 'object' || net === null || typeof net.weights !== 'object') {
    throw new StylegradError(FN, 'net', `must be a TransformNet; got ${describe(net)}.`);
  }
  if (Object.values(net.weights).some((v) => v.isDisposed)) {
    throw new StylegradError(FN, 'net', 'is a TransformNet that has been disposed; load or create it again.');
  }
  if (!(image instanceof tf.Tensor) || (image.rank !== 3 && image.rank !== 4)) {
    throw new StylegradError(FN, 'image', `must be a tf.Tensor [H, W, 3] or [B, H, W, 3]; got ${describe(image)}.`);
  }
  if (image.isDisposed) throw new StylegradError(FN, 'image', 'is a tensor that has already been disposed.');
  const shape = image.shape;
  const [h, w, c] = shape.slice(-3) as [number, number, number];
  if (c !== 3) throw new StylegradError(FN, 'image', `must have 3 (RGB) channels; got shape [${shape.join(', ')}].`);
  const minSize = net.architecture === 'pytorch-examples' ? 5 : 1;
  if (h < minSize || w < minSize) {
    throw new StylegradError(FN, 'image', `must be at least ${minSize}×${minSize} for the ${net.architecture} architecture; got ${h}×${w}.`);
  }
  if (typeof options !== 'object' || options === null) throw new StylegradError(FN, 'options', `must be an object; got ${describe(options)}.`);
  const { onWarning } = options;
  if (onWarning !== undefined && typeof onWarning !== 'function') {
    throw new StylegradError(FN, 'options.onWarning', `must be a function; got ${describe(onWarning)}.`);
  }
  if (onWarning !== undefined) {
    const message = inputRangeWarning(image, 'image', FN);
    if (message !== undefined) onWarning({ code: 'input-range', message });
  }
  return tf.tidy(FN, () => {
    const batch = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
    const out = transformForward(net, tf.cast(batch, 'float32'), false, true);
    const styled = tf.clipByValue(tf.slice(out, [0, 0, 0, 0], [-1, h, w, 3]), 0, 255);
    return (image.rank === 3 ? tf.squeeze(styled, [0]) : styled) as T;
  });
}
