// Max or average pooling ('valid' padding) whose gradient frees the pool's input, output and incoming gradient as
// soon as it has used them (src/internal/releaseBackward.ts). Same kernels, so the same values, as tf.maxPool /
// tf.avgPool and their tfjs gradients.
import * as tf from '@tensorflow/tfjs-core';
import { releaseBackward } from '../../internal/releaseBackward';

/** `kind` pooling of `x` with a `size`×`size` window and stride `stride`, 'valid' padding. */
export function pool2d(x: tf.Tensor4D, kind: 'max' | 'average', size: number, stride: number): tf.Tensor4D {
  const attrs = { filterSize: size, strides: stride, pad: 'valid' };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    const save = args[1] as tf.GradSaveFunc;
    const y = kind === 'max' ? tf.maxPool(input, size, stride, 'valid') : tf.avgPool(input, size, stride, 'valid');
    save(kind === 'max' ? [input, y] : [input]);
    const forwardId = y.id;
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const dx =
          kind === 'max'
            ? tf.engine().runKernel<tf.Tensor4D>(tf.MaxPoolGrad, { dy, input: saved[0] as tf.Tensor4D, output: saved[1] as tf.Tensor4D }, attrs)
            : tf.engine().runKernel<tf.Tensor4D>(tf.AvgPoolGrad, { dy, input: saved[0] as tf.Tensor4D }, attrs);
        releaseBackward(dy, saved, forwardId);
        return dx;
      },
    };
  });
  return op(x);
}
