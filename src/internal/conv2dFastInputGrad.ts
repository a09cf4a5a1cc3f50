// The fast input gradient of a stride-1 'same' convolution with an odd kernel.
//
// For y = conv2d(x, W) with stride 1, 'same' padding and a k×k kernel, k odd (padding (k-1)/2 on each side),
//   dx[n, i, j, c] = Σ_{a,b,o} dy[n, i - a + p, j - b + p, o] · W[a, b, c, o]
// which is a forward 'same' convolution of dy with W' where W'[a, b, o, c] = W[k-1-a, k-1-b, c, o]: the
// kernel reversed in both spatial axes with its in/out channels swapped. wasm's forward conv is ~10× faster
// than its Conv2DBackpropInput kernel, so this gradient, attached through tf.customGrad (no global kernel
// registration), makes the extractor's backward pass several times faster there; the values are the same
// sums in a different order. On TensorFlow (tfjs-node) the choice is per layer (stockInputGradFaster) and the
// ReLU mask is TensorFlow's one-op ReluGrad (tensorflowOps.ts).
import * as tf from '@tensorflow/tfjs-core';
import { releaseBackward } from './releaseBackward';
import { onTensorflow, tensorflowReluGrad } from './tensorflowOps';

/** True when the fast formulation applies: a square-or-not kernel with odd height and width. */
export function hasOddKernel(kernel: tf.Tensor4D): boolean {
  return kernel.shape[0] % 2 === 1 && kernel.shape[1] % 2 === 1;
}

/** W' of the header comment: `[kh, kw, in, out]` → reversed spatially, `[kh, kw, out, in]`. */
export function flipKernelForInputGrad(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy('conv2dFastInputGrad.flipKernel', () => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]));
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
    const forwardId = y.id;
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        // In a tidy, so the ReLU-masked gradient is freed at once; then y and dy go too (releaseBackward.ts).
        const dx = tf.tidy('conv2dSameFastGrad.inputGradient', () => {
          const dz: tf.Tensor4D = relu ? reluGrad(dy, saved[0] as tf.Tensor4D) : dy;
          return stockInputGradFaster(kernel) ? tf.conv2dTranspose(dz, kernel, input.shape, 1, 'same') : tf.conv2d(dz, flipped, 1, 'same');
        });
        releaseBackward(dy, saved, forwardId);
        return dx;
      },
    };
  });
  return op(x);
}

/**
 * Whether the stock `Conv2DBackpropInput` beats the flipped-kernel forward conv for this kernel's input gradient
 * on the active backend. Only on TensorFlow (tfjs-node), and only when the gradient has few channels (VGG's
 * first conv, 64 → 3): measured at 256² with oneDNN off, TensorFlow's forward conv producing 3 channels runs at
 * ~10 GFLOP/s (22.6 ms) against 6.4 ms for its Conv2DBackpropInput, while for 16 to 512 channels the flipped
 * conv is 0.5–1.1× the stock time (benchmarks/README.md, "Per-layer input gradient"). wasm's
 * Conv2DBackpropInput is a naive loop at every shape: the flipped conv stays there, and on cpu.
 */
export function stockInputGradFaster(kernel: tf.Tensor4D): boolean {
  return kernel.shape[2] <= 4 && onTensorflow();
}

/**
 * 1 where y > 0, else 0, for a post-ReLU y (the same values as tfjs's step(y) there). Measured
 * (benchmarks/reluMask.ts, [1, 128, 128, 64]): tfjs-node runs Step as five TensorFlow ops (55 ms) against
 * 6 ms for cast(y > 0); on wasm Step is the single fastest kernel (22 ms vs 63 ms).
 */
export function reluMask(y: tf.Tensor4D): tf.Tensor4D {
  return tf.getBackend() === 'wasm' ? tf.step(y) : tf.cast(tf.greater<tf.Tensor4D>(y, 0), 'float32');
}

/**
 * dy · (y > 0) for a post-ReLU y: the gradient through a ReLU, given its output. One TensorFlow `ReluGrad` op
 * on tfjs-node; elsewhere dy times {@link reluMask}. Same values either way (a product by exactly 0 or 1).
 */
export function reluGrad(dy: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor4D {
  return tensorflowReluGrad(dy, y) ?? tf.mul(dy, reluMask(y));
}
