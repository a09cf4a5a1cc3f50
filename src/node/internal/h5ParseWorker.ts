// Worker entry of parseH5InWorker (built to dist/node/h5ParseWorker.js and dist/cli/h5ParseWorker.js): reads
// one Keras .h5 file, decodes its weights with h5wasm and posts them back as transferable Float32Arrays with
// their names, shapes and dtypes (no tensors: the main thread builds them). A StylegradError is posted as
// data; anything else as a message. libhdf5 can loop forever on some corrupt metadata, which is why this runs
// here: the parent terminates this thread when it takes too long.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { StylegradError } from '../../errors';
import { readKerasH5Arrays } from '../../io/readKerasH5Arrays';
import type { H5WorkerReply, H5WorkerRequest } from './parseH5InWorker';

const { file, fn, argument } = workerData as H5WorkerRequest;

async function parse(): Promise<void> {
  try {
    const weights = await readKerasH5Arrays(fn, argument, await readFile(file), file);
    const buffers = [...new Set(weights.map((w) => w.values.buffer as ArrayBuffer))];
    parentPort?.postMessage({ weights } satisfies H5WorkerReply, buffers);
  } catch (error) {
    const reply: H5WorkerReply = error instanceof StylegradError
      ? { stylegrad: { functionName: error.functionName, argument: error.argument, problem: error.problem } }
      : { failure: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage(reply);
  }
}

void parse();
