// The fast input gradient of a stride-1 'same' convolution with an odd kernel (DESIGN.md §4).
//
// For y = conv2d(x, W) with stride 1, 'same' padding and a k×k kernel, k odd (padding (k-1)/2 on each side),
//   dx[n, i, j, c] = Σ_{a,b,o} dy[n, i - a + p, j - b + p, o] · W[a, b, c, o]
// which is a forward 'same' convolution of dy with W' where W'[a, b, o, c] = W[k-1-a, k-1-b, c, o]: the
// kernel reversed in both spatial axes with its in/out channels swapped. wasm's forward conv is ~10× faster
// than its Conv2DBackpropInput kernel, so this gradient, attached through tf.customGrad (no global kernel
// registration), makes the extractor's backward pass several times faster there; the values are the same
// sums in a different order.
import * as tf from '@tensorflow/tfjs-core';

/** True when the fast formulation applies: a square-or-not kernel with odd height and width. */
export function hasOddKernel(kernel: tf.Tensor4D): boolean {
  return kernel.shape[0] % 2 === 1 && kernel.shape[1] % 2 === 1;
}

/** W' of the header comment: `[kh, kw, in, out]` → reversed spatially, `[kh, kw, out, in]`. */
export function flipKernelForInputGrad(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy('flipKernelForInputGrad', () => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]));
}

/**
 * `activation(conv2d(x, kernel, 1, 'same') + bias)` with the input gradient computed as a forward conv with
 * `flipped` (= flipKernelForInputGrad(kernel)). Kernel and bias are constants here: no gradient flows to them.
 * `relu` masks dy by (y > 0) exactly as tfjs's fused-conv gradient does (step(0) = 0).
 */
export function conv2dSameFastGrad(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  flipped: tf.Tensor4D,
  bias: tf.Tensor1D | undefined,
  relu: boolean,
): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    const save = args[1] as tf.GradSaveFunc;
    // The FusedConv2D kernel directly: tf.fused.conv2d falls back to separate conv, add and relu kernels
    // whenever a gradient tape is active, which is exactly when this op runs in an optimisation loop.
    const inputs: Record<string, tf.Tensor> = bias === undefined ? { x: input, filter: kernel } : { x: input, filter: kernel, bias };
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, dimRoundingMode: 'floor', activation: relu ? 'relu' : 'linear' };
    const y = tf.engine().runKernel<tf.Tensor4D>(tf.FusedConv2D, inputs, attrs);
    if (relu) save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const dz: tf.Tensor4D = relu ? tf.mul(dy, reluMask(saved[0] as tf.Tensor4D)) : dy;
        return tf.conv2d(dz, flipped, 1, 'same');
      },
    };
  });
  return op(x);
}

/**
 * 1 where y > 0, else 0, for a post-ReLU y (the same values as tfjs's step(y) there). Measured
 * (benchmarks/reluMask.ts, [1, 128, 128, 64]): tfjs-node runs Step as five TensorFlow ops (55 ms) against
 * 6 ms for cast(y > 0); on wasm Step is the single fastest kernel (22 ms vs 63 ms).
 */
export function reluMask(y: tf.Tensor4D): tf.Tensor4D {
  return tf.getBackend() === 'wasm' ? tf.step(y) : tf.cast(tf.greater<tf.Tensor4D>(y, 0), 'float32');
}
