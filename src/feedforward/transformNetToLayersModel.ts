import { StylegradError } from '../errors';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe } from '../internal/validate';
import { convSpecs, NORM_EPSILON } from './internal/architecture';
import { InstanceNorm, ReflectionPad2D, registerLayerClasses, TransformOutput } from './internal/layers';
import type { TransformNetWeights } from './types';

/**
 * Builds a tfjs-layers `LayersModel` computing the same function as `net` (input `[null, null, null, 3]`
 * RGB 0..255, output clipped to 0..255 at 4·⌈⌈H/2⌉/2⌉ × 4·⌈⌈W/2⌉/2⌉ — crop it to H×W, as
 * {@link applyTransform} does). Layers are named after the network's stages (`conv1`, `conv1_norm`,
 * `res1a`, …, `up1`, `out`, `output`); weights are copied, so the model and `net` are independent.
 * This is what {@link saveTransformNet} serializes.
 *
 * @param net - The network.
 * @returns A new model; the caller disposes it (`model.dispose()`).
 * @throws {@link StylegradError} when `net` is not a TransformNet.
 * @example
 * ```ts
 * const model = transformNetToLayersModel(net);
 * await model.save('indexeddb://my-style');
 * model.dispose();
 * ```
 * @category Feed-forward
 */
export function transformNetToLayersModel(net: TransformNetWeights): tfl.LayersModel {
  if (typeof net !== 'object' || net === null || typeof net.weights !== 'object') {
    throw new StylegradError('transformNetToLayersModel', 'net', `must be a TransformNet; got ${describe(net)}.`);
  }
  registerLayerClasses();
  const torch = net.architecture === 'pytorch-examples';
  const input = tfl.input({ shape: [null, null, 3], name: 'image' });
  let x: tfl.SymbolicTensor = input;
  let blockInput = x;
  const assignments: [tfl.layers.Layer, string[]][] = [];
  const apply = (layer: tfl.layers.Layer, t: tfl.SymbolicTensor): tfl.SymbolicTensor => layer.apply(t) as tfl.SymbolicTensor;
  for (const spec of convSpecs(net.architecture)) {
    if (spec.residual?.part === 'a') blockInput = x;
    let conv: tfl.layers.Layer;
    if (spec.kind === 'deconv') {
      conv = tfl.layers.conv2dTranspose({ name: spec.name, filters: spec.outChannels, kernelSize: spec.size, strides: spec.stride, padding: 'same', useBias: false });
    } else {
      if (spec.kind === 'upconv') x = apply(tfl.layers.upSampling2d({ name: `${spec.name}_upsample`, size: [spec.stride, spec.stride], interpolation: 'nearest' }), x);
      if (torch) x = apply(new ReflectionPad2D({ name: `${spec.name}_pad`, padding: Math.floor(spec.size / 2) }), x);
      const stride = spec.kind === 'upconv' ? 1 : spec.stride;
      conv = tfl.layers.conv2d({ name: spec.name, filters: spec.outChannels, kernelSize: spec.size, strides: stride, padding: torch ? 'valid' : 'same', useBias: spec.bias });
    }
    x = apply(conv, x);
    assignments.push([conv, spec.bias ? [`${spec.name}/kernel`, `${spec.name}/bias`] : [`${spec.name}/kernel`]]);
    if (spec.norm) {
      const norm = new InstanceNorm({ name: `${spec.name}_norm`, epsilon: NORM_EPSILON[net.architecture] });
      x = apply(norm, x);
      assignments.push([norm, [`${spec.name}/norm/gamma`, `${spec.name}/norm/beta`]]);
    }
    if (spec.relu) x = apply(tfl.layers.reLU({ name: `${spec.name}_relu` }), x);
    if (spec.residual?.part === 'b') x = apply(tfl.layers.add({ name: `${spec.residual.block}_add` }), [blockInput, x] as unknown as tfl.SymbolicTensor);
  }
  const output = apply(new TransformOutput({ name: 'output', mode: torch ? 'linear' : 'tanh' }), x);
  const model = tfl.model({ inputs: input, outputs: output, name: `stylegrad_transform_${net.architecture.replace('-', '_')}` });
  for (const [layer, names] of assignments) {
    layer.setWeights(
      names.map((name) => {
        const w = net.weights[name];
        if (w === undefined) throw new StylegradError('transformNetToLayersModel', 'net', `lacks weight '${name}' of the ${net.architecture} architecture.`);
        return w;
      }),
    );
  }
  return model;
}
