// Frees a custom gradient's inputs as soon as it has used them. tfjs's tape keeps every tensor it saved for the
// backward pass, and every gradient it computed, until the whole backward pass ends (tape.ts,
// backpropagateGradients), so a network's backward pass holds its forward activations and all their gradients at
// once: about three copies of the activations. A chain of custom gradients that each dispose what only they use
// (their saved forward tensors, the incoming gradient `dy` once it is consumed) holds about one copy.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Disposes `saved` and `dy` after a custom gradient has computed its result from them, when that is safe:
 * only in a first-order gradient (a higher-order one replays the tape and needs them again), and `dy` only when
 * the backward pass made it, i.e. it is newer than the op's forward output (`forwardId`, a tensor id: ids grow).
 * A `dy` passed in by the caller of `tf.grad(f)(x, dy)` is older than every tensor `f` made and is kept.
 */
export function releaseBackward(dy: tf.Tensor, saved: readonly tf.Tensor[], forwardId: number): void {
  if (tf.engine().state.gradientDepth !== 0) return;
  for (const t of saved) t.dispose();
  if (dy.id > forwardId) dy.dispose();
}
