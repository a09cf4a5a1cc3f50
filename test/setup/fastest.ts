// End-to-end backend: tfjs-node when it is installed (scripts/install-tfjs-node.sh), else wasm.
import * as tf from '@tensorflow/tfjs-core';

try {
  await import('@tensorflow/tfjs-node' as string);
  await tf.setBackend('tensorflow');
} catch {
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
}
await tf.ready();
