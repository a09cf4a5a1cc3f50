// The forward pass of both transformation-network layouts (see architecture.ts). Synchronous and
// differentiable; the caller wraps it in a tidy.
import * as tf from '@tensorflow/tfjs-core';
import { conv2dValidTrainable } from '../../internal/conv2dFilterGradient';
import type { TransformNet } from '../types';
import { convSpecs, NORM_EPSILON, type ConvSpec } from './architecture';

function weight(net: TransformNet, name: string): tf.Variable {
  const w = net.weights[name];
  if (w === undefined) throw new Error(`transform network has no weight '${name}'`);
  return w;
}

function instanceNorm(x: tf.Tensor4D, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [1, 2], true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon))), gamma), beta);
}

function reflectConv(x: tf.Tensor4D, kernel: tf.Tensor4D, stride: number): tf.Tensor4D {
  const p = Math.floor(kernel.shape[0] / 2);
  const padded = tf.mirrorPad(x, [[0, 0], [p, p], [p, p], [0, 0]], 'reflect');
  return conv2dValidTrainable(padded, kernel, stride);
}

function stage(net: TransformNet, spec: ConvSpec, x: tf.Tensor4D): tf.Tensor4D {
  const kernel = weight(net, `${spec.name}/kernel`) as tf.Tensor as tf.Tensor4D;
  let y: tf.Tensor4D;
  if (spec.kind === 'deconv') {
    const [b, h, w] = x.shape;
    y = tf.conv2dTranspose(x, kernel, [b, h * spec.stride, w * spec.stride, spec.outChannels], spec.stride, 'same');
  } else if (net.architecture === 'lengstrom') {
    y = tf.conv2d(x, kernel, spec.stride, 'same');
  } else if (spec.kind === 'upconv') {
    const [, h, w] = x.shape;
    y = reflectConv(tf.image.resizeNearestNeighbor(x, [h * spec.stride, w * spec.stride]), kernel, 1);
  } else {
    y = reflectConv(x, kernel, spec.stride);
  }
  if (spec.bias) y = tf.add(y, weight(net, `${spec.name}/bias`));
  if (spec.norm) {
    y = instanceNorm(y, weight(net, `${spec.name}/norm/gamma`), weight(net, `${spec.name}/norm/beta`), NORM_EPSILON[net.architecture]);
  }
  return spec.relu ? tf.relu(y) : y;
}

/**
 * The network's output before clipping and cropping: `[B, H', W', 3]` with H' = 4·⌈⌈H/2⌉/2⌉.
 * For 'pytorch-examples' the image itself (unbounded; 0..255 once trained); for 'lengstrom'
 * `tanh(y)·150 + 127.5` (`y` itself when `preOutput`). `freeEarly` (inference only, not under a gradient
 * tape) frees each activation once the next stage has consumed it.
 */
export function transformForward(net: TransformNet, x: tf.Tensor4D, preOutput = false, freeEarly = false): tf.Tensor4D {
  let y = x;
  let blockInput: tf.Tensor4D = x;
  // For inference (`freeEarly`), each stage runs in its own tidy and the previous activation is freed as soon
  // as nothing needs it, so peak memory is a few activations rather than all of them (1024² images on wasm).
  const release = (t: tf.Tensor4D): void => {
    if (freeEarly && t !== x && t !== blockInput) t.dispose();
  };
  for (const spec of convSpecs(net.architecture)) {
    if (spec.residual?.part === 'a') blockInput = y;
    const input = y;
    y = freeEarly ? tf.tidy('forward.stage', () => stage(net, spec, input)) : stage(net, spec, input);
    release(input);
    if (spec.residual?.part === 'b') {
      const branch = y;
      y = tf.add(blockInput, branch);
      release(branch);
      const done = blockInput;
      blockInput = y;
      release(done);
    }
  }
  if (net.architecture === 'lengstrom' && !preOutput) y = tf.add(tf.mul(tf.tanh(y), 150), 127.5);
  return y;
}
