// oneDNN on vs off for tfjs-node (issue "Trust: fast by default"): the tfjs-node addon built against the
// TensorFlow 2.21 wheel runs with oneDNN custom ops on unless TF_ENABLE_ONEDNN_OPTS=0 is set before
// libtensorflow loads. Each configuration runs in its own child process with the variable unset (TensorFlow's
// default) or set to '0'; the child imports @tensorflow/tfjs-node directly (not through pickBackend, which
// would set the variable), and records whether TensorFlow printed its "oneDNN custom operations are on" line.
//
//   npx tsx benchmarks/onednn.ts [--jobs vgg19-256,vgg19-512,squeezenet1.1-256,squeezenet1.1-512,apply-512,train-256]
//     [--settings unset,0] [--budget 10] [--max-runs 5] [--timeout 240] [--out benchmarks/results/onednn]
//
// Jobs: `<network>-<size>` = VGG-19 (to conv5_1) or SqueezeNet 1.1 (to fire9) forward + input gradient of
// one S×S image, as in benchmarks/extractors.ts; `apply-<size>` = the pretrained fast-style transform net
// (udnie) applied to one S×S image (`apply-<H>x<W>`: H×W); `train-<size>` = trainTransformNet steps at S² crops, batch 1, VGG-19 loss
// network (first step = warm-up, the next one timed). A child that exceeds --timeout is reported as "> N s"
// (with its warm-up step time when it got that far). Writes <out>.json and <out>.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { Timing } from './internal/measure';
import { lastJsonLine } from './internal/peer';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    worker: { type: 'string' },
    jobs: { type: 'string', default: 'vgg19-256,squeezenet1.1-256,apply-512,train-256,vgg19-512,squeezenet1.1-512' },
    settings: { type: 'string', default: 'unset,0' },
    budget: { type: 'string', default: '10' },
    'max-runs': { type: 'string', default: '5' },
    timeout: { type: 'string', default: '240' },
    out: { type: 'string', default: resolve(root, 'benchmarks/results/onednn') },
  },
});

interface JobConfig {
  readonly job: string;
  readonly budgetSeconds: number;
  readonly maxRuns: number;
}

interface JobResult {
  readonly job: string;
  readonly setting: string;
  /** TensorFlow printed "oneDNN custom operations are on" at start-up. */
  readonly onednnOn: boolean;
  readonly loadAverage1m: number;
  readonly timing?: Timing;
  readonly peakRssMB?: number;
  readonly timedOutAfterSeconds?: number;
  readonly error?: string;
}

/** One job in this process: prints `BENCH_PARTIAL {warmupSeconds}` after the first step, then `BENCH_RESULT {timing}`. */
async function worker(config: JobConfig): Promise<void> {
  await import('@tensorflow/tfjs-layers');
  await import('@tensorflow/tfjs-node');
  await tf.setBackend('tensorflow');
  const { measure, timeOnce } = await import('./internal/measure');
  // `<kind>-<size>`, or `apply-<height>x<width>` for a non-square image.
  const [kind = '', sizeText = ''] = config.job.split(/-(?=[\dx]+$)/);
  const [size = NaN, width = size] = sizeText.split('x').map(Number);
  const data = resolve(root, '../shared/data');
  let step: () => void;
  if (kind === 'vgg19' || kind === 'squeezenet1.1') {
    const { buildExtractor, DEEPEST } = await import('./internal/networks');
    const extractor = await buildExtractor(kind, true);
    const layer = DEEPEST[kind];
    const image = tf.randomUniform<tf.Rank.R4>([1, size, size, 3], 0, 255, 'float32', 1);
    const lossOf = (x: tf.Tensor): tf.Scalar => tf.sum(extractor.extract(x as tf.Tensor4D, [layer])[layer] as tf.Tensor);
    step = () => tf.tidy('onednnGradStep', () => tf.grad(lossOf)(image)).dataSync();
  } else if (kind === 'apply') {
    const { applyTransform } = await import('../src/feedforward/applyTransform');
    const { loadTransformNetFromPath } = await import('../src/node/loadTransformNetFromPath');
    const net = await loadTransformNetFromPath(resolve(data, 'fast-style/udnie'));
    const image = tf.randomUniform<tf.Rank.R3>([size, width, 3], 0, 255, 'float32', 1);
    step = () => {
      const out = applyTransform(net, image);
      out.dataSync();
      out.dispose();
    };
  } else if (kind === 'train') {
    await trainWorker(config, size, data);
    return;
  } else {
    throw new Error(`unknown job '${config.job}'`);
  }
  const warmupSeconds = timeOnce(step);
  console.log(`BENCH_PARTIAL ${JSON.stringify({ warmupSeconds })}`);
  const timing = measure(step, { budgetSeconds: config.budgetSeconds, maxRuns: config.maxRuns, warmupSeconds });
  console.log(`BENCH_RESULT ${JSON.stringify(timing)}`);
}

/** trainTransformNet at size² crops, batch 1: step 1 is the warm-up, steps 2–3 are timed (at most 3 steps). */
async function trainWorker(config: JobConfig, size: number, data: string): Promise<void> {
  const { createTransformNet } = await import('../src/feedforward/createTransformNet');
  const { trainTransformNet } = await import('../src/feedforward/trainTransformNet');
  const { loadVgg19FromPath } = await import('../src/node/loadVgg19FromPath');
  const extractor = await loadVgg19FromPath(resolve(data, 'weights/vgg19-notop-uint8'));
  const style = tf.randomUniform<tf.Rank.R3>([size, size, 3], 0, 255, 'float32', 2);
  const images = [0, 1, 2].map((i) => tf.randomUniform<tf.Rank.R3>([size, size, 3], 0, 255, 'float32', 3 + i));
  const net = createTransformNet({ seed: 0 });
  const times: number[] = [];
  let last = process.hrtime.bigint();
  for await (const event of trainTransformNet({ net, extractor, style, images, steps: 3, batchSize: 1, cropSize: size })) {
    if (event.type !== 'step') continue;
    const now = process.hrtime.bigint();
    times.push(Number(now - last) / 1e9);
    last = now;
    if (times.length === 1) console.log(`BENCH_PARTIAL ${JSON.stringify({ warmupSeconds: times[0] })}`);
    if (times.length >= 2 && times.slice(1).reduce((a, b) => a + b, 0) > config.budgetSeconds) break;
  }
  const timed = times.slice(1).sort((a, b) => a - b);
  const medianSeconds = timed[Math.floor((timed.length - 1) / 2)] ?? times[0] ?? NaN;
  const timing: Timing = { warmupSeconds: times[0] ?? NaN, runs: Math.max(1, timed.length), medianSeconds, minSeconds: Math.min(...times), maxSeconds: Math.max(...times) };
  console.log(`BENCH_RESULT ${JSON.stringify(timing)}`);
}

function runChild(job: string, setting: string, timeoutSeconds: number): JobResult {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
  if (setting === 'unset') delete env.TF_ENABLE_ONEDNN_OPTS;
  else env.TF_ENABLE_ONEDNN_OPTS = setting;
  const config: JobConfig = { job, budgetSeconds: Number(args.budget), maxRuns: Number(args['max-runs']) };
  const loadAverage1m = loadavg()[0] ?? NaN;
  const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', JSON.stringify(config)], {
    cwd: root,
    encoding: 'utf8',
    env,
    timeout: timeoutSeconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  const onednnOn = child.stderr.includes('oneDNN custom operations are on');
  const result = lastJsonLine(child.stdout, 'BENCH_RESULT ');
  const base = { job, setting, onednnOn, loadAverage1m };
  if (child.status === 0 && result !== undefined) {
    const rss = /BENCH_RSS (\d+)/.exec(child.stdout);
    return { ...base, timing: JSON.parse(result) as Timing, ...(rss?.[1] !== undefined ? { peakRssMB: Number(rss[1]) } : {}) };
  }
  const partial = lastJsonLine(child.stdout, 'BENCH_PARTIAL ');
  if (child.signal === 'SIGKILL' || child.error?.message.includes('ETIMEDOUT') === true) {
    const warmup = partial === undefined ? undefined : (JSON.parse(partial) as { warmupSeconds: number }).warmupSeconds;
    const timing = warmup === undefined ? undefined : { warmupSeconds: warmup, runs: 0, medianSeconds: warmup, minSeconds: warmup, maxSeconds: warmup };
    return { ...base, timedOutAfterSeconds: timeoutSeconds, ...(timing !== undefined ? { timing } : {}) };
  }
  const why = child.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${String(child.status)}`;
  return { ...base, error: why.trim() };
}

function cell(result: JobResult | undefined): string {
  if (result === undefined) return '—';
  if (result.error !== undefined) return `failed: ${result.error}`;
  if (result.timedOutAfterSeconds !== undefined) {
    const first = result.timing === undefined ? '' : ` (first step ${result.timing.warmupSeconds.toFixed(1)} s)`;
    return `> ${String(result.timedOutAfterSeconds)} s${first}`;
  }
  const t = result.timing;
  return t === undefined ? '—' : `${t.medianSeconds.toFixed(3)} (n=${String(t.runs)}, load ${result.loadAverage1m.toFixed(2)})`;
}

function table(results: readonly JobResult[], jobs: readonly string[], settings: readonly string[]): string {
  const label = (s: string): string => (s === 'unset' ? 'unset (TF default)' : `TF_ENABLE_ONEDNN_OPTS=${s}`);
  const header = `| job | ${settings.map((s) => `${label(s)} s/step`).join(' | ')} | ratio ${settings[0] ?? ''} / ${settings[1] ?? ''} |`;
  const lines = [header, `|---|${settings.map(() => '---|').join('')}---|`];
  for (const job of jobs) {
    const row = settings.map((s) => results.find((r) => r.job === job && r.setting === s));
    const [a, b] = row.map((r) => (r?.timing !== undefined && r.timedOutAfterSeconds === undefined ? r.timing.medianSeconds : undefined));
    const bound = row[0]?.timedOutAfterSeconds;
    const ratio = a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : bound !== undefined && b !== undefined ? `> ${(bound / b).toFixed(0)}×` : '—';
    lines.push(`| ${job} | ${row.map(cell).join(' | ')} | ${ratio} |`);
  }
  return lines.join('\n');
}

if (args.worker !== undefined) {
  await worker(JSON.parse(args.worker) as JobConfig);
  console.log(`BENCH_RSS ${String(Math.round(process.resourceUsage().maxRSS / 1024))}`);
} else {
  const jobs = args.jobs.split(',');
  const settings = args.settings.split(',');
  const startedAt = new Date().toISOString();
  const results: JobResult[] = [];
  for (const job of jobs) {
    // Settings back to back per job, so both see about the same machine load.
    for (const setting of settings) {
      const result = runChild(job, setting, Number(args.timeout));
      results.push(result);
      console.error(`${job} ${setting}: ${cell(result)}${result.onednnOn ? ' [oneDNN on]' : ''}`);
    }
  }
  const markdown = table(results, jobs, settings);
  console.log(markdown);
  const environment = { startedAt, finishedAt: new Date().toISOString(), cpu: `${cpus()[0]?.model ?? 'unknown'} × ${String(cpus().length)}`, node: process.version, loadAverageAfter: loadavg() };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.json`, `${JSON.stringify({ environment, args, results }, null, 2)}\n`);
  writeFileSync(`${args.out}.md`, `${markdown}\n`);
}
