import type * as tf from '@tensorflow/tfjs-core';
import { transformNetToLayersModel } from './transformNetToLayersModel';
import type { TransformNetWeights } from './types';

/**
 * Saves a transformation network as a tfjs layers model (model.json + weight shards) through any
 * `tf.io` destination: a URL scheme string (`indexeddb://…`, `localstorage://…`, `downloads://…`,
 * `http://…` upload) or an IOHandler (in Node, `fileSystemIOHandler(folder)` or
 * `saveTransformNetToPath` from `stylegrad/node`). The folder loads back with {@link loadTransformNet}, or with plain
 * `tf.loadLayersModel` after {@link registerTransformNetLayers}. Weights are stored as float32, so a
 * reload computes bit-identical outputs.
 *
 * @param net - The network to save (not modified).
 * @param destination - A `tf.io` URL string or IOHandler.
 * @returns The IOHandler's save result.
 * @throws {@link StylegradError} when `net` is not a TransformNet; rejects with the handler's error.
 * @example
 * ```ts
 * await saveTransformNet(net, 'indexeddb://my-style');
 * ```
 * @category Feed-forward
 */
export async function saveTransformNet(net: TransformNetWeights, destination: string | tf.io.IOHandler): Promise<tf.io.SaveResult> {
  const model = transformNetToLayersModel(net);
  try {
    return await model.save(destination);
  } finally {
    model.dispose();
  }
}
