// Extractor benchmark (issue 3 / issue 5): forward and forward + input-gradient time and peak memory per
// extractor × backend × image size, each configuration in its own process, with the same work done by
// PyTorch (scripts/reference/bench_extractors.py) in the same run and the ratio printed.
//
//   npx tsx benchmarks/extractors.ts [--backends tfjs-node,wasm,cpu] [--networks vgg19,vgg16,squeezenet1.1]
//     [--sizes 128,256,512] [--cpu-sizes 128] [--budget 20] [--max-runs 10] [--no-stock] [--no-torch]
//     [--python /path/to/venv/bin/python] [--out benchmarks/results/extractors]
//
// Writes <out>.json (every number) and <out>.md (the table). See benchmarks/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BackendCandidate } from '../src/node/pickBackend';
import type { WorkerConfig, WorkerResult } from './internal/extractorWorker';
import type { Row, TorchResult } from './internal/rows';
import type { Network } from './internal/networks';
import { defaultPeerPython, lastJsonLine } from './internal/peer';
import { formatTable } from './internal/table';

const root = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    backends: { type: 'string' },
    networks: { type: 'string', default: 'vgg19,squeezenet1.1,vgg16' },
    sizes: { type: 'string', default: '128,256,512' },
    'cpu-sizes': { type: 'string', default: '128' },
    budget: { type: 'string', default: '20' },
    'max-runs': { type: 'string', default: '10' },
    'no-stock': { type: 'boolean', default: false },
    'no-torch': { type: 'boolean', default: false },
    python: { type: 'string', default: defaultPeerPython(root) },
    out: { type: 'string', default: resolve(root, 'benchmarks/results/extractors') },
  },
});

const tfjsNodeInstalled = existsSync(resolve(root, 'node_modules/@tensorflow/tfjs-node/lib'));
const backends = (args.backends ?? (tfjsNodeInstalled ? 'tfjs-node,wasm,cpu' : 'wasm,cpu')).split(',') as BackendCandidate[];
const networks = args.networks.split(',') as Network[];
const sizes = args.sizes.split(',').map(Number);
const cpuSizes = new Set(args['cpu-sizes'].split(',').map(Number));
const budgetSeconds = Number(args.budget);
const maxRuns = Number(args['max-runs']);
const torch = !args['no-torch'] && existsSync(args.python);

function runWorker(config: WorkerConfig): Row {
  const child = spawnSync(process.execPath, ['--import', 'tsx', resolve(root, 'benchmarks/internal/extractorWorker.ts'), JSON.stringify(config)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30 * 60_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const json = lastJsonLine(child.stdout, 'BENCH_RESULT ');
  if (child.status === 0 && json !== undefined) return { kind: 'tfjs', result: JSON.parse(json) as WorkerResult };
  const why = (child.stderr.split('\n').find((l) => /Error/.test(l)) ?? child.stderr.trim().split('\n').pop() ?? '').trim();
  return { kind: 'error', config, error: child.error?.message ?? (why || `exit ${String(child.status)}`) };
}

function runTorch(network: Network, size: number): Row {
  const child = spawnSync(
    args.python,
    [resolve(root, 'scripts/reference/bench_extractors.py'), '--network', network, '--size', String(size), '--budget', String(budgetSeconds), '--max-runs', String(maxRuns)],
    { cwd: root, encoding: 'utf8', timeout: 30 * 60_000 },
  );
  const json = lastJsonLine(child.stdout);
  if (child.status === 0 && json !== undefined) return { kind: 'torch', result: JSON.parse(json) as TorchResult };
  return { kind: 'error', config: { network, size, backend: 'pytorch' }, error: child.stderr.trim().split('\n').pop() ?? `exit ${String(child.status)}` };
}

function describeRow(row: Row): string {
  if (row.kind === 'tfjs') {
    const r = row.result;
    return `${r.network} ${r.size}² ${r.backend}${r.fastInputGradient ? '' : ' (stock grad)'}: fwd+grad ${r.forwardGrad.medianSeconds.toFixed(3)} s (n=${r.forwardGrad.runs})`;
  }
  if (row.kind === 'torch') return `${row.result.network} ${row.result.size}² pytorch: fwd+grad ${row.result.medianSeconds.toFixed(3)} s (n=${row.result.runs})`;
  return `${row.config.network} ${row.config.size}² ${row.config.backend}: FAILED ${row.error}`;
}

const startedAt = new Date().toISOString();
const loadBefore = loadavg();
// Per (network, size): PyTorch, then each fast backend back to back (same machine load); the slow cpu
// backend's configurations all come last, so an interrupted run still has the main table.
type Job = { readonly kind: 'torch'; readonly network: Network; readonly size: number } | { readonly kind: 'tfjs'; readonly config: WorkerConfig };
const jobs: Job[] = [];
const cpuJobs: Job[] = [];
for (const network of networks) {
  for (const size of sizes) {
    const planned: Job[] = [];
    for (const backend of backends) {
      if (backend === 'cpu' && !cpuSizes.has(size)) continue;
      const base = { backend, network, size, budgetSeconds, maxRuns };
      const target = backend === 'cpu' ? cpuJobs : planned;
      target.push({ kind: 'tfjs', config: { ...base, fastInputGradient: true } });
      // The stock conv input gradient, for comparison: not on cpu; on wasm (~20 s a VGG step at 256²) only
      // SqueezeNet and VGG-19 up to 256².
      const wasmStock = network === 'squeezenet1.1' || (network === 'vgg19' && size <= 256);
      const stock = !args['no-stock'] && backend !== 'cpu' && (backend !== 'wasm' || wasmStock);
      if (stock) planned.push({ kind: 'tfjs', config: { ...base, fastInputGradient: false } });
    }
    const cpuPlanned = cpuJobs.some((j) => j.kind === 'tfjs' && j.config.network === network && j.config.size === size);
    if (torch && (planned.length > 0 || cpuPlanned)) jobs.push({ kind: 'torch', network, size });
    jobs.push(...planned);
  }
}
jobs.push(...cpuJobs);

const rows: Row[] = [];
const environment = {
  startedAt,
  finishedAt: '',
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
  node: process.version,
  loadAverage1mBefore: loadBefore[0],
  loadAverage1mAfter: loadBefore[0],
  budgetSeconds,
  maxRuns,
  torchThreads: torch ? 2 : null,
};
/** Written after every row, so a run that is stopped early keeps what it measured. */
function save(): string {
  environment.finishedAt = new Date().toISOString();
  environment.loadAverage1mAfter = loadavg()[0];
  const table = formatTable(rows);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.json`, `${JSON.stringify({ environment, rows }, null, 2)}\n`);
  writeFileSync(
    `${args.out}.md`,
    `<!-- written by benchmarks/extractors.ts; ${startedAt} to ${environment.finishedAt}; ${environment.cpu}; node ${environment.node}; 1-min load average ${loadBefore[0]?.toFixed(1) ?? '?'} before, ${environment.loadAverage1mAfter?.toFixed(1) ?? '?'} after -->\n\n${table}\n`,
  );
  return table;
}
for (const job of jobs) {
  const row = job.kind === 'torch' ? runTorch(job.network, job.size) : runWorker(job.config);
  rows.push(row);
  console.error(describeRow(row));
  save();
}
console.log(save());
console.error(`wrote ${args.out}.json and ${args.out}.md`);
