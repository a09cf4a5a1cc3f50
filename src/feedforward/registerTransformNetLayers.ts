import { registerLayerClasses } from './internal/layers';

/**
 * Registers the custom tfjs-layers classes of saved transformation networks
 * (`StylegradReflectionPad2D`, `StylegradInstanceNorm`, `StylegradTransformOutput`) with
 * `tf.serialization`, so that plain `tf.loadLayersModel` can load a folder written by
 * {@link saveTransformNet}. {@link loadTransformNet} and {@link transformNetToLayersModel} call it
 * themselves; call it only to use `tf.loadLayersModel` directly. Idempotent.
 *
 * @returns Nothing.
 * @example
 * ```ts
 * registerTransformNetLayers();
 * const model = await tf.loadLayersModel('/models/mystyle/model.json');
 * const styled = model.predict(tf.zeros([1, 256, 256, 3])) as tf.Tensor4D;
 * ```
 * @category Feed-forward
 */
export function registerTransformNetLayers(): void {
  registerLayerClasses();
}
