// Time-to-quality of the stylize loop: how many objective evaluations and seconds each optimisation strategy
// needs to bring the total loss (default preset's losses, at the output size) under a fixed target.
//
//   npx tsx benchmarks/stylize.ts [--size 256] [--evaluations 120] [--backend tfjs-node|wasm|cpu]
//
// Strategies: bounded L-BFGS single-scale, L-BFGS coarse-to-fine (128 px, ×√2), bounded Adam (lr 10) single-
// scale, Adam coarse-to-fine. Each gets the same budget of evaluations at the output size (coarse scales come
// on top and their time is counted). The target is 1.25 × the loss single-scale L-BFGS reaches within the budget
// — a fixed quality level near convergence. Only iterations at the output size count towards reaching it
// (losses at coarser sizes are not comparable). Content tubingen.jpg, style starry_night.jpg, VGG-19 uint8.
// Prints a Markdown table and writes benchmarks/results/stylize.{json,md}.
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadVgg19FromPath, pickBackend, readImage, stylize, type BackendCandidate, type StylizeOptions } from '../src/node/index';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
};
const size = Number(arg('size', '256'));
const budget = Number(arg('evaluations', '120'));
const backendArg = arg('backend', '');
const DATA = resolve(import.meta.dirname, '../../shared/data');

const picked = await pickBackend(backendArg === '' ? {} : { force: backendArg as BackendCandidate });
console.error(`backend: ${picked.reason}`);
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const content = await readImage(`${DATA}/images/content/tubingen.jpg`, { size });
const style = await readImage(`${DATA}/images/style/starry_night.jpg`, { size });

interface Trace {
  readonly name: string;
  /** At the output size: cumulative evaluations (all scales), seconds since start, total loss at that iteration. */
  readonly points: { evaluations: number; seconds: number; loss: number }[];
  finalDelivered: number;
  seconds: number;
}

const strategies: readonly [string, Partial<StylizeOptions>][] = [
  ['L-BFGS, single scale', { optimizer: 'lbfgs', multiScale: false }],
  ['L-BFGS, coarse-to-fine', { optimizer: 'lbfgs', multiScale: { start: 128, factor: Math.SQRT2 } }],
  ['Adam lr 10, single scale', { optimizer: { name: 'adam', learningRate: 10 }, multiScale: false }],
  ['Adam lr 10, coarse-to-fine', { optimizer: { name: 'adam', learningRate: 10 }, multiScale: { start: 128, factor: Math.SQRT2 } }],
];

const traces: Trace[] = [];
for (const [name, overrides] of strategies) {
  const trace: Trace = { name, points: [], finalDelivered: Number.NaN, seconds: 0 };
  const started = performance.now();
  let scales = 1;
  let lastScaleStartEvaluations = 0;
  for await (const event of stylize({
    content, style, extractor: vgg, size, iterations: budget, maxEvaluations: budget, earlyStopping: false, ...overrides,
  })) {
    if (event.type === 'scale') {
      scales = event.scales;
      console.error(`${name}: scale ${event.scale + 1}/${event.scales} ${event.width}×${event.height}`);
    } else if (event.type === 'iteration') {
      if (event.scale === scales - 1) {
        if (event.iteration === 1) lastScaleStartEvaluations = event.evaluations;
        trace.points.push({ evaluations: event.evaluations, seconds: (performance.now() - started) / 1000, loss: event.loss.total });
      }
    } else if (event.type === 'done') {
      trace.finalDelivered = event.deliveredLoss.total;
      trace.seconds = (performance.now() - started) / 1000;
      event.image.dispose();
    }
  }
  console.error(`${name}: ${trace.seconds.toFixed(1)} s, final delivered loss ${trace.finalDelivered.toExponential(3)} (${lastScaleStartEvaluations} evaluations before the last scale)`);
  traces.push(trace);
}

const reference = traces[0];
const target = 1.25 * (reference?.finalDelivered ?? Number.NaN);
const lines = [
  `Time to quality, ${size}×${Math.round((size * content.shape[0]) / content.shape[1])} (tubingen × starry night, VGG-19 uint8, default preset losses), backend ${picked.name}; target total loss ${target.toExponential(3)} (1.25 × single-scale L-BFGS after ${budget} evaluations).`,
  '',
  '| strategy | evaluations to target | seconds to target | final delivered loss | total seconds |',
  '|---|---|---|---|---|',
];
const rows = traces.map((trace) => {
  const hit = trace.points.find((p) => p.loss <= target);
  lines.push(
    `| ${trace.name} | ${hit === undefined ? 'not reached' : String(hit.evaluations)} | ${hit === undefined ? '—' : hit.seconds.toFixed(1)} | ${trace.finalDelivered.toExponential(3)} | ${trace.seconds.toFixed(1)} |`,
  );
  return { name: trace.name, reached: hit ?? null, finalDelivered: trace.finalDelivered, seconds: trace.seconds, points: trace.points };
});
const table = lines.join('\n');
console.log(table);
const out = resolve(import.meta.dirname, 'results');
await mkdir(out, { recursive: true });
await writeFile(`${out}/stylize.json`, `${JSON.stringify({ backend: picked.name, size, budget, target, rows }, null, 2)}\n`);
await writeFile(`${out}/stylize.md`, `${table}\n`);
tf.dispose([content, style]);
vgg.dispose();
