// Soak test, outside CI: a long L-BFGS `stylize` run (VGG-19, tubingen × starry night) on the fastest backend,
// checking that neither live tensors nor the process's memory grow with the number of iterations.
//
//   npx tsx scripts/soak.ts [--iterations 2000] [--size 64] [--every 100] [--backend tfjs-node|wasm|cpu]
//
// Prints `tf.memory().numTensors` and RSS every --every iterations, as a Markdown table. Exits 1 when
//   - numTensors at any checkpoint after the warm-up (iteration 200) differs from its value at iteration 200
//     (tensors are exactly flat: every iteration frees what it makes), or
//   - RSS at any checkpoint exceeds the RSS at iteration 200 by more than 10% (allocator and JIT caches settle
//     during the warm-up; a leak of one 64² feature map per iteration would pass 10% within a few hundred), or
//   - after the run, numTensors is not back to its value before `stylize` (the done image disposed), or
//   - the run stops before the requested iterations (L-BFGS converged, or a non-finite loss).
// Early stopping is off; the time per 100 iterations is printed so a slow backend's rate can be reported.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { loadVgg19FromPath } from '../src/node/loadVgg19FromPath';
import { readImage } from '../src/node/readImage';
import { stylize } from '../src/transfer/stylize';

const DATA = resolve(import.meta.dirname, '../../shared/data');
const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    size: { type: 'string', default: '64' },
    every: { type: 'string', default: '100' },
    backend: { type: 'string' },
  },
});
// Quiet libtensorflow's info lines (tfjs-node is imported later, inside pickBackend).
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
const iterations = Number(args.iterations);
const every = Number(args.every);
const WARMUP = 200;
const RSS_TOLERANCE = 0.1;

const picked = await pickBackend(args.backend === undefined ? {} : { force: args.backend as BackendCandidate });
console.log(`Backend: ${picked.reason}`);
const extractor = await loadVgg19FromPath(resolve(DATA, 'weights/vgg19-notop-uint8'));
const content = await readImage(resolve(DATA, 'images/content/tubingen.jpg'));
const style = await readImage(resolve(DATA, 'images/style/starry_night.jpg'));
const tensorsBefore = tf.memory().numTensors;

interface Checkpoint { readonly iteration: number; readonly numTensors: number; readonly rssMB: number; readonly seconds: number; readonly loss: number }
const checkpoints: Checkpoint[] = [];
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
const started = performance.now();
let lastAt = started;
let stopReason = '';
let done = 0;
console.log('| iteration | numTensors | RSS MB | s per interval | total loss |\n|---|---|---|---|---|');
for await (const event of stylize({ content, style, extractor, size: Number(args.size), iterations, optimizer: 'lbfgs', multiScale: false, earlyStopping: false })) {
  if (event.type === 'iteration' && event.totalIterations % every === 0) {
    const now = performance.now();
    const checkpoint = { iteration: event.totalIterations, numTensors: tf.memory().numTensors, rssMB: mb(process.memoryUsage().rss), seconds: (now - lastAt) / 1000, loss: event.loss.total };
    lastAt = now;
    checkpoints.push(checkpoint);
    console.log(`| ${String(checkpoint.iteration)} | ${String(checkpoint.numTensors)} | ${String(checkpoint.rssMB)} | ${checkpoint.seconds.toFixed(1)} | ${checkpoint.loss.toExponential(3)} |`);
  }
  if (event.type === 'done') {
    stopReason = event.stopReason;
    done = event.iterations;
    event.image.dispose();
  }
}
tf.dispose([content, style]);
const tensorsAfter = tf.memory().numTensors + 2; // content and style were counted before
extractor.dispose();

const reference = checkpoints.find((c) => c.iteration === WARMUP);
const failures: string[] = [];
if (done < iterations) failures.push(`stopped after ${String(done)} of ${String(iterations)} iterations (${stopReason})`);
if (reference === undefined) failures.push(`no checkpoint at the warm-up iteration ${String(WARMUP)}`);
for (const c of checkpoints.filter((c) => reference !== undefined && c.iteration > reference.iteration)) {
  if (reference === undefined) break;
  if (c.numTensors !== reference.numTensors) failures.push(`numTensors ${String(c.numTensors)} at iteration ${String(c.iteration)} vs ${String(reference.numTensors)} at ${String(WARMUP)}`);
  if (c.rssMB > reference.rssMB * (1 + RSS_TOLERANCE)) failures.push(`RSS ${String(c.rssMB)} MB at iteration ${String(c.iteration)} > ${String(reference.rssMB)} MB at ${String(WARMUP)} + ${String(RSS_TOLERANCE * 100)}%`);
}
if (tensorsAfter !== tensorsBefore) failures.push(`${String(tensorsAfter - tensorsBefore)} tensors left after the run`);
const seconds = (performance.now() - started) / 1000;
console.log(`\n${String(done)} iterations in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(1)} it/s) on ${picked.name}; stop reason ${stopReason}; tensors before ${String(tensorsBefore)}, after ${String(tensorsAfter)}.`);
if (failures.length > 0) {
  console.log(`FAIL:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(`PASS: numTensors flat after iteration ${String(WARMUP)}, RSS within +${String(RSS_TOLERANCE * 100)}% of iteration ${String(WARMUP)}.`);
}
