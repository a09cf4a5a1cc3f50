// Optimizer cost and the value of bound constraints, per backend (each in its own process).
//
//   1. Overhead per step on an image-sized tensor (the objective is a cheap elementwise quadratic, so the
//      time is the optimizer's own work): Adam, L-BFGS with a fixed step, L-BFGS with the strong-Wolfe search,
//      once the curvature history is full; and the memory the state holds (tf.memory().numBytes).
//   2. Clamp-after vs projected: deblurring, ½‖blur(x) − t‖² + λ·TV_l2(x) on a 64×64×3 image in [0, 1] whose
//      unconstrained minimiser leaves the box. Unconstrained L-BFGS then clamping the
//      result, versus the projected L-BFGS (bounds), both with the same evaluation budget; the loss of the image
//      a user would get (clamped) is compared with the best feasible loss (a long projected run).
//
//   npx tsx benchmarks/optimizers.ts [--backends wasm,cpu] [--size 256] [--history 20]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { createAdam } from '../src/optimizers/createAdam';
import { createLbfgs, type LbfgsOptions } from '../src/optimizers/createLbfgs';
import type { Objective, Optimizer } from '../src/optimizers/types';
import { median, timeOnce } from './internal/measure';

const { values: args } = parseArgs({
  options: { backend: { type: 'string' }, backends: { type: 'string' }, size: { type: 'string', default: '256' }, history: { type: 'string', default: '20' } },
});
const root = resolve(import.meta.dirname, '..');

function objectiveOf(f: (x: tf.Tensor) => tf.Scalar): Objective {
  const valueAndGrad = tf.valueAndGrad(f);
  return (x) => {
    const { value, grad } = valueAndGrad(x);
    const loss = value.dataSync()[0] ?? NaN;
    value.dispose();
    return { loss, gradient: grad };
  };
}

interface OverheadRow {
  optimizer: string;
  msPerStep: number;
  evaluationsPerStep: number;
  stateMegabytes: number;
}

function overhead(size: number, history: number): OverheadRow[] {
  const shape = [1, size, size, 3];
  const target = tf.randomUniform(shape, 0, 255, 'float32', 1);
  const weights = tf.randomUniform(shape, 0.5, 2, 'float32', 2);
  // A cheap, badly scaled quadratic: curvature varies by 4× across pixels, so L-BFGS keeps building history.
  const objective = objectiveOf((x) => tf.mul(0.5, tf.sum(tf.mul(weights, tf.square(tf.sub(x, target))))));
  const rows: OverheadRow[] = [];
  const cases: [string, () => Optimizer<{ readonly x: tf.Tensor }>][] = [
    ['adam', () => createAdam({ learningRate: 1, bounds: { lower: 0, upper: 255 } })],
    ...(['none', 'strongWolfe'] as const).map((lineSearch): [string, () => Optimizer<{ readonly x: tf.Tensor }>] => [
      `lbfgs ${lineSearch}, history ${history}`,
      () => createLbfgs({ lineSearch, historySize: history, maxIterations: 1, toleranceGrad: -1, toleranceChange: -1, bounds: { lower: 0, upper: 255 } } satisfies LbfgsOptions),
    ]),
  ];
  for (const [name, make] of cases) {
    const x0 = tf.fill(shape, 128);
    const bytesBefore = tf.memory().numBytes;
    const optimizer = make();
    let state = optimizer.init(x0);
    // Fill the history (L-BFGS) / warm up (Adam), then time 5 steps.
    for (let i = 0; i < history + 1; i++) state = optimizer.step(state, objective).state;
    const times: number[] = [];
    let evaluations = 0;
    for (let i = 0; i < 5; i++) {
      times.push(
        timeOnce(() => {
          const result = optimizer.step(state, objective);
          evaluations += result.evaluations;
          state = result.state;
        }),
      );
    }
    const stateMegabytes = (tf.memory().numBytes - bytesBefore) / 2 ** 20;
    optimizer.dispose(state);
    x0.dispose();
    rows.push({ optimizer: name, msPerStep: median(times) * 1000, evaluationsPerStep: evaluations / 5, stateMegabytes });
  }
  // The objective alone, to subtract.
  const x = tf.fill(shape, 128);
  const alone = median(
    Array.from({ length: 5 }, () =>
      timeOnce(() => {
        objective(x).gradient.dispose();
      }),
    ),
  );
  rows.push({ optimizer: 'objective alone (one evaluation)', msPerStep: alone * 1000, evaluationsPerStep: 1, stateMegabytes: 0 });
  tf.dispose([x, target, weights]);
  return rows;
}

interface ClampRow {
  method: string;
  evaluations: number;
  loss: number;
  gapToBest: number;
  outOfRange: number;
}

function clampVersusProjected(): ClampRow[] {
  // Deblurring: ½‖blur(x) − t‖² + λ·TV_l2(x), blur = 3×3 box filter per channel, t uniform in [−0.2, 1.2]
  // (detail no blurred in-range image can match), so the unconstrained minimiser rings far out of [0, 1].
  const shape = [1, 64, 64, 3];
  const target = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform(shape, 0, 1, 'float32', 3), 1.4), 0.2));
  const lambda = 0.01;
  const loss = (x: tf.Tensor): tf.Scalar =>
    tf.tidy(() => {
      const image = x as tf.Tensor4D;
      // 3×3 box blur with zero padding, as shifted slices (wasm has no depthwise-conv input gradient).
      const padded = tf.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]]);
      const rows = tf.addN([0, 1, 2].map((i) => tf.slice(padded, [0, i, 0, 0], [-1, 64, -1, -1])));
      const blurred = tf.div(tf.addN([0, 1, 2].map((j) => tf.slice(rows, [0, 0, j, 0], [-1, -1, 64, -1]))), 9);
      const dx = tf.sub(tf.slice(image, [0, 0, 1, 0], [-1, -1, -1, -1]), tf.slice(image, [0, 0, 0, 0], [-1, -1, 63, -1]));
      const dy = tf.sub(tf.slice(image, [0, 1, 0, 0], [-1, -1, -1, -1]), tf.slice(image, [0, 0, 0, 0], [-1, 63, -1, -1]));
      const fidelity = tf.mul(0.5, tf.sum(tf.square(tf.sub(blurred, target))));
      return tf.add(fidelity, tf.mul(lambda, tf.add(tf.sum(tf.square(dx)), tf.sum(tf.square(dy)))));
    });
  const objective = objectiveOf(loss);
  const lossOf = (x: tf.Tensor): number => tf.tidy(() => loss(x).dataSync()[0] ?? NaN);
  const run = (options: LbfgsOptions, budget: number): tf.Tensor => {
    const optimizer = createLbfgs({ ...options, maxIterations: 1, historySize: 20 });
    const x0 = tf.fill(shape, 0.5);
    let state = optimizer.init(x0);
    x0.dispose();
    while (state.evaluations < budget) {
      const result = optimizer.step(state, objective);
      state = result.state;
      if (result.converged) break;
    }
    const x = state.x.clone();
    optimizer.dispose(state);
    return x;
  };
  const best = lossOf(run({ bounds: { lower: 0, upper: 1 }, toleranceGrad: 1e-7 }, 2000));
  const rows: ClampRow[] = [];
  for (const budget of [10, 25, 50]) {
    const free = run({}, budget);
    const outOfRange = tf.tidy(() => tf.mean(tf.cast(tf.logicalOr(tf.less(free, 0), tf.greater(free, 1)), 'float32')).dataSync()[0] ?? NaN);
    const clamped = tf.clipByValue(free, 0, 1);
    const projected = run({ bounds: { lower: 0, upper: 1 } }, budget);
    const lClamped = lossOf(clamped);
    const lProjected = lossOf(projected);
    rows.push({ method: 'unconstrained, clamped after', evaluations: budget, loss: lClamped, gapToBest: lClamped - best, outOfRange });
    rows.push({ method: 'projected (bounds)', evaluations: budget, loss: lProjected, gapToBest: lProjected - best, outOfRange: 0 });
    tf.dispose([free, clamped, projected]);
  }
  target.dispose();
  return rows;
}

async function child(backend: BackendCandidate): Promise<void> {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  await pickBackend({ force: backend });
  const size = Number(args.size);
  const history = Number(args.history);
  const result = { backend, size, history, overhead: overhead(size, history), clamp: clampVersusProjected() };
  console.log(JSON.stringify(result));
}

if (args.backend !== undefined) {
  await child(args.backend as BackendCandidate);
} else {
  const tfjsNode = existsSync(resolve(root, 'node_modules/@tensorflow/tfjs-node/lib'));
  const backends = (args.backends ?? (tfjsNode ? 'tfjs-node,wasm,cpu' : 'wasm,cpu')).split(',');
  const results: unknown[] = [];
  for (const backend of backends) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'optimizers.ts'), '--backend', backend, '--size', args.size, '--history', args.history], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(run.status ?? 1);
    }
    const line = run.stdout.trim().split('\n').at(-1) ?? '{}';
    const parsed = JSON.parse(line) as { backend: string; size: number; history: number; overhead: OverheadRow[]; clamp: ClampRow[] };
    results.push(parsed);
    console.log(`\n${parsed.backend}: one step on a [1, ${parsed.size}, ${parsed.size}, 3] image (median of 5, history full)\n`);
    console.log('| optimizer | ms / step | evaluations / step | state MiB |\n|---|---|---|---|');
    for (const r of parsed.overhead) console.log(`| ${r.optimizer} | ${r.msPerStep.toFixed(1)} | ${r.evaluationsPerStep.toFixed(1)} | ${r.stateMegabytes.toFixed(1)} |`);
    console.log(`\n${parsed.backend}: deblurring ½‖blur(x) − t‖² + 0.01·TV(x) on 64×64×3 in [0, 1], L-BFGS history 20\n`);
    console.log('| method | evaluations | loss | gap to best feasible | pixels out of range before clamping |\n|---|---|---|---|---|');
    for (const r of parsed.clamp) console.log(`| ${r.method} | ${r.evaluations} | ${r.loss.toFixed(2)} | ${r.gapToBest.toFixed(2)} | ${(100 * r.outOfRange).toFixed(1)}% |`);
  }
  mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(resolve(import.meta.dirname, 'results', 'optimizers.json'), `${JSON.stringify(results, null, 1)}\n`);
}
