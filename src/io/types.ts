import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Named weight tensors as a loader returns them, plus the weights a manifest lists but whose files could not
 * be read. Extractors accept it directly; asking an extractor for a layer whose weights are in `missing`
 * throws an error that names the missing file.
 *
 * The tensors are owned by whoever holds the map: `tf.dispose(Object.values(weights.tensors))` frees them
 * (extractors keep their own copies, so this is safe once the extractor is built).
 *
 * @example
 * ```ts
 * const weights = await loadTfjsWeights('https://example.com/vgg19/model.json');
 * console.log(Object.keys(weights.tensors)); // ['block1_conv1/kernel', 'block1_conv1/bias', ...]
 * tf.dispose(Object.values(weights.tensors));
 * ```
 * @category Weights
 */
export interface WeightMap {
  /** Where the weights came from (a URL, a path, or `IOHandler`), used in error messages. */
  readonly source: string;
  /** Weight tensors by name, Keras style: `<layer>/kernel`, `<layer>/bias`. */
  readonly tensors: Readonly<Record<string, tf.Tensor>>;
  /** Weight name → why it is absent, naming the file that could not be read. */
  readonly missing: Readonly<Record<string, string>>;
}

/**
 * Anything an extractor can take its weights from: a {@link WeightMap} from a loader, a plain record of named
 * tensors (`{ 'block1_conv1/kernel': …, 'block1_conv1/bias': … }`), or a tfjs LayersModel whose layers carry
 * the expected names (its weights are read by their original names, `<layer>/kernel`).
 *
 * @example
 * ```ts
 * const source: WeightSource = await tfl.loadLayersModel(fileSystemIOHandler('weights/vgg19-notop-uint8'));
 * const vgg = createVggExtractor(source);
 * ```
 * @category Weights
 */
export type WeightSource = WeightMap | tf.NamedTensorMap | tfl.LayersModel;
