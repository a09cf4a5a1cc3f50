// Differentiable sort of each row of a matrix. tfjs registers no gradient for TopK, so the sorted values are
// gathered by the permutation TopK returns, and the gradient is gathered back by the inverse permutation
// (the argsort of that permutation): a permutation's Jacobian transposed is its inverse. Only TopK and
// GatherV2 kernels are used, which every backend has (wasm lacks UnsortedSegmentSum, gather's stock gradient).
import * as tf from '@tensorflow/tfjs-core';

/** Flat indices into a `[rows, n]` matrix from per-row column indices. */
function flatIndices(columns: tf.Tensor2D): tf.Tensor1D {
  const [rows, n] = columns.shape;
  const offsets = tf.mul(tf.reshape(tf.range(0, rows, 1, 'int32'), [rows, 1]), tf.scalar(n, 'int32'));
  return tf.reshape(tf.add(columns, offsets), [-1]);
}

const sortDescending = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [matrix, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
  const [rows, n] = matrix.shape;
  const order = tf.topk(matrix, n, true).indices;
  const inverse = tf.topk(tf.neg(tf.cast(order, 'float32')), n, true).indices;
  save([flatIndices(inverse)]);
  return {
    value: tf.reshape(tf.gather(tf.reshape(matrix, [-1]), flatIndices(order)), [rows, n]),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tf.reshape(tf.gather(tf.reshape(dy, [-1]), saved[0] as tf.Tensor1D), [rows, n]),
  };
}) as (matrix: tf.Tensor2D) => tf.Tensor2D;

/** Each row of `matrix` `[rows, n]` sorted in descending order; differentiable. */
export function sortRows(matrix: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy('sortRows', () => sortDescending(matrix));
}
