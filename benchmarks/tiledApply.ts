// Tiled feed-forward apply (applyTransformTiled) against the whole-image pass (applyTransform): seconds, whole-process
// peak RSS, and how far the tiled output is from the untiled one in 0..255 levels.
//
//   npx tsx benchmarks/tiledApply.ts [--jobs untiled-1024x768,tiled-1024x768-256,…] [--model udnie]
//     [--timeout 1800] [--out benchmarks/results/tiled-apply]
//
// Job `untiled-<W>x<H>` or `tiled-<W>x<H>-<tile>`: a child process on tfjs-node (default environment, via
// pickBackend) reads Tübingen (1024×768) resized with `readImage(…, { size: W })` — a real photo upscaled for
// sizes above 1024, as the CLI's `--size` does — applies the pretrained network, and writes an 8-bit PNG to a
// temporary folder (what `stylegrad apply` does); it reports the apply and write seconds and its peak RSS
// (`process.resourceUsage().maxRSS`: the whole process, tfjs-node's libraries included). A tiled job whose size
// also has an untiled job in the same run is compared with it: max |difference| overall, away from tile borders
// (pixels ≥ 8 px from a core boundary, i.e. from a multiple of the tile size), and how many pixels' 8-bit values
// differ. Writes <out>.json and <out>.md.
//
// Job `stats-<W>x<H>-<tile>` explains those differences: it computes conv1's output (before its instance norm) of the
// network on the same image, and compares per-channel mean and variance from tf.moments over the whole map (what
// the whole-image pass uses) and from the tiled pass's merge of per-tile moments, each against float64 sums in
// JavaScript; it reports the largest relative errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lastJsonLine } from './internal/peer';

const root = resolve(import.meta.dirname, '..');
const data = resolve(root, '../shared/data');
const { values: args } = parseArgs({
  options: {
    worker: { type: 'string' },
    jobs: { type: 'string', default: 'untiled-1024x768,tiled-1024x768-256,tiled-1024x768-512,untiled-2048x1536,tiled-2048x1536-512,tiled-4096x3072-512,tiled-4096x3072-1024' },
    model: { type: 'string', default: 'udnie' },
    timeout: { type: 'string', default: '1800' },
    out: { type: 'string', default: resolve(root, 'benchmarks/results/tiled-apply') },
  },
});

interface Job {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly tileSize: number | null;
}

interface WorkerConfig extends Job {
  readonly model: string;
  readonly dir: string;
}

interface Measured {
  readonly applySeconds: number;
  /** User + system CPU seconds of the whole process during the apply: less sensitive to other jobs' load than wall time. */
  readonly applyCpuSeconds: number;
  readonly writeSeconds: number;
  readonly peakRssMB: number;
  readonly backend: string;
}

interface Comparison {
  readonly maxDifference: number;
  readonly maxDifferenceAwayFromBorders: number;
  readonly pixelsWith8BitChange: number;
  readonly pixels: number;
}

interface JobResult extends Job {
  readonly loadAverage1m: number;
  readonly measured?: Measured;
  readonly comparison?: Comparison;
  readonly statsPrecision?: StatsPrecision;
  readonly error?: string;
}

interface StatsPrecision {
  readonly wholeMeanError: number;
  readonly wholeVarianceError: number;
  readonly tiledMeanError: number;
  readonly tiledVarianceError: number;
}

function parseJob(name: string): Job {
  const stats = /^stats-(\d+)x(\d+)-(\d+)$/.exec(name);
  if (stats !== null) return { name, width: Number(stats[1]), height: Number(stats[2]), tileSize: Number(stats[3]) };
  const match = /^(untiled|tiled)-(\d+)x(\d+)(?:-(\d+))?$/.exec(name);
  if (match === null || (match[1] === 'tiled') !== (match[4] !== undefined)) throw new Error(`bad job '${name}': untiled-<W>x<H> or tiled-<W>x<H>-<tile>`);
  return { name, width: Number(match[2]), height: Number(match[3]), tileSize: match[4] === undefined ? null : Number(match[4]) };
}

const rawFile = (dir: string, job: Job): string => join(dir, `${job.name}.f32`);

async function statsWorker(config: WorkerConfig): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const { pickBackend, loadTransformNetFromPath, readImage } = await import('../src/node/index');
  const { tileGrid } = await import('../src/image/tileGrid');
  const { addMoments, createMoments, finishMoments } = await import('../src/feedforward/internal/channelMoments');
  await pickBackend({ force: 'tfjs-node' });
  const net = await loadTransformNetFromPath(join(data, 'fast-style', config.model));
  const image = await readImage(join(data, 'images/content/tubingen.jpg'), { size: config.width });
  const kernel = net.weights['conv1/kernel'] as unknown as Parameters<typeof tf.conv2d>[1];
  const y = tf.tidy(() => tf.conv2d(tf.expandDims(image, 0) as Parameters<typeof tf.conv2d>[0], kernel, 1, 'same'));
  const whole = tf.tidy(() => { const m = tf.moments(y, [0, 1, 2]); return [m.mean.dataSync(), m.variance.dataSync()]; });
  const merged = createMoments(32);
  for (const { core } of tileGrid(config.height, config.width, { tileSize: config.tileSize ?? 512, halo: 0 })) {
    const part = tf.slice(y, [0, core.top, core.left, 0], [1, core.height, core.width, 32]);
    addMoments(merged, { tensor: part as never, rows: [0, 0], columns: [0, 0], gridHeight: 0, gridWidth: 0 });
    part.dispose();
  }
  const tiled = finishMoments(merged);
  const values = y.dataSync();
  const [sum, sumSq] = [new Float64Array(32), new Float64Array(32)];
  for (let i = 0; i < values.length; i++) sum[i % 32] = (sum[i % 32] ?? 0) + (values[i] ?? 0);
  const n = values.length / 32;
  const mean = Array.from(sum, (v) => v / n);
  for (let i = 0; i < values.length; i++) sumSq[i % 32] = (sumSq[i % 32] ?? 0) + ((values[i] ?? 0) - (mean[i % 32] ?? 0)) ** 2;
  const variance = Array.from(sumSq, (v) => v / n);
  const worst = (got: ArrayLike<number>, exact: number[], scale: number[]): number => Math.max(...exact.map((e, c) => Math.abs((got[c] ?? 0) - e) / (scale[c] ?? 1)));
  const spread = variance.map(Math.sqrt);
  const result: StatsPrecision = {
    wholeMeanError: worst(whole[0] ?? [], mean, spread),
    wholeVarianceError: worst(whole[1] ?? [], variance, variance),
    tiledMeanError: worst(tiled.mean, mean, spread),
    tiledVarianceError: worst(tiled.variance, variance, variance),
  };
  console.log(`BENCH_STATS ${JSON.stringify(result)}`);
  tf.dispose([image, y]);
  net.dispose();
}

async function worker(config: WorkerConfig): Promise<void> {
  if (config.name.startsWith('stats-')) {
    await statsWorker(config);
    return;
  }
  const { pickBackend, loadTransformNetFromPath, readImage, writeImage } = await import('../src/node/index');
  const { applyTransform } = await import('../src/feedforward/applyTransform');
  const { applyTransformTiled } = await import('../src/feedforward/applyTransformTiled');
  const picked = await pickBackend({ force: 'tfjs-node' });
  const net = await loadTransformNetFromPath(join(data, 'fast-style', config.model));
  const image = await readImage(join(data, 'images/content/tubingen.jpg'), { size: config.width });
  if (image.shape[0] !== config.height || image.shape[1] !== config.width) throw new Error(`read ${image.shape.join('×')}, expected ${config.height}×${config.width}`);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const styled = config.tileSize === null ? applyTransform(net, image) : await applyTransformTiled(net, image, { tileSize: config.tileSize });
  const applied = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuBefore);
  image.dispose();
  await writeImage(styled, join(config.dir, `${config.name}.png`));
  const written = process.hrtime.bigint();
  if (config.width * config.height <= 2048 * 1536) writeFileSync(rawFile(config.dir, config), styled.dataSync());
  styled.dispose();
  net.dispose();
  const measured: Measured = {
    applySeconds: Number(applied - started) / 1e9,
    applyCpuSeconds: (cpu.user + cpu.system) / 1e6,
    writeSeconds: Number(written - applied) / 1e9,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    backend: picked.name,
  };
  console.log(`BENCH_RESULT ${JSON.stringify(measured)}`);
}

function compare(dir: string, tiled: Job, untiled: Job): Comparison {
  const read = (job: Job): Float32Array => {
    const bytes = readFileSync(rawFile(dir, job));
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  };
  const [a, b] = [read(tiled), read(untiled)];
  const tile = tiled.tileSize ?? Infinity;
  const nearBorder = (v: number, length: number): boolean => {
    const r = v % tile;
    return (v >= tile && r < 8) || (r >= tile - 8 && v + (tile - r) < length);
  };
  let [max, away, changed] = [0, 0, 0];
  for (let y = 0; y < tiled.height; y++) {
    for (let x = 0; x < tiled.width; x++) {
      let pixelChanged = false;
      for (let c = 0; c < 3; c++) {
        const i = (y * tiled.width + x) * 3 + c;
        const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
        max = Math.max(max, d);
        if (!nearBorder(y, tiled.height) && !nearBorder(x, tiled.width)) away = Math.max(away, d);
        if (Math.round(a[i] ?? 0) !== Math.round(b[i] ?? 0)) pixelChanged = true;
      }
      if (pixelChanged) changed++;
    }
  }
  return { maxDifference: max, maxDifferenceAwayFromBorders: away, pixelsWith8BitChange: changed, pixels: tiled.width * tiled.height };
}

function runChild(job: Job, dir: string): JobResult {
  const config: WorkerConfig = { ...job, model: args.model, dir };
  const loadAverage1m = loadavg()[0] ?? NaN;
  const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--worker', JSON.stringify(config)], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    timeout: Number(args.timeout) * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = lastJsonLine(child.stdout, 'BENCH_RESULT ');
  const stats = lastJsonLine(child.stdout, 'BENCH_STATS ');
  if (child.status === 0 && stats !== undefined) return { ...job, loadAverage1m, statsPrecision: JSON.parse(stats) as StatsPrecision };
  if (child.status === 0 && result !== undefined) return { ...job, loadAverage1m, measured: JSON.parse(result) as Measured };
  const why = child.signal === 'SIGKILL' ? `killed after ${args.timeout} s` : (child.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${String(child.status)}`);
  return { ...job, loadAverage1m, error: why.trim() };
}

function markdown(results: readonly JobResult[]): string {
  const lines = [
    '| job | size | tile | apply s (CPU s) | write s | peak RSS MB | max diff (levels) | away from borders | pixels whose 8-bit value changed | load 1 min |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const p = r.statsPrecision;
    if (p !== undefined) {
      const e = (v: number): string => v.toExponential(1);
      lines.push(`| ${r.name} | ${r.width}×${r.height} | ${r.tileSize ?? ''} | conv1 statistics, worst relative error vs float64: whole-image tf.moments mean ${e(p.wholeMeanError)} (of the std), variance ${e(p.wholeVarianceError)}; tiled merge mean ${e(p.tiledMeanError)}, variance ${e(p.tiledVarianceError)} | | | | | | ${r.loadAverage1m.toFixed(1)} |`);
      continue;
    }
    const m = r.measured;
    const c = r.comparison;
    const cells = m === undefined
      ? [`failed: ${r.error ?? '?'}`, '', '']
      : [`${m.applySeconds.toFixed(1)}${m.applyCpuSeconds === undefined ? '' : ` (${m.applyCpuSeconds.toFixed(1)})`}`, m.writeSeconds.toFixed(1), String(m.peakRssMB)];
    const diff = c === undefined ? ['—', '—', '—'] : [c.maxDifference.toExponential(2), c.maxDifferenceAwayFromBorders.toExponential(2), `${c.pixelsWith8BitChange} of ${c.pixels}`];
    lines.push(`| ${r.name} | ${r.width}×${r.height} | ${r.tileSize ?? 'whole'} | ${cells.join(' | ')} | ${diff.join(' | ')} | ${r.loadAverage1m.toFixed(1)} |`);
  }
  return lines.join('\n');
}

if (args.worker !== undefined) {
  await worker(JSON.parse(args.worker) as WorkerConfig);
} else {
  const jobs = args.jobs.split(',').map(parseJob);
  const dir = mkdtempSync(join(tmpdir(), 'stylegrad-tiled-apply-'));
  const startedAt = new Date().toISOString();
  const results: JobResult[] = [];
  try {
    for (const job of jobs) {
      let result = runChild(job, dir);
      const untiled = results.find((r) => r.tileSize === null && r.width === job.width && r.height === job.height && r.measured !== undefined);
      if (job.tileSize !== null && result.measured !== undefined && untiled !== undefined) result = { ...result, comparison: compare(dir, job, untiled) };
      results.push(result);
      console.error(markdown([result]).split('\n')[2]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const table = markdown(results);
  console.log(table);
  const environment = { startedAt, finishedAt: new Date().toISOString(), cpu: `${cpus()[0]?.model ?? 'unknown'} × ${String(cpus().length)}`, node: process.version, loadAverageAfter: loadavg(), model: args.model };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.json`, `${JSON.stringify({ environment, results }, null, 2)}\n`);
  writeFileSync(`${args.out}.md`, `${table}\n`);
}
