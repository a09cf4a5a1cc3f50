// Feed-forward style transfer speed (issue 4): ms per image for applyTransform with a pretrained network
// (udnie, lengstrom layout) at each size, and seconds per training step (pytorch-examples network,
// VGG-19 loss network from vgg19-notop-uint8, batch B at S², Adam) — per backend, each in its own process,
// next to PyTorch 2.13 running the same work (scripts/reference/feedforward_benchmark.py), ratio printed.
//
//   npx tsx benchmarks/feedforward.ts [--backends tfjs-node,wasm,cpu] [--sizes 256,512,1024]
//     [--out feedforward] [--cpu-sizes 256] [--wasm-sizes 256,512,1024] [--train-backends tfjs-node,wasm] [--train-size 256] [--batch 4] [--budget 10] [--no-train] [--no-torch] [--python PATH]
//
// Writes benchmarks/results/feedforward.{json,md}.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { measure, type Timing } from './internal/measure';
import { defaultPeerPython, lastJsonLine } from './internal/peer';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = path.resolve(ROOT, '../shared/data');

interface Args { backends: string[]; sizes: number[]; cpuSizes: number[]; wasmSizes: number[]; trainBackends: string[]; trainSize: number; batch: number; budget: number; train: boolean; torch: boolean; python: string; out: string }
interface WorkerResult { backend: string; apply: Record<string, Timing>; train: (Timing & { size: number; batch: number }) | null }
interface TorchResult { torch: string; threads: number; apply: Record<string, Timing>; train: (Timing & { size: number; batch: number }) | null }

function parseArgs(argv: readonly string[]): Args {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (flag: string, fallback: string): string[] => (get(flag) ?? fallback).split(',').filter((s) => s !== '');
  const installed = ['tfjs-node', 'wasm', 'cpu'].filter((b) => b !== 'tfjs-node' || existsSync(path.join(ROOT, 'node_modules/@tensorflow/tfjs-node/deps/lib')));
  return {
    backends: list('--backends', installed.join(',')),
    sizes: list('--sizes', '256,512,1024').map(Number),
    cpuSizes: list('--cpu-sizes', '256').map(Number),
    wasmSizes: list('--wasm-sizes', get('--sizes') ?? '256,512,1024').map(Number),
    trainBackends: list('--train-backends', 'tfjs-node-gpu,tfjs-node,wasm'),
    trainSize: Number(get('--train-size') ?? 256),
    batch: Number(get('--batch') ?? 4),
    budget: Number(get('--budget') ?? 10),
    train: !argv.includes('--no-train'),
    torch: !argv.includes('--no-torch'),
    out: get('--out') ?? 'feedforward',
    python: get('--python') ?? defaultPeerPython(ROOT),
  };
}

async function worker(backend: string, args: Args): Promise<WorkerResult> {
  const { pickBackend } = await import('../src/node/pickBackend');
  const picked = await pickBackend({ force: backend as 'tfjs-node' | 'wasm' | 'cpu' });
  const { applyTransform, createTransformNet, trainTransformNet } = await import('../src/index');
  const { loadTransformNetFromPath, loadVgg19FromPath } = await import('../src/node/index');
  const net = await loadTransformNetFromPath(path.join(DATA, 'fast-style/udnie'));
  const apply: Record<string, Timing> = {};
  for (const size of picked.name === 'cpu' ? args.cpuSizes : picked.name === 'wasm' ? args.wasmSizes : args.sizes) {
    const image = tf.randomUniform<tf.Rank.R3>([size, size, 3], 0, 255, 'float32', 1);
    apply[String(size)] = measure(() => {
      const out = applyTransform(net, image);
      out.dataSync();
      out.dispose();
    }, { budgetSeconds: args.budget, maxRuns: 10 });
    image.dispose();
    console.error(`  ${picked.name} apply ${size}²: ${(apply[String(size)]?.medianSeconds ?? NaN).toFixed(3)} s`);
  }
  net.dispose();
  let train: WorkerResult['train'] = null;
  if (args.train && args.trainBackends.includes(picked.name)) {
    const extractor = await loadVgg19FromPath(path.join(DATA, 'weights/vgg19-notop-uint8'));
    const style = tf.randomUniform<tf.Rank.R3>([args.trainSize, args.trainSize, 3], 0, 255, 'float32', 2);
    const images = [0, 1, 2, 3].map((i) => tf.randomUniform<tf.Rank.R3>([args.trainSize, args.trainSize, 3], 0, 255, 'float32', 3 + i));
    const trainee = createTransformNet({ seed: 0 });
    // Steps are timed one by one from the iterator (each step event arrives after its update is done).
    const times: number[] = [];
    let last = process.hrtime.bigint();
    const maxSteps = 6;
    for await (const event of trainTransformNet({ net: trainee, extractor, style, images, steps: maxSteps, batchSize: args.batch, cropSize: args.trainSize })) {
      if (event.type !== 'step') continue;
      const now = process.hrtime.bigint();
      times.push(Number(now - last) / 1e9);
      console.error(`  ${picked.name} train step ${event.step}: ${(times.at(-1) ?? NaN).toFixed(2)} s`);
      last = now;
      const spent = times.slice(1).reduce((a, b) => a + b, 0);
      if (times.length >= 2 && (spent > args.budget || times.length >= 4)) break;
    }
    const timed = times.slice(1).sort((a, b) => a - b);
    const median = timed.length === 0 ? (times[0] ?? NaN) : (timed[Math.floor((timed.length - 1) / 2)] ?? NaN);
    train = { size: args.trainSize, batch: args.batch, warmupSeconds: times[0] ?? NaN, runs: Math.max(1, timed.length), medianSeconds: median, minSeconds: Math.min(...times), maxSeconds: Math.max(...times) };
    console.error(`  ${picked.name} train step ${args.trainSize}² ×${args.batch}: ${median.toFixed(2)} s`);
    trainee.dispose();
    extractor.dispose();
    tf.dispose([style, ...images]);
  }
  return { backend: picked.name, apply, train };
}

function table(results: WorkerResult[], peer: TorchResult | null, args: Args): string {
  const ratio = (s: number | undefined, p: number | undefined): string => (s === undefined || p === undefined ? '—' : `${(s / p).toFixed(2)}×`);
  const lines = ['| backend | ' + args.sizes.map((s) => `apply ${s}² ms (× PyTorch)`).join(' | ') + ` | train step ${args.trainSize}² ×${args.batch} s (× PyTorch) |`, `|---|${args.sizes.map(() => '---|').join('')}---|`];
  if (peer) {
    lines.push(`| PyTorch ${peer.torch} (${peer.threads} threads) | ${args.sizes.map((s) => `${((peer.apply[String(s)]?.medianSeconds ?? NaN) * 1000).toFixed(0)} (1×)`).join(' | ')} | ${peer.train ? `${peer.train.medianSeconds.toFixed(2)} (1×)` : '—'} |`);
  }
  for (const r of results) {
    const cells = args.sizes.map((s) => {
      const t = r.apply[String(s)];
      return t === undefined ? '—' : `${(t.medianSeconds * 1000).toFixed(0)} (${ratio(t.medianSeconds, peer?.apply[String(s)]?.medianSeconds)})`;
    });
    lines.push(`| ${r.backend} | ${cells.join(' | ')} | ${r.train ? `${r.train.medianSeconds.toFixed(2)} (${ratio(r.train.medianSeconds, peer?.train?.medianSeconds)})` : '—'} |`);
  }
  return lines.join('\n');
}

const args = parseArgs(process.argv.slice(2));
const workerAt = process.argv.indexOf('--worker');
if (workerAt >= 0) {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  const result = await worker(process.argv[workerAt + 1] ?? 'wasm', args);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
} else {
  const results: WorkerResult[] = [];
  for (const backend of args.backends) {
    console.error(`== ${backend}`);
    const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', backend, ...process.argv.slice(2)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    const json = lastJsonLine(child.stdout, 'BENCH_RESULT ');
    if (json === undefined) console.error(`  ${backend} failed (exit ${child.status})`);
    else results.push(JSON.parse(json) as WorkerResult);
  }
  let peer: TorchResult | null = null;
  if (args.torch && existsSync(args.python)) {
    console.error('== PyTorch');
    const child = spawnSync(args.python, [path.join(ROOT, 'scripts/reference/feedforward_benchmark.py'), '--sizes', args.sizes.join(','), '--train-size', String(args.trainSize), '--batch', String(args.batch), '--budget', String(args.budget)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (child.status === 0) peer = JSON.parse(child.stdout) as TorchResult;
    else console.error(`  PyTorch peer failed (exit ${child.status})`);
  }
  const markdown = table(results, peer, args);
  console.log(markdown);
  mkdirSync(path.join(ROOT, 'benchmarks/results'), { recursive: true });
  writeFileSync(path.join(ROOT, `benchmarks/results/${args.out}.json`), `${JSON.stringify({ date: new Date().toISOString(), args, results, peer }, null, 2)}\n`);
  writeFileSync(path.join(ROOT, `benchmarks/results/${args.out}.md`), `${markdown}\n`);
}
