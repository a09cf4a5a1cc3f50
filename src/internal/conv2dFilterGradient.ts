// Convolution weight gradients without the Conv2DBackpropFilter kernel, which tfjs-backend-wasm lacks.
// For a 'valid' convolution y = conv(x, w, stride s),
//   dw[i, j, c, o] = Σ_{b, p, q} x[b, p·s + i, q·s + j, c] · dy[b, p, q, o],
// which is itself a forward convolution: the input x transposed to [C, H, W, B] (channels become the
// batch, the batch becomes the channels), dy transposed to [Ho, Wo, B, O] used as the filter, dilation s,
// stride 1. Its output [C, H − (Ho − 1)·s, W − (Wo − 1)·s, O] starts with the wanted [kh, kw] window.
// Applied only through tf.customGrad, so no kernel is registered globally.
import * as tf from '@tensorflow/tfjs-core';

/**
 * The gradient of a 'valid', stride-`stride` conv2d with respect to its `[kh, kw, C, O]` filter, from
 * the layer input `x` `[B, H, W, C]` and the upstream gradient `dy` `[B, Ho, Wo, O]`, computed with one
 * forward convolution.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterSize: readonly [number, number],
  stride: number,
): tf.Tensor4D {
  return tf.tidy('conv2dFilterGradient', () => {
    const xT = tf.transpose(x, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    const full = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [stride, stride]);
    const window = tf.slice(full, [0, 0, 0, 0], [-1, filterSize[0], filterSize[1], -1]);
    return tf.transpose(window, [1, 2, 0, 3]);
  });
}

/**
 * The gradient of a 'valid', stride-`stride` conv2d with respect to its input: for stride 1 a forward
 * convolution of the zero-padded `dy` with the spatially reversed, in/out-swapped filter (exact, and
 * several times faster than wasm's Conv2DBackpropInput); for other strides the stock transposed conv.
 */
function conv2dInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], stride: number): tf.Tensor4D {
  return tf.tidy('conv2dFilterGradient.inputGradient', () => {
    if (stride !== 1) return tf.conv2dTranspose(dy, filter, inputShape, stride, 'valid');
    const [kh, kw] = filter.shape;
    const padded = tf.pad(dy, [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]);
    // Reversing both spatial axes = reversing the flattened kh·kw axis: a row gather (wasm's Reverse is slow).
    const [, , cin, cout] = filter.shape;
    const taps = kh * kw;
    const reversed = tf.gather(tf.reshape(filter, [taps, cin, cout]), tf.range(taps - 1, -1, -1, 'int32'));
    const flipped = tf.transpose(tf.reshape<tf.Rank.R4>(reversed, [kh, kw, cin, cout]), [0, 1, 3, 2]);
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}

const customByStride = new Map<number, (x: tf.Tensor, filter: tf.Tensor) => tf.Tensor>();

/**
 * A 'valid' conv2d whose gradients (input and filter) are computed from forward convolutions via
 * `tf.customGrad`, so it trains on backends without Conv2DBackpropFilter.
 */
export function conv2dValidCustomGrad(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  let op = customByStride.get(stride);
  if (op === undefined) {
    op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [xs, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
      save([xs, w]);
      return {
        value: tf.conv2d(xs, w, stride, 'valid'),
        gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
          const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
          return [conv2dInputGradient(dy, sw, sx.shape, stride), conv2dFilterGradient(sx, dy, [sw.shape[0], sw.shape[1]], stride)];
        },
      };
    });
    customByStride.set(stride, op);
  }
  return op(x, filter) as tf.Tensor4D;
}

/** Backends whose own Conv2DBackpropFilter is fast (libtensorflow, GPU shaders). */
const STOCK_GRADIENT_BACKENDS = new Set(['tensorflow', 'webgl', 'webgpu']);

/**
 * A 'valid' conv2d that can be trained on the current backend: the stock op on tfjs-node, webgl and
 * webgpu; elsewhere {@link conv2dValidCustomGrad} — wasm has no Conv2DBackpropFilter, and the cpu
 * backend's is a naive loop (120 s for one backward pass of the transform net at 16², vs ~3 s custom).
 */
export function conv2dValidTrainable(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number): tf.Tensor4D {
  const backend = tf.getBackend();
  if (STOCK_GRADIENT_BACKENDS.has(backend) && tf.getKernel('Conv2DBackpropFilter', backend) !== undefined) return tf.conv2d(x, filter, stride, 'valid');
  return conv2dValidCustomGrad(x, filter, stride);
}
