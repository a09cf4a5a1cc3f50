// Unit-test backend: tfjs's WebAssembly backend (single-threaded in Node, DESIGN.md §4).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';

await tf.setBackend('wasm');
await tf.ready();
if (tf.getBackend() !== 'wasm') throw new Error(`wasm backend did not initialise (got ${tf.getBackend()})`);
