// Parses a Keras .h5 file in a worker thread with a time limit (Node only). h5wasm runs libhdf5 as
// synchronous WebAssembly; on some corrupt metadata libhdf5 loops forever, and such a loop cannot be
// interrupted from its own thread. In a worker it can: the thread is terminated when the limit passes and the
// caller gets a StylegradError saying the file looks corrupt. Browsers keep the in-thread parse
// (loadKerasH5Weights).
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { restateError } from '../../internal/restateError';
import type { H5WeightArray } from '../../io/readKerasH5Arrays';
import type { WeightMap } from '../../io/types';
import { loadKerasH5Weights } from '../../io/loadKerasH5Weights';

/** What the worker is given. */
export interface H5WorkerRequest {
  readonly file: string;
  /** The public function and argument the worker's errors name (the caller's, not the parser's). */
  readonly fn: string;
  readonly argument: string;
}

/** What the worker posts back: the weights, a StylegradError as data, or another failure's message. */
export type H5WorkerReply =
  | { readonly weights: H5WeightArray[] }
  | { readonly stylegrad: { readonly functionName: string; readonly argument: string; readonly problem: string } }
  | { readonly failure: string };

/** The environment variable that sets the .h5 parse time limit, in seconds. */
export const H5_TIMEOUT_ENV = 'STYLEGRAD_H5_TIMEOUT';

/**
 * The default time limit for parsing a .h5 file of `bytes` bytes: 60 s plus 1 s per 10 MB. Measured here
 * (2 shared cores): the 3 MB SqueezeNet file parses in about 40 ms (~75 MB/s) plus about 100 ms to start the
 * worker, so a healthy file gets a margin of well over 10× even on a slow, loaded machine (the 80 MB VGG-19
 * notop file: limit 69 s for about 1 s of work; the 575 MB full VGG-19: 118 s for about 8 s).
 */
export function defaultH5TimeoutSeconds(bytes: number): number {
  return 60 + Math.ceil(bytes / 10_000_000);
}

/**
 * The time limit in seconds: `seconds` if given, else `$STYLEGRAD_H5_TIMEOUT`, else the default for the
 * file's size. Each must be a positive finite number.
 */
export function h5TimeoutSeconds(fn: string, argument: string, seconds: number | undefined, bytes: number): number {
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
      throw new StylegradError(fn, argument, `must be a positive number of seconds (got ${String(seconds)}).`);
    }
    return seconds;
  }
  const env = process.env[H5_TIMEOUT_ENV];
  if (env !== undefined && env.trim() !== '') {
    const value = Number(env);
    if (!Number.isFinite(value) || value <= 0) throw new StylegradError(fn, `$${H5_TIMEOUT_ENV}`, `must be a positive number of seconds (got '${env}').`);
    return value;
  }
  return defaultH5TimeoutSeconds(bytes);
}

/** The worker script beside this module: `h5ParseWorker.ts` when running from source, `.js` when built. */
function workerScript(): { path: string; typescript: boolean } | undefined {
  const here = import.meta.url;
  const typescript = /\.[cm]?ts$/.test(new URL(here).pathname);
  const url = new URL(typescript ? './h5ParseWorker.ts' : './h5ParseWorker.js', here);
  const path = fileURLToPath(url);
  return existsSync(path) ? { path, typescript } : undefined;
}

function startWorker(script: { path: string; typescript: boolean }, request: H5WorkerRequest): Worker {
  if (!script.typescript) return new Worker(script.path, { workerData: request });
  // From source (vitest, tsx): tsx's loader is per thread, so register it in the worker first.
  // tsx is resolved from here, not from the worker's working directory (a CLI run from another folder).
  const url = JSON.stringify(pathToFileURL(script.path).href);
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = JSON.stringify(pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href); // tsx's 'tsx/esm/api' import entry
  return new Worker(`import(${tsx}).then(({ register }) => { register(); return import(${url}); });`, { eval: true, workerData: request });
}

/** Who is asking, for error messages, and the caller's time limit if it set one. */
export interface ParseH5InWorkerOptions {
  /** The public function, e.g. `loadWeightsFromPath`. */
  readonly fn: string;
  /** Its argument holding the path, e.g. `weightsPath`. */
  readonly argument: string;
  /** The caller's limit in seconds (undefined: `$STYLEGRAD_H5_TIMEOUT`, else the default for the size). */
  readonly timeoutSeconds?: number | undefined;
  /** The option that set `timeoutSeconds`, for its error, e.g. `options.h5TimeoutSeconds`. */
  readonly timeoutArgument: string;
}

/**
 * Reads the Keras .h5 file `file` into named tensors, parsing it in a worker thread that is terminated when it
 * answers or when the time limit passes (see {@link h5TimeoutSeconds}). Errors of the parse are loadKerasH5Weights'
 * StylegradErrors (passed back as data) restated as `fn`'s about `argument`; a parse that does not finish in time is a
 * StylegradError of `fn` about `argument` saying the file looks corrupt. When the worker script is absent (the
 * library was re-bundled into a single file), the file is parsed in this thread, as before, without a limit.
 *
 * @returns The weights; the caller owns the tensors.
 */
export async function parseH5InWorker(file: string, options: ParseH5InWorkerOptions): Promise<WeightMap> {
  const { fn, argument } = options;
  const { size } = await stat(file);
  const limit = h5TimeoutSeconds(fn, options.timeoutArgument, options.timeoutSeconds, size);
  const script = workerScript();
  if (script === undefined) return loadKerasH5Weights(await readFile(file), file).catch((error: unknown) => { throw restateError(error, fn, argument); });
  const worker = startWorker(script, { file, fn, argument });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reply = await new Promise<H5WorkerReply>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(new StylegradError(fn, argument, `'${file}' looks corrupt: its HDF5 parse did not finish in ${limit} s (libhdf5 can loop forever on damaged metadata; the parse was stopped). Re-download the file; if it is a very large file on a slow machine, raise the limit (${options.timeoutArgument} or $${H5_TIMEOUT_ENV}, in seconds).`));
    }, Math.min(limit * 1000, 2 ** 31 - 1)); // setTimeout's largest delay (about 24.8 days)
    worker.once('message', resolve);
    worker.once('error', (error) => {
      reject(new StylegradError(fn, argument, `'${file}' could not be parsed: the HDF5 worker failed (${error.message}).`));
    });
    worker.once('exit', (code) => {
      reject(new StylegradError(fn, argument, `'${file}' could not be parsed: the HDF5 worker exited with code ${code} before answering.`));
    });
  }).finally(async () => {
    clearTimeout(timer);
    worker.removeAllListeners();
    worker.on('error', () => undefined); // nothing more is expected; never an unhandled 'error' event
    await worker.terminate();
  });
  if ('stylegrad' in reply) {
    const { functionName, argument: which, problem } = reply.stylegrad;
    throw new StylegradError(functionName, which, problem);
  }
  if ('failure' in reply) throw new StylegradError(fn, argument, `'${file}' could not be read (${reply.failure}).`);
  const tensors: Record<string, tf.Tensor> = {};
  try {
    for (const { name, shape, dtype, values } of reply.weights) tensors[name] = tf.tensor(values, shape, dtype);
  } catch (error) {
    tf.dispose(Object.values(tensors));
    throw error;
  }
  return { source: file, tensors, missing: {} };
}
