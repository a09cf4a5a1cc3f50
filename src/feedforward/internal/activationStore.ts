// A whole-image activation map kept in JavaScript memory, one Float32Array per row, so that the network's
// quarter-resolution middle (128 channels) can be stored between tiled passes without one huge tensor or texture.
// A store may carry a pending instance norm (+ ReLU): its rows hold the conv output, and reads return it normalised,
// so a layer's output is stored once, before its whole-image statistics are known.
import * as tf from '@tensorflow/tfjs-core';
import { normalizePatch, type NormStats, type Patch, type Span } from './patch';

/** A stored `height × width × channels` map and the norm applied when it is read. */
export interface ActivationStore {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly rows: Float32Array[];
  pending: { readonly stats: NormStats; readonly relu: boolean } | undefined;
}

/** A zero-filled store (rows are reused across layers of the same shape). */
export function createStore(height: number, width: number, channels: number): ActivationStore {
  return { height, width, channels, rows: Array.from({ length: height }, () => new Float32Array(width * channels)), pending: undefined };
}

/** The window `rows × columns` as a patch, with the pending norm applied. */
export function readStore(store: ActivationStore, rows: Span, columns: Span): Patch {
  const [h, w, c] = [rows[1] - rows[0], columns[1] - columns[0], store.channels];
  const values = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) {
    const row = store.rows[rows[0] + y] as Float32Array;
    values.set(row.subarray(columns[0] * c, columns[1] * c), y * w * c);
  }
  const patch: Patch = { tensor: tf.tensor4d(values, [1, h, w, c]), rows, columns, gridHeight: store.height, gridWidth: store.width };
  return store.pending === undefined ? patch : normalizePatch(patch, store.pending.stats, store.pending.relu);
}

/** Copies a patch's values into the store at its place (reads the tensor back synchronously). */
export function writeStore(store: ActivationStore, patch: Patch): void {
  const values = patch.tensor.dataSync();
  const [h, w, c] = [patch.rows[1] - patch.rows[0], patch.columns[1] - patch.columns[0], store.channels];
  for (let y = 0; y < h; y++) {
    (store.rows[patch.rows[0] + y] as Float32Array).set(values.subarray(y * w * c, (y + 1) * w * c), patch.columns[0] * c);
  }
}
