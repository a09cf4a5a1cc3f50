// Whole-process peak memory of `stylegrad` (the CLI, tfjs-node, the default preset, L-BFGS), measured in child
// processes and compared with estimateStylizeMemory, the model the CLI's --max-memory check uses (docs/memory.md).
//
//   npm run build && npx tsx benchmarks/memory.ts [--sizes 256x256,512x512,1024x768] [--iterations 3 | --full]
//     [--history-size 512x512] [--history-iterations 20] [--margin 0.1] [--out benchmarks/results/memory] [--rerender]
//
// Size rows: the built CLI (dist/cli/main.js, so the allocator relaunch of src/cli/main.ts is in place, as a user
// gets it) on tubingen.jpg cropped to the row's aspect ratio × starry_night.jpg, VGG-19 uint8, `--iterations N`
// (few: L-BFGS then holds at most N − 1 curvature pairs, and the estimate is asked for exactly that history). Peak
// resident memory from `/usr/bin/time -v` (the largest process of the tree: the program); the relaunching parent's
// own peak (/proc/<pid>/status VmHWM) is recorded beside it and added for the whole-process figure.
// History rows: the L-BFGS history term checked on its own. Two runs of the stylize API at one size, in child
// processes (this file with --driver), with the same iterations and history sizes 2 and N: the difference of
// their peaks against the model's 2 × (N − 2) image-sized float32 vectors.
// --full: the size rows run the default preset's own iterations (100, so up to 99 stored pairs) and are compared
// with the estimate for a full history (what the CLI's --max-memory check uses).
// The check: every size row's whole-process peak within ±margin of the estimate; the history difference within
// ±30% of the model's term. Exit 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { estimateStylizeMemory } from '../src/node/estimateStylizeMemory';
import { writeFileAtomic } from '../src/node/writeFileAtomic';

const root = resolve(import.meta.dirname, '..');
const DATA = resolve(root, '../shared/data');
const CONTENT = `${DATA}/images/content/tubingen.jpg`;
const STYLE = `${DATA}/images/style/starry_night.jpg`;
const WEIGHTS = `${DATA}/weights/vgg19-notop-uint8`;
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '256x256,512x512,1024x768' },
    iterations: { type: 'string', default: '3' },
    // Size rows run the preset's own iterations (100, history 100) and are compared with the full-history estimate.
    full: { type: 'boolean', default: false },
    'history-size': { type: 'string', default: '512x512' },
    'history-iterations': { type: 'string', default: '20' },
    margin: { type: 'string', default: '0.1' },
    out: { type: 'string', default: resolve(root, 'benchmarks/results/memory') },
    rerender: { type: 'boolean', default: false },
    // Internal: run one stylize in this process and print its peak (a history row's child).
    driver: { type: 'boolean', default: false },
    size: { type: 'string' },
    history: { type: 'string' },
  },
});

interface SizeRow {
  readonly width: number;
  readonly height: number;
  readonly iterations: number;
  /** Largest process of the tree (the program), bytes. */
  readonly programPeak: number;
  /** The relaunching parent's own peak, bytes. */
  readonly parentPeak: number;
  readonly estimate: number;
  readonly breakdown: { readonly fixed: number; readonly activations: number; readonly optimizer: number };
  readonly seconds: number;
}
interface HistoryRow {
  readonly width: number;
  readonly height: number;
  readonly iterations: number;
  readonly peaks: Readonly<Record<string, number>>;
  readonly measuredTerm: number;
  readonly modelTerm: number;
}
interface Results {
  readonly date: string;
  readonly machine: string;
  readonly load: readonly [number, number];
  readonly margin: number;
  readonly sizes: readonly SizeRow[];
  readonly history: HistoryRow | null;
}

const parseSize = (text: string): [number, number] => {
  const [w, h] = text.split('x').map(Number);
  if (!Number.isInteger(w) || !Number.isInteger(h)) throw new Error(`bad size '${text}' (want WxH)`);
  return [w as number, h as number];
};

if (args.driver) await driver();
else if (args.rerender) await render(JSON.parse(readFileSync(`${args.out}.json`, 'utf8')) as Results);
else await main();

async function main(): Promise<void> {
  const margin = Number(args.margin);
  const iterations = Number(args.iterations);
  const load0 = loadavg()[0] ?? 0;
  const work = mkdtempSync(join(tmpdir(), 'stylegrad-memory-'));
  const sizes: SizeRow[] = [];
  try {
    for (const text of (args.sizes ?? '').split(',')) {
      const [width, height] = parseSize(text);
      const content = join(work, `content-${width}x${height}.png`);
      await cropToAspect(content, width, height);
      const started = Date.now();
      const output = join(work, 'out.png');
      const { programPeak, parentPeak } = await runCli(['-c', content, '-s', STYLE, '-o', output, '-w', WEIGHTS, '--size', String(Math.max(width, height)), ...(args.full ? [] : ['--iterations', String(iterations)]), '-q', '-f']);
      const ran = args.full ? (JSON.parse(readFileSync(join(work, 'out.loss.json'), 'utf8')) as { iterations: number }).iterations : iterations;
      const e = estimateStylizeMemory({ width, height, extractor: 'vgg19', optimizer: 'lbfgs', ...(args.full ? {} : { iterations }) });
      sizes.push({ width, height, iterations: ran, programPeak, parentPeak, estimate: e.bytes, breakdown: e.breakdown, seconds: (Date.now() - started) / 1000 });
      console.error(`${width}×${height}: program ${gb(programPeak)} + parent ${gb(parentPeak)}, estimate ${gb(e.bytes)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const history = args['history-size'] === '' ? null : historyRows();
  const results: Results = {
    date: new Date().toISOString(),
    machine: `${cpus()[0]?.model ?? '?'} × ${cpus().length}`,
    load: [load0, loadavg()[0] ?? 0],
    margin,
    sizes,
    history,
  };
  mkdirSync(dirname(args.out), { recursive: true });
  await writeFileAtomic('benchmarks/memory', '--out', `${args.out}.json`, `${JSON.stringify(results, null, 2)}\n`);
  const ok = await render(results);
  process.exitCode = ok ? 0 : 1;
}

/** The history term measured: the same run with history 2 and with history N, in child processes. */
function historyRows(): HistoryRow {
  const [width, height] = parseSize(args['history-size'] ?? '');
  const iterations = Number(args['history-iterations']);
  const peaks: Record<string, number> = {};
  for (const history of [2, iterations]) {
    const run = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--driver', '--size', `${width}x${height}`, '--iterations', String(iterations), '--history', String(history)], {
      encoding: 'utf8',
      env: { ...process.env, MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '1048576', TF_CPP_MIN_LOG_LEVEL: '2' },
    });
    const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
    if (run.status !== 0 || line === undefined) throw new Error(`history driver failed: ${run.stderr}`);
    const result = JSON.parse(line) as { maxRss: number; pairs: number };
    peaks[`history ${history} (${result.pairs} pairs)`] = result.maxRss;
    console.error(`history ${history}: ${gb(result.maxRss)}, ${result.pairs} pairs`);
  }
  const values = Object.values(peaks);
  const model = (n: number): number => estimateStylizeMemory({ width, height, extractor: 'vgg19', optimizer: 'lbfgs', historySize: n, iterations }).breakdown.optimizer;
  return { width, height, iterations, peaks, measuredTerm: (values[1] ?? 0) - (values[0] ?? 0), modelTerm: model(iterations) - model(2) };
}

/** Child: one stylize run (the default preset) with the given L-BFGS history; prints its peak RSS and pairs. */
async function driver(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const { loadVgg19FromPath, pickBackend, readImage, resizeImage, stylize } = await import('../src/node/index');
  const [width, height] = parseSize(args.size ?? '');
  const iterations = Number(args.iterations);
  await pickBackend();
  const extractor = await loadVgg19FromPath(WEIGHTS);
  const full = await readImage(CONTENT);
  const content = tf.tidy(() => resizeImage(centreCrop(tf, full, width / height), { height, width }));
  full.dispose();
  const style = await readImage(STYLE, { size: Math.max(width, height) });
  const history = Number(args.history);
  let done = 0;
  for await (const event of stylize({ content, style, extractor, preset: 'default', iterations, earlyStopping: false, optimizer: { name: 'lbfgs', historySize: history } })) {
    if (event.type === 'image' || event.type === 'done') event.image.dispose();
    if (event.type === 'done') done = event.iterations;
  }
  // A pair is stored at the start of every iteration after the first (when its curvature is positive).
  console.log(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, pairs: Math.min(history, Math.max(0, done - 1)) }));
}

function centreCrop(tf: typeof import('@tensorflow/tfjs-core'), image: import('@tensorflow/tfjs-core').Tensor3D, aspect: number): import('@tensorflow/tfjs-core').Tensor3D {
  const [h, w] = image.shape;
  const cw = Math.min(w, Math.round(h * aspect));
  const ch = Math.min(h, Math.round(cw / aspect));
  return tf.slice(image, [Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), 0], [ch, cw, 3]);
}

/** Writes tubingen's centred crop with the aspect ratio of width × height (the CLI resizes it to --size). */
async function cropToAspect(path: string, width: number, height: number): Promise<void> {
  const meta = await sharp(CONTENT).metadata();
  const [w, h] = [meta.width ?? 0, meta.height ?? 0];
  const cw = Math.min(w, Math.round((h * width) / height));
  const ch = Math.min(h, Math.round((cw * height) / width));
  await sharp(CONTENT).extract({ left: Math.floor((w - cw) / 2), top: Math.floor((h - ch) / 2), width: cw, height: ch }).png().toFile(path);
}

/** Runs the built CLI under /usr/bin/time -v; the tree's peak and the relaunching parent's own (VmHWM). */
async function runCli(cliArgs: readonly string[]): Promise<{ programPeak: number; parentPeak: number }> {
  const env = { ...process.env };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const child = spawn('/usr/bin/time', ['-v', process.execPath, join(root, 'dist/cli/main.js'), ...cliArgs], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let parentPeak = 0;
  const poll = setInterval(() => {
    // /usr/bin/time's child is the relaunching parent.
    try {
      const parent = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0];
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${parent}/status`, 'utf8'));
      if (hwm?.[1] !== undefined) parentPeak = Math.max(parentPeak, Number(hwm[1]) * 1024);
    } catch {
      // The process ended between the reads.
    }
  }, 100);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearInterval(poll);
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (code !== 0 || peak?.[1] === undefined) throw new Error(`the CLI failed (${String(code)}): ${stderr}`);
  return { programPeak: Number(peak[1]) * 1024, parentPeak };
}

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** Prints and writes the table; true when every check passes. */
async function render(r: Results): Promise<boolean> {
  const lines = [
    `<!-- written by benchmarks/memory.ts; ${r.date}; ${r.machine}; 1-min load average ${r.load[0].toFixed(1)} before, ${r.load[1].toFixed(1)} after -->`,
    '',
    `Whole-process peak resident memory of \`stylegrad\` (built CLI, tfjs-node, default preset, VGG-19 uint8, L-BFGS, tubingen × starry night) against \`estimateStylizeMemory\` (asked with the run's iterations, so with the curvature pairs the run can hold; with --full, for a full history as the CLI's check asks); check: within ±${(r.margin * 100).toFixed(0)}%.`,
    '',
    '| size | iterations | program peak | relaunching parent | whole process | estimate (fixed + activations + L-BFGS) | pairs counted | estimate ÷ measured | check | seconds |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  let ok = true;
  for (const s of r.sizes) {
    const total = s.programPeak + s.parentPeak;
    const ratio = s.estimate / total;
    const pass = Math.abs(ratio - 1) <= r.margin;
    ok &&= pass;
    const pairs = s.breakdown.optimizer / (24 * s.width * s.height);
    lines.push(`| ${s.width}×${s.height} | ${s.iterations} | ${gb(s.programPeak)} | ${gb(s.parentPeak)} | ${gb(total)} | ${gb(s.estimate)} (${gb(s.breakdown.fixed)} + ${gb(s.breakdown.activations)} + ${gb(s.breakdown.optimizer)}) | ${pairs.toFixed(0)} | ${ratio.toFixed(3)} | ${pass ? 'ok' : 'FAIL'} | ${s.seconds.toFixed(0)} |`);
  }
  if (r.history !== null) {
    const h = r.history;
    const ratio = h.measuredTerm / h.modelTerm;
    const pass = Math.abs(ratio - 1) <= 0.3;
    ok &&= pass;
    lines.push(
      '',
      `L-BFGS history term, ${h.width}×${h.height}, ${h.iterations} iterations (stylize API in a child process, MALLOC_MMAP_THRESHOLD_ as the CLI sets it): ${Object.entries(h.peaks).map(([k, v]) => `${k}: ${gb(v)}`).join('; ')}. Difference ${gb(h.measuredTerm)} against the model's ${gb(h.modelTerm)} (${ratio.toFixed(2)}×; check ±30%: ${pass ? 'ok' : 'FAIL'}).`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  console.log(text);
  await writeFileAtomic('benchmarks/memory', '--out', `${args.out}.md`, text);
  return ok;
}
