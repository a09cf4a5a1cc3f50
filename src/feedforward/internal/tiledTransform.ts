import type * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../../internal/throwIfAborted';
import type { TransformNet } from '../types';
import { asBatch, tiledResult } from './applyArguments';
import { tiledForward, type TileProgressEvent } from './tiledForward';

/** What both tiled entry points (`applyTransform({ tileSize })` and `applyTransformTiled`) share. */
export interface TiledTransformOptions {
  readonly tileSize: number;
  readonly onProgress?: ((event: TileProgressEvent) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The public function running, for the abort message. */
  readonly fn: string;
}

/**
 * The tiled forward pass of `image`, reporting each tile and checking the signal after it. It yields once after
 * every tile (where the asynchronous caller gives the event loop a turn) and returns the result shaped like
 * `image`; the batch view it makes is freed however it ends.
 */
export function* tiledTransform<T extends tf.Tensor3D | tf.Tensor4D>(net: TransformNet, image: T, options: TiledTransformOptions): Generator<void, T, void> {
  const { tileSize, onProgress, signal, fn } = options;
  throwIfAborted(signal, fn);
  const { batch, owned } = asBatch(image);
  try {
    const steps = tiledForward(net, batch, tileSize);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done === true) return tiledResult(image, step.value);
      onProgress?.(step.value);
      yield;
      throwIfAborted(signal, fn);
    }
  } finally {
    if (owned) batch.dispose();
  }
}
