// Time-to-quality of the stylize loop: how many objective evaluations and seconds each optimisation strategy
// needs to bring the total loss (the default preset's losses, at the output size) under a target, with the
// PyTorch tutorial's algorithm on the same weights, pixels and loss in the same run.
//
//   npx tsx benchmarks/stylize.ts [--size 512] [--evaluations 80] [--backend tfjs-node|wasm|cpu] [--no-square]
//     [--strategies default,lbfgs,lbfgs-c2f,lbfgs-half,adam,adam-c2f]  (default: default) [--target LOSS] [--torch none,strong_wolfe] [--no-torch]
//     [--python /path/to/venv/bin/python] [--out benchmarks/results/stylize] [--rerender]
//
// Images: tubingen.jpg (content; the central square unless --no-square) and starry_night.jpg (style, longer
// side = size), VGG-19 uint8. Strategies: `default` is `stylize` exactly as a user calls it (the default preset,
// only `size` given: its own schedule, iterations and early stopping, no budget); the others are bounded L-BFGS
// single-scale, L-BFGS coarse-to-fine (128 px, ×√2), L-BFGS with one half-size scale first (20 iterations),
// bounded Adam (lr 10) single-scale, Adam coarse-to-fine,
// each with the same budget of evaluations at the output size (coarse scales come on top and their time is
// counted) and early stopping off. Then PyTorch (scripts/reference/bench_stylize.py): torch.optim.LBFGS as the
// tutorial runs it (no line search, clamp in the closure), and with strong-Wolfe line search, for the budget, on
// the exact pixels stylegrad used.
// The target is the PyTorch tutorial's final delivered loss (its 8-bit image after the budget), and each row's
// time to it is also given as a fraction of the tutorial's total wall time; without the tutorial row, 1.25 × the
// delivered loss of the first single-scale stylegrad row; --target LOSS fixes it (to add rows to an earlier
// run). Only losses at the output size count (coarser losses are not comparable). See benchmarks/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    strategies: { type: 'string', default: 'default' },
    target: { type: 'string' },
    torch: { type: 'string', default: 'none,strong_wolfe' },
    'no-torch': { type: 'boolean', default: false },
    python: { type: 'string', default: defaultPeerPython(root) },
    out: { type: 'string', default: resolve(root, 'benchmarks/results/stylize') },
    // Re-write --out's .md from its .json (after a change to the table) without running anything.
    rerender: { type: 'boolean', default: false },
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
  fromContent: boolean;
  initialLoss: number;
  finalDelivered: number;
  evaluations: number;
  seconds: number;
  /** stylize's stop reason for the last scale (stylegrad rows only). */
  stopReason?: string;
  /** Evaluations at each scale below the output size (stylegrad coarse-to-fine rows only). */
  coarseEvaluations?: number[];
  /** The 1-minute load average (as `uptime` prints it) when the row started and when it ended. */
  load?: [number, number];
}

const coarseToFine = { start: 128, factor: Math.SQRT2 };
/** A strategy: its name, the options laid over the budget, and whether it runs with the budget (false: as a user calls it). */
type Strategy = readonly [string, Partial<StylizeOptions>, boolean];
const allStrategies: Readonly<Record<string, Strategy>> = {
  // What a user gets without options: the default preset, only the output size given (its own scales,
  // iterations, stopping rule; no evaluation budget).
  default: ['default preset, as a user calls it', {}, false],
  lbfgs: ['L-BFGS, single scale', { optimizer: 'lbfgs', multiScale: false }, true],
  'lbfgs-c2f': ['L-BFGS, coarse-to-fine (128 px, ×√2)', { optimizer: 'lbfgs', multiScale: coarseToFine }, true],
  // One cheap coarse scale: half the output size, 20 iterations there (1/4 of the pixels each).
  'lbfgs-half': ['L-BFGS, ½-size scale first (20 iterations), then the output size', { optimizer: 'lbfgs', multiScale: { start: Math.round(size / 2), factor: 2, iterations: 20 } }, true],
  adam: ['Adam lr 10, single scale', { optimizer: { name: 'adam', learningRate: 10 }, multiScale: false }, true],
  'adam-c2f': ['Adam lr 10, coarse-to-fine (128 px, ×√2)', { optimizer: { name: 'adam', learningRate: 10 }, multiScale: coarseToFine }, true],
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

async function runStylegrad([name, overrides, budgeted]: Strategy): Promise<Trace> {
  const trace: Trace = { name, implementation: `stylegrad (${picked.name})`, points: [], fromContent: false, initialLoss: Number.NaN, finalDelivered: Number.NaN, evaluations: 0, seconds: 0 };
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let scales = 1;
  // An iteration event reports the loss at the start of its step, i.e. the point the previous step reached.
  let reached = { evaluations: 0, seconds: 0 };
  let scaleStart = 0;
  const budgetOptions: Partial<StylizeOptions> = budgeted ? { iterations: budget, maxEvaluations: budget, earlyStopping: false } : {};
  for await (const event of stylize({ content, style, extractor: vgg, size, ...budgetOptions, ...overrides })) {
    if (event.type === 'scale') {
      scales = event.scales;
      if (event.scale > 0) (trace.coarseEvaluations ??= []).push(reached.evaluations - scaleStart);
      scaleStart = reached.evaluations;
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
      trace.stopReason = event.stopReason;
      event.image.dispose();
    }
  }
  // A single-scale run starts from the content image at the output size, so its first loss checks the loss definition.
  trace.fromContent = scales === 1 && (overrides.init ?? 'content') === 'content';
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

interface Saved {
  readonly environment: { readonly startedAt: string; readonly finishedAt: string; readonly loadAverage1mBefore: number; readonly loadAverage1mAfter: number };
  readonly traces: Trace[];
}
const saved = args.rerender ? (JSON.parse(readFileSync(`${args.out}.json`, 'utf8')) as Saved) : undefined;
const startedAt = saved?.environment.startedAt ?? new Date().toISOString();
const loadBefore = saved?.environment.loadAverage1mBefore ?? loadavg()[0] ?? Number.NaN;
const traces: Trace[] = saved?.traces ?? [];
// Rows written before fromContent was set from the run itself: every row without coarse scales started at the content image.
for (const trace of traces) trace.fromContent = trace.coarseEvaluations === undefined;
const failures: string[] = [];

const TUTORIAL = 'tutorial: L-BFGS, no line search';

/** The target loss and where it comes from: --target, else the tutorial's final delivered loss, else 1.25 × the first single-scale stylegrad row's. */
function pickTarget(): { target: number; source: string; tutorial: Trace | undefined } {
  const tutorial = traces.find((trace) => trace.name === TUTORIAL);
  if (args.target !== undefined) return { target: Number(args.target), source: '--target', tutorial };
  if (tutorial !== undefined) return { target: tutorial.finalDelivered, source: "the PyTorch tutorial's final delivered loss", tutorial };
  const single = traces.find((trace) => trace.fromContent);
  return { target: 1.25 * (single?.finalDelivered ?? Number.NaN), source: "1.25 × the first single-scale row's delivered loss (no tutorial row)", tutorial };
}

function report(): string {
  const { target, source, tutorial } = pickTarget();
  // The initial loss at the content image checks that every side computes the same function.
  const initial = traces.find((trace) => trace.fromContent)?.initialLoss ?? Number.NaN;
  const lines = [
    `Time to quality, ${String(width)}×${String(height)} (tubingen${args['no-square'] ? '' : ' centre square'} × starry night, VGG-19 uint8, the default preset's losses), ` +
      `budget ${String(budget)} evaluations at the output size (not for the default preset's row, which runs as a user calls it); target total loss ${target.toExponential(4)} (${source}).`,
    '',
    "| implementation | strategy | evaluations to target | seconds to target | ÷ tutorial's wall time | initial loss at the output size (rel. diff to the content-image start) | final delivered loss | evaluations (coarse scales) | total seconds | stop | load (1-min, start → end) |",
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const trace of traces) {
    const hit = trace.points.find((p) => p.loss <= target);
    const diff = trace.fromContent ? ` (${(Math.abs(trace.initialLoss - initial) / initial).toExponential(1)})` : ' (upscaled coarse result)';
    const ratio = hit === undefined || tutorial === undefined ? '—' : `${(hit.seconds / tutorial.seconds).toFixed(2)}×`;
    const coarse = trace.coarseEvaluations === undefined ? '' : ` (${trace.coarseEvaluations.join(' + ')} coarse)`;
    lines.push(
      `| ${trace.implementation} | ${trace.name} | ${hit === undefined ? 'not reached' : String(hit.evaluations)} | ${hit === undefined ? '—' : hit.seconds.toFixed(1)} | ${ratio} | ` +
        `${trace.initialLoss.toExponential(4)}${diff} | ${trace.finalDelivered.toExponential(4)} | ${String(trace.evaluations)}${coarse} | ${trace.seconds.toFixed(1)} | ${trace.stopReason ?? '—'} | ${trace.load === undefined ? '—' : `${trace.load[0].toFixed(2)} → ${trace.load[1].toFixed(2)}`} |`,
    );
  }
  for (const failure of failures) lines.push(`| ${failure} |`);
  const environment = {
    startedAt, finishedAt: saved?.environment.finishedAt ?? new Date().toISOString(), cpu: `${cpus()[0]?.model ?? 'unknown'} × ${String(cpus().length)}`, node: process.version,
    loadAverage1mBefore: loadBefore, loadAverage1mAfter: saved?.environment.loadAverage1mAfter ?? loadavg()[0],
  };
  const table = lines.join('\n');
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.json`, `${JSON.stringify({ environment, backend: picked.name, width, height, budget, target, targetSource: source, traces }, null, 2)}\n`);
  writeFileSync(`${args.out}.md`, `<!-- written by benchmarks/stylize.ts; ${startedAt} to ${environment.finishedAt}; ${environment.cpu}; 1-min load average ${loadBefore.toFixed(1)} before, ${(environment.loadAverage1mAfter ?? Number.NaN).toFixed(1)} after -->\n\n${table}\n`);
  return table;
}

const load1m = (): number => loadavg()[0] ?? Number.NaN;
for (const strategy of saved === undefined ? strategies : []) {
  const loadStart = load1m();
  const trace = await runStylegrad(strategy);
  trace.load = [loadStart, load1m()];
  const name = strategy[0];
  console.error(`${name}: ${trace.seconds.toFixed(1)} s, ${String(trace.evaluations)} evaluations, delivered loss ${trace.finalDelivered.toExponential(3)}`);
  traces.push(trace);
  report();
}
if (saved === undefined && torch && peers.length > 0) {
  const folder = mkdtempSync(join(tmpdir(), 'stylegrad-bench-'));
  try {
    writePeerInputs(folder);
    for (const lineSearch of peers) {
      const name = lineSearch === 'none' ? TUTORIAL : 'L-BFGS, strong-Wolfe';
      const loadStart = load1m();
      const result = runTorch(name, folder, lineSearch);
      if (typeof result === 'string') failures.push(`pytorch ${name}: FAILED ${result}`);
      else traces.push({ ...result, load: [loadStart, load1m()] });
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
