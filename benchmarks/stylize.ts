// Time-to-quality of the stylize loop: how many objective evaluations and seconds each optimisation strategy
// needs to bring the total loss (the default preset's losses, at the output size) under a fixed target, with
// the PyTorch tutorial's algorithm on the same weights, pixels and loss in the same run.
//
//   npx tsx benchmarks/stylize.ts [--size 512] [--evaluations 80] [--backend tfjs-node|wasm|cpu] [--no-square]
//     [--strategies lbfgs,lbfgs-c2f,adam,adam-c2f,default] [--target LOSS] [--torch none,strong_wolfe] [--no-torch]
//     [--python /path/to/venv/bin/python] [--out benchmarks/results/stylize]
//
// Images: tubingen.jpg (content; the central square unless --no-square) and starry_night.jpg (style, longer
// side = size), VGG-19 uint8. Strategies: bounded L-BFGS single-scale, L-BFGS coarse-to-fine (128 px, ×√2),
// bounded Adam (lr 10) single-scale, Adam coarse-to-fine; each gets the same budget of evaluations at the
// output size (coarse scales come on top and their time is counted). Then PyTorch
// (scripts/reference/bench_stylize.py): torch.optim.LBFGS as the tutorial runs it (no line search, clamp in the
// closure), and with strong-Wolfe line search, on the exact pixels stylegrad used.
// The target is 1.25 × the delivered loss the first strategy (single-scale L-BFGS) reaches within the budget, or
// --target (to add rows to an earlier run). Only losses at the
// output size count (coarser losses are not comparable). See benchmarks/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { defaultPeerPython, lastJsonLine } from './internal/peer';
import { getPreset, loadVgg19FromPath, pickBackend, readImage, resizeImage, stylize, type BackendCandidate, type StylizeOptions } from '../src/node/index';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '512' },
    evaluations: { type: 'string', default: '80' },
    backend: { type: 'string' },
    'no-square': { type: 'boolean', default: false },
    strategies: { type: 'string', default: 'lbfgs,lbfgs-c2f,adam,adam-c2f' },
    target: { type: 'string' },
    torch: { type: 'string', default: 'none,strong_wolfe' },
    'no-torch': { type: 'boolean', default: false },
    python: { type: 'string', default: defaultPeerPython(root) },
    out: { type: 'string', default: resolve(root, 'benchmarks/results/stylize') },
  },
});
const size = Number(args.size);
const budget = Number(args.evaluations);
const torch = !args['no-torch'] && existsSync(args.python);
const DATA = resolve(root, '../shared/data');

const picked = await pickBackend(args.backend === undefined ? {} : { force: args.backend as BackendCandidate });
console.error(`backend: ${picked.reason}`);
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const content = await readContent();
const style = await readImage(`${DATA}/images/style/starry_night.jpg`, { size });
const [height, width] = [content.shape[0], content.shape[1]];

/** The content image at the output size: its central square resized to size² (or the whole image, longer side = size). */
async function readContent(): Promise<tf.Tensor3D> {
  const path = `${DATA}/images/content/tubingen.jpg`;
  if (args['no-square']) return readImage(path, { size });
  const full = await readImage(path);
  const [h, w] = [full.shape[0], full.shape[1]];
  const side = Math.min(h, w);
  const square = tf.tidy(() => resizeImage(tf.slice(full, [Math.floor((h - side) / 2), Math.floor((w - side) / 2), 0], [side, side, 3]), { height: size, width: size }));
  full.dispose();
  return square;
}

/** One loss value at the output size, and when it was reached (cumulative evaluations over all scales, seconds). */
interface Point {
  readonly evaluations: number;
  readonly seconds: number;
  readonly loss: number;
}
interface Trace {
  readonly name: string;
  readonly implementation: string;
  readonly points: Point[];
  /** Whether the run starts from the content image at the output size (so its initial loss checks the loss definition). */
  readonly fromContent: boolean;
  initialLoss: number;
  finalDelivered: number;
  evaluations: number;
  seconds: number;
}

const coarseToFine = { start: 128, factor: Math.SQRT2 };
const allStrategies: Readonly<Record<string, readonly [string, Partial<StylizeOptions>]>> = {
  lbfgs: ['L-BFGS, single scale', { optimizer: 'lbfgs', multiScale: false }],
  'lbfgs-c2f': ['L-BFGS, coarse-to-fine', { optimizer: 'lbfgs', multiScale: coarseToFine }],
  adam: ['Adam lr 10, single scale', { optimizer: { name: 'adam', learningRate: 10 }, multiScale: false }],
  'adam-c2f': ['Adam lr 10, coarse-to-fine', { optimizer: { name: 'adam', learningRate: 10 }, multiScale: coarseToFine }],
  // What a user gets without options: the default preset's coarse-to-fine L-BFGS with its early stopping.
  default: ['default preset: L-BFGS, coarse-to-fine, early stopping', { optimizer: 'lbfgs', multiScale: coarseToFine, earlyStopping: getPreset('default').earlyStopping ?? false }],
};
const strategies = args.strategies.split(',').map((key) => {
  const strategy = allStrategies[key];
  if (strategy === undefined) throw new Error(`--strategies: unknown '${key}'; valid: ${Object.keys(allStrategies).join(', ')}`);
  return strategy;
});
const peers = args.torch.split(',').filter((key) => key !== '').map((key) => {
  if (key !== 'none' && key !== 'strong_wolfe') throw new Error(`--torch: unknown '${key}'; valid: none, strong_wolfe`);
  return key;
});

async function runStylegrad(name: string, overrides: Partial<StylizeOptions>): Promise<Trace> {
  const trace: Trace = { name, implementation: `stylegrad (${picked.name})`, points: [], fromContent: overrides.multiScale === false, initialLoss: Number.NaN, finalDelivered: Number.NaN, evaluations: 0, seconds: 0 };
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let scales = 1;
  // An iteration event reports the loss at the start of its step, i.e. the point the previous step reached.
  let reached = { evaluations: 0, seconds: 0 };
  for await (const event of stylize({ content, style, extractor: vgg, size, iterations: budget, maxEvaluations: budget, earlyStopping: false, ...overrides })) {
    if (event.type === 'scale') {
      scales = event.scales;
      console.error(`${name}: scale ${event.scale + 1}/${event.scales} ${event.width}×${event.height}`);
    } else if (event.type === 'iteration') {
      if (event.scale === scales - 1) {
        if (event.iteration === 1) trace.initialLoss = event.loss.total;
        trace.points.push({ ...reached, loss: event.loss.total });
      }
      reached = { evaluations: event.evaluations, seconds: seconds() };
    } else if (event.type === 'done') {
      trace.points.push({ evaluations: event.evaluations, seconds: seconds(), loss: event.loss.total });
      trace.finalDelivered = event.deliveredLoss.total;
      trace.evaluations = event.evaluations;
      trace.seconds = seconds();
      event.image.dispose();
    }
  }
  return trace;
}

interface TorchOutput {
  readonly impl: string;
  readonly algorithm: string;
  readonly threads: number;
  readonly initialLoss: { readonly total: number };
  readonly deliveredLoss: { readonly total: number };
  readonly evaluations: number;
  readonly seconds: number;
  readonly trace: Point[];
}

/** Writes the exact pixels and loss spec stylegrad used, for scripts/reference/bench_stylize.py. */
function writePeerInputs(folder: string): void {
  const preset = getPreset('default');
  const raw = (t: tf.Tensor3D): Buffer => Buffer.from(new Float32Array(t.dataSync()).buffer);
  writeFileSync(join(folder, 'content.f32'), raw(content));
  writeFileSync(join(folder, 'style.f32'), raw(style));
  const spec = {
    contentShape: content.shape, styleShape: style.shape,
    contentLayers: preset.contentLayers, styleLayers: preset.styleLayers,
    contentWeight: preset.contentWeight, styleWeight: preset.styleWeight, tvWeight: preset.tvWeight,
    contentReduction: preset.contentReduction, gramNormalization: preset.gramNormalization, styleReduction: preset.styleReduction,
    tvKind: preset.tvKind, tvReduction: preset.tvReduction,
  };
  writeFileSync(join(folder, 'spec.json'), JSON.stringify(spec));
}

function runTorch(name: string, folder: string, lineSearch: 'none' | 'strong_wolfe'): Trace | string {
  const child = spawnSync(args.python, [resolve(root, 'scripts/reference/bench_stylize.py'), '--images', folder, '--evaluations', String(budget), '--line-search', lineSearch], {
    cwd: root, encoding: 'utf8', timeout: 60 * 60_000, maxBuffer: 64 * 1024 * 1024,
  });
  const json = lastJsonLine(child.stdout);
  if (child.status !== 0 || json === undefined) return child.error?.message ?? (child.stderr.trim().split('\n').pop() ?? `exit ${String(child.status)}`);
  const out = JSON.parse(json) as TorchOutput;
  return {
    name, implementation: `${out.impl} (${String(out.threads)} threads)`, points: out.trace, fromContent: true, initialLoss: out.initialLoss.total,
    finalDelivered: out.deliveredLoss.total, evaluations: out.evaluations, seconds: out.seconds,
  };
}

const startedAt = new Date().toISOString();
const loadBefore = loadavg()[0] ?? Number.NaN;
const traces: Trace[] = [];
const failures: string[] = [];

function report(): string {
  const reference = traces[0];
  const target = args.target === undefined ? 1.25 * (reference?.finalDelivered ?? Number.NaN) : Number(args.target);
  const initial = reference?.initialLoss ?? Number.NaN;
  const lines = [
    `Time to quality, ${String(width)}×${String(height)} (tubingen${args['no-square'] ? '' : ' centre square'} × starry night, VGG-19 uint8, the default preset's losses), ` +
      `budget ${String(budget)} evaluations at the output size; target total loss ${target.toExponential(3)} (${args.target === undefined ? "1.25 × the first row's delivered loss" : '--target'}).`,
    '',
    '| implementation | strategy | evaluations to target | seconds to target | initial loss (rel. diff to the first row) | final delivered loss | evaluations | total seconds |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const trace of traces) {
    const hit = trace.points.find((p) => p.loss <= target);
    const diff = trace.fromContent ? ` (${(Math.abs(trace.initialLoss - initial) / initial).toExponential(1)})` : ' (upscaled coarse result)';
    lines.push(
      `| ${trace.implementation} | ${trace.name} | ${hit === undefined ? 'not reached' : String(hit.evaluations)} | ${hit === undefined ? '—' : hit.seconds.toFixed(1)} | ` +
        `${trace.initialLoss.toExponential(4)}${diff} | ${trace.finalDelivered.toExponential(3)} | ${String(trace.evaluations)} | ${trace.seconds.toFixed(1)} |`,
    );
  }
  for (const failure of failures) lines.push(`| ${failure} |`);
  const environment = { startedAt, finishedAt: new Date().toISOString(), cpu: `${cpus()[0]?.model ?? 'unknown'} × ${String(cpus().length)}`, node: process.version, loadAverage1mBefore: loadBefore, loadAverage1mAfter: loadavg()[0] };
  const table = lines.join('\n');
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.json`, `${JSON.stringify({ environment, backend: picked.name, width, height, budget, target, traces }, null, 2)}\n`);
  writeFileSync(`${args.out}.md`, `<!-- written by benchmarks/stylize.ts; ${startedAt} to ${environment.finishedAt}; ${environment.cpu}; 1-min load average ${loadBefore.toFixed(1)} before, ${(environment.loadAverage1mAfter ?? Number.NaN).toFixed(1)} after -->\n\n${table}\n`);
  return table;
}

for (const [name, overrides] of strategies) {
  const trace = await runStylegrad(name, overrides);
  console.error(`${name}: ${trace.seconds.toFixed(1)} s, ${String(trace.evaluations)} evaluations, delivered loss ${trace.finalDelivered.toExponential(3)}`);
  traces.push(trace);
  report();
}
if (torch && peers.length > 0) {
  const folder = mkdtempSync(join(tmpdir(), 'stylegrad-bench-'));
  try {
    writePeerInputs(folder);
    for (const lineSearch of peers) {
      const name = lineSearch === 'none' ? 'tutorial: L-BFGS, no line search' : 'L-BFGS, strong-Wolfe';
      const result = runTorch(name, folder, lineSearch);
      if (typeof result === 'string') failures.push(`pytorch ${name}: FAILED ${result}`);
      else traces.push(result);
      console.error(typeof result === 'string' ? `pytorch ${name}: FAILED ${result}` : `pytorch ${name}: ${result.seconds.toFixed(1)} s, delivered loss ${result.finalDelivered.toExponential(3)}`);
      report();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
console.log(report());
console.error(`wrote ${args.out}.json and ${args.out}.md`);
tf.dispose([content, style]);
vgg.dispose();
