// Up-front checks shared by applyTransform and applyTransformTiled, and the tensor a tiled run returns.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { inputRangeWarning } from '../../internal/inputRangeWarning';
import { describe } from '../../internal/validate';
import type { TransformNet } from '../types';
import type { TileProgressEvent } from './tiledForward';

/** The options both functions take (each documents them on its own options type). */
export interface ApplyArgumentOptions {
  readonly onWarning?: (warning: { readonly code: 'input-range'; readonly message: string }) => void;
  readonly tileSize?: number;
  readonly onProgress?: (event: TileProgressEvent) => void;
  readonly signal?: AbortSignal;
}

/** Smallest tile side accepted: below it the halos are most of the work. */
export const MIN_TILE_SIZE = 16;

/** Validates the arguments (throwing a StylegradError naming `fn`) and reports the input-range warning. */
export function checkApplyArguments(fn: string, net: unknown, image: unknown, options: unknown): void {
  if (typeof net !== 'object' || net === null || typeof (net as TransformNet).weights !== 'object') {
    throw new StylegradError(fn, 'net', `must be a TransformNet; got ${describe(net)}.`);
  }
  const { architecture, weights } = net as TransformNet;
  if (Object.values(weights).some((v) => v.isDisposed)) {
    throw new StylegradError(fn, 'net', 'is a TransformNet that has been disposed; load or create it again.');
  }
  if (!(image instanceof tf.Tensor) || (image.rank !== 3 && image.rank !== 4)) {
    throw new StylegradError(fn, 'image', `must be a tf.Tensor [H, W, 3] or [B, H, W, 3]; got ${describe(image)}.`);
  }
  const tensor = image as tf.Tensor;
  if (tensor.isDisposed) throw new StylegradError(fn, 'image', 'is a tensor that has already been disposed.');
  const shape: readonly number[] = tensor.shape;
  const [h, w, c] = shape.slice(-3) as [number, number, number];
  if (c !== 3) throw new StylegradError(fn, 'image', `must have 3 (RGB) channels; got shape [${shape.join(', ')}].`);
  const minSize = architecture === 'pytorch-examples' ? 5 : 1;
  if (h < minSize || w < minSize) {
    throw new StylegradError(fn, 'image', `must be at least ${minSize}×${minSize} for the ${architecture} architecture; got ${h}×${w}.`);
  }
  if (typeof options !== 'object' || options === null) throw new StylegradError(fn, 'options', `must be an object; got ${describe(options)}.`);
  const { onWarning, tileSize, onProgress, signal } = options as ApplyArgumentOptions;
  for (const [name, value] of [['onWarning', onWarning], ['onProgress', onProgress]] as const) {
    if (value !== undefined && typeof value !== 'function') throw new StylegradError(fn, `options.${name}`, `must be a function; got ${describe(value)}.`);
  }
  if (tileSize !== undefined && (!Number.isInteger(tileSize) || tileSize < MIN_TILE_SIZE || tileSize % 4 !== 0)) {
    throw new StylegradError(fn, 'options.tileSize', `must be a multiple of 4 (the network's stride), at least ${MIN_TILE_SIZE}; got ${describe(tileSize)}.`);
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new StylegradError(fn, 'options.signal', `must be an AbortSignal; got ${describe(signal)}.`);
  if (onWarning !== undefined) {
    const message = inputRangeWarning(tensor, 'image', fn);
    if (message !== undefined) onWarning({ code: 'input-range', message });
  }
}

/** The tiled run's output values as a tensor of `image`'s rank. */
export function tiledResult<T extends tf.Tensor3D | tf.Tensor4D>(image: T, values: Float32Array): T {
  const [h, w] = image.shape.slice(-3) as [number, number];
  return (image.rank === 3 ? tf.tensor3d(values, [h, w, 3]) : tf.tensor4d(values, [image.shape[0] ?? 1, h, w, 3])) as T;
}

/** `image` as a batch; `owned` says whether the caller must dispose it. */
export function asBatch(image: tf.Tensor3D | tf.Tensor4D): { batch: tf.Tensor4D; owned: boolean } {
  return image.rank === 3 ? { batch: tf.expandDims<tf.Tensor4D>(image, 0), owned: true } : { batch: image as tf.Tensor4D, owned: false };
}
