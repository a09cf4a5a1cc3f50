import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { StylegradError } from '../errors';
import { assertFiniteWeights } from '../internal/assertFiniteWeights';
import { weightSpecs } from './internal/architecture';
import { registerLayerClasses } from './internal/layers';
import { checkWeightShapes, makeTransformNet } from './internal/makeTransformNet';
import type { TransformNet, TransformNetArchitecture } from './types';

const FN = 'loadTransformNet';

/**
 * Loads a transformation network saved by {@link saveTransformNet} from any `tf.io` source: a URL
 * (`https://…/model.json`, `indexeddb://…`) or an IOHandler (in Node, `fileSystemIOHandler(folder)`, or
 * use `loadTransformNetFromPath` from `stylegrad/node`). The architecture is recognised from the layers (transposed
 * convs → `'lengstrom'`, upsampling → `'pytorch-examples'`) and every weight's shape is checked.
 *
 * @param source - A `tf.io` URL string or IOHandler.
 * @returns The network (call `dispose()`).
 * @throws {@link StylegradError} when the model is not a stylegrad transformation network (naming the
 * first missing or mis-shaped weight and both shapes) or a weight is NaN or ±Infinity (naming it); rejects
 * with the handler's error for missing files.
 * @example
 * ```ts
 * const net = await loadTransformNet('https://example.com/models/my-style/model.json');
 * const styled = applyTransform(net, image);
 * ```
 * @category Feed-forward
 */
export async function loadTransformNet(source: string | tf.io.IOHandler): Promise<TransformNet> {
  registerLayerClasses();
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(source);
  } catch (error) {
    if (error instanceof StylegradError) throw error;
    throw new StylegradError(FN, 'source', `could not be loaded as a layers model: ${(error as Error).message}`);
  }
  try {
    const classes = new Set(model.layers.map((l) => l.getClassName()));
    const architecture: TransformNetArchitecture = classes.has('Conv2DTranspose') ? 'lengstrom' : 'pytorch-examples';
    if (!classes.has('StylegradInstanceNorm')) {
      throw new StylegradError(FN, 'source', `is a layers model without StylegradInstanceNorm layers (layers: ${[...classes].join(', ')}); it is not a stylegrad transformation network.`);
    }
    const tensors: Record<string, tf.Tensor> = {};
    const byLayer = new Map<string, string[]>();
    for (const { name } of weightSpecs(architecture)) {
      const [stage, ...rest] = name.split('/');
      const layer = rest[0] === 'norm' ? `${stage ?? ''}_norm` : stage ?? '';
      byLayer.set(layer, [...(byLayer.get(layer) ?? []), name]);
    }
    for (const [layerName, names] of byLayer) {
      const layer = model.layers.find((l) => l.name === layerName);
      if (layer === undefined) continue;
      // Conv layers hold [kernel, bias?]; norm layers [gamma, beta] (the order our weightSpecs lists beta first).
      const values = layer.getWeights();
      const ordered = layerName.endsWith('_norm') ? [names.find((n) => n.endsWith('gamma')), names.find((n) => n.endsWith('beta'))] : names;
      values.forEach((v, i) => {
        const name = ordered[i] ?? `${layerName}/weight${i}`;
        tensors[name] = v;
      });
    }
    checkWeightShapes(FN, 'source', architecture, Object.fromEntries(Object.entries(tensors).map(([n, t]) => [n, t.shape])));
    assertFiniteWeights(FN, 'source', tensors, 'the model');
    return makeTransformNet(architecture, tensors);
  } finally {
    model.dispose();
  }
}
