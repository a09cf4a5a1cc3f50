import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { StylegradError } from '../errors';
import { describe as describeValue } from '../internal/validate';
import type { FeatureMap } from '../types';
import { assertImage } from './internal/assertImage';
import { preprocessImage, type Preprocessing } from './preprocessImage';
import type { FeatureExtractor } from './types';

/** Options for {@link fromLayersModel}. */
export interface FromLayersModelOptions {
  /**
   * The layer names `extract` may tap (each must output `[B, h, w, c]`). Default: every layer of the model
   * with a 4-D output, except input layers.
   */
  readonly layers?: readonly string[];
  /** How RGB 0..255 pixels become the model's input (default `'none'`: the pixels as they are). */
  readonly preprocess?: Preprocessing;
  /** The extractor's id (default: the model's name). */
  readonly id?: string;
  /** Whether `dispose()` also disposes the model (default true: the extractor owns it). */
  readonly disposeModel?: boolean;
}

/**
 * Wraps any tfjs LayersModel (a single image input, channels last) as a {@link FeatureExtractor} that taps
 * layers by name. Each distinct set of requested layers gets a multi-output sub-model (built once, cached)
 * that ends at those layers, so one `extract` call is one forward pass that goes only as deep as needed.
 * Gradients are tfjs-layers' own (the built-in VGG/SqueezeNet extractors are faster on wasm).
 *
 * @param model - A tfjs LayersModel, e.g. from `tf.loadLayersModel(url)` or `tf.loadLayersModel(fileSystemIOHandler(dir))`.
 * @param options - `layers` (tappable names), `preprocess` (default `'none'`), `id`, `disposeModel`.
 * @returns The extractor; `extract` returns new tensors owned by the caller.
 * @throws StylegradError if a named layer does not exist (listing the model's layers) or does not output a
 *   4-D tensor, or if the model has several inputs.
 * @example
 * ```ts
 * const model = await tf.loadLayersModel('https://example.com/mobilenet/model.json');
 * const extractor = fromLayersModel(model, { layers: ['conv_pw_3_relu', 'conv_pw_5_relu'], preprocess: 'tf' });
 * const features = extractor.extract(image, ['conv_pw_5_relu']);
 * ```
 * @category Extractors
 */
export function fromLayersModel(model: tfl.LayersModel, options: FromLayersModelOptions = {}): FeatureExtractor {
  const fn = 'fromLayersModel';
  if (!(model instanceof tfl.LayersModel)) throw new StylegradError(fn, 'model', `must be a tfjs LayersModel; got ${describeValue(model)}.`);
  if (model.inputs.length !== 1) throw new StylegradError(fn, 'model', `must have exactly one input; it has ${model.inputs.length}.`);
  const all = model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.name);
  const fourD = (name: string): boolean => {
    const shape = model.getLayer(name).outputShape;
    return Array.isArray(shape) && !Array.isArray(shape[0]) && shape.length === 4;
  };
  const layers = options.layers === undefined ? all.filter(fourD) : [...options.layers];
  for (const name of layers) {
    if (!all.includes(name)) {
      throw new StylegradError(fn, 'options.layers', `contains unknown layer ${describeValue(name)}; the model's layers: ${all.join(', ')}.`);
    }
    if (!fourD(name)) {
      throw new StylegradError(fn, 'options.layers', `contains layer '${name}' whose output shape ${JSON.stringify(model.getLayer(name).outputShape)} is not [B, h, w, c].`);
    }
  }
  const preprocess = options.preprocess ?? 'none';
  const id = options.id ?? model.name;
  const disposeModel = options.disposeModel ?? true;
  const subModels = new Map<string, tfl.LayersModel>();
  let disposed = false;
  const where = `${id}.extract`;

  const extract = (image: tf.Tensor3D | tf.Tensor4D, requested: readonly string[]): FeatureMap => {
    if (disposed) throw new StylegradError(where, 'this', 'is an extractor that has been disposed.');
    assertImage(where, 'image', image);
    const list: unknown = requested;
    if (!Array.isArray(list) || list.length === 0) throw new StylegradError(where, 'layers', `must be a non-empty array of layer names; got ${describeValue(list)}.`);
    const names = [...new Set(requested)];
    for (const name of names) {
      if (!layers.includes(name)) throw new StylegradError(where, 'layers', `contains unknown layer ${describeValue(name)} for ${id}; valid layers: ${layers.join(', ')}.`);
    }
    const key = names.join('\u0000');
    let sub = subModels.get(key);
    if (sub === undefined) {
      sub = tfl.model({ inputs: model.inputs, outputs: names.map((n) => model.getLayer(n).output as tfl.SymbolicTensor) });
      subModels.set(key, sub);
    }
    const net = sub;
    try {
      return run(net, image, names);
    } catch (error) {
      if (error instanceof Error && / is already disposed/.test(error.message)) {
        throw new StylegradError(where, 'this', 'wraps a LayersModel that has been disposed (it was created with disposeModel: false and disposed by its owner); build the extractor from a live model.');
      }
      throw error;
    }
  };

  const run = (net: tfl.LayersModel, image: tf.Tensor3D | tf.Tensor4D, names: readonly string[]): FeatureMap =>
    tf.tidy(where, () => {
      const x = preprocessImage(image, preprocess);
      const out = net.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
      const outs = Array.isArray(out) ? out : [out];
      const result: Record<string, tf.Tensor4D> = {};
      names.forEach((n, i) => {
        result[n] = outs[i] as tf.Tensor4D;
      });
      return result;
    });

  return {
    id,
    layers,
    extract,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      subModels.clear();
      if (disposeModel) model.dispose();
    },
  };
}
