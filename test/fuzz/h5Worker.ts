// Worker for scripts/fuzz-weight-loaders.ts: reads one .h5 per message with loadKerasH5Weights, so that the
// parent can stop a case that never returns (libhdf5 can loop forever on some corrupt metadata).
import { parentPort } from 'node:worker_threads';
import { StylegradError } from '../../src/errors';
import { loadKerasH5Weights } from '../../src/io/loadKerasH5Weights';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
parentPort?.on('message', (bytes: Uint8Array) => {
  loadKerasH5Weights(bytes, 'w.h5').then(
    (w) => {
      const arrays = Object.fromEntries(Object.entries(w.tensors).map(([n, t]) => [n, { shape: t.shape, data: new Uint8Array((t.dataSync() as Float32Array).slice().buffer) }]));
      tf.dispose(Object.values(w.tensors));
      parentPort?.postMessage({ arrays });
    },
    (error: unknown) => parentPort?.postMessage({ error: error instanceof StylegradError ? 'stylegrad' : 'other', message: String(error) }),
  );
});
