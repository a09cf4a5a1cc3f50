// TensorFlow ops that tfjs-node's kernel set does not expose, run directly on its backend when it is the
// active one. tfjs-node runs each tfjs kernel as one or more TensorFlow eager ops through N-API; its
// `executeSingleOutput(opName, attrs, inputs)` runs any TensorFlow op by name (attributes of type, int, float,
// bool and string, not lists of strings: `_FusedConv2D`'s `fused_ops` is out of reach). The backend is
// recognised by shape (name 'tensorflow' and that method), so nothing here imports tfjs-node (only `stylegrad/node` may);
// on every other backend these helpers return undefined and the caller falls back to tfjs ops.
import * as tf from '@tensorflow/tfjs-core';

interface TensorflowBackend {
  readonly binding: { readonly TF_ATTR_TYPE: number; readonly TF_FLOAT: number };
  executeSingleOutput(name: string, attrs: readonly unknown[], inputs: readonly tf.Tensor[]): tf.Tensor;
}

/**
 * Switch for benchmarks and tests: false turns off every TensorFlow-specific choice of the extractors (these
 * ops, and the per-layer gradient choice of `stockInputGradFaster`) for an A/B against the portable path.
 * True in normal use.
 */
export const tensorflowOps = { enabled: true };

/** True when the active backend is TensorFlow's (tfjs-node, tfjs-node-gpu) and the switch is on. */
export function onTensorflow(): boolean {
  return tensorflowOps.enabled && tf.getBackend() === 'tensorflow';
}

/** The active backend when it is tfjs-node's (or tfjs-node-gpu's) TensorFlow backend, else undefined. */
function tensorflowBackend(): TensorflowBackend | undefined {
  if (!onTensorflow()) return undefined;
  const backend = tf.backend() as unknown as Partial<TensorflowBackend>;
  return typeof backend.executeSingleOutput === 'function' && backend.binding !== undefined ? (backend as TensorflowBackend) : undefined;
}

/**
 * TensorFlow's `ReluGrad(dy, y)` = dy where y > 0, else 0 (one op, one pass) for float32 tensors of one shape,
 * or undefined when the backend is not TensorFlow's. tfjs computes the same as dy · step(y) (Step is five
 * TensorFlow ops on tfjs-node) or, in this library, dy · cast(y > 0) (three).
 */
export function tensorflowReluGrad<T extends tf.Tensor>(dy: T, y: T): T | undefined {
  const backend = tensorflowBackend();
  if (backend === undefined || dy.dtype !== 'float32' || y.dtype !== 'float32') return undefined;
  const { binding } = backend;
  return backend.executeSingleOutput('ReluGrad', [{ name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT }], [dy, y]) as T;
}
