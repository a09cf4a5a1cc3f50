// Gram matrix forward + gradient on the feature shapes VGG-19 produces at a 256² input (conv1_1 .. conv5_1),
// written three ways, per backend (each in its own process):
//   flag:       matMul(a, a, true, false)                  — tfjs's transposeA flag
//   transpose:  matMul(transpose(a), a)                    — what src/gram/gramMatrix.ts does (DESIGN.md §4)
//   customGrad: transpose forward, dA = A·(dG + dGᵀ)       — backward without any transposed matMul
// The loss is Σ (G − T)² for a fixed T, so the gradient flows back through the Gram matrix as in styleLoss.
//
//   npx tsx benchmarks/gram.ts [--backends tfjs-node,wasm,cpu] [--budget 3]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { measure } from './internal/measure';

const { values: args } = parseArgs({ options: { backend: { type: 'string' }, backends: { type: 'string' }, budget: { type: 'string', default: '3' } } });
const root = resolve(import.meta.dirname, '..');

const SHAPES: readonly (readonly [number, number])[] = [
  [256 * 256, 64],
  [128 * 128, 128],
  [64 * 64, 256],
  [32 * 32, 512],
  [16 * 16, 512],
];

const gramFlag = (a: tf.Tensor2D): tf.Tensor2D => tf.matMul(a, a, true, false);
const gramTranspose = (a: tf.Tensor2D): tf.Tensor2D => tf.matMul(tf.transpose(a), a);
const gramCustom = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const a = inputs[0] as tf.Tensor2D;
  (inputs[1] as tf.GradSaveFunc)([a]);
  return {
    value: tf.matMul(tf.transpose(a), a),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.matMul(saved[0] as tf.Tensor2D, tf.add(dy, tf.transpose(dy))),
  };
}) as (a: tf.Tensor2D) => tf.Tensor2D;
const VARIANTS = { flag: gramFlag, transpose: gramTranspose, customGrad: gramCustom } as const;

async function child(backend: BackendCandidate): Promise<void> {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  await pickBackend({ force: backend });
  for (const [positions, channels] of SHAPES) {
    const a = tf.randomUniform([positions, channels], 0, 1, 'float32', 3) as tf.Tensor2D;
    const target = tf.randomUniform([channels, channels], 0, positions / 4, 'float32', 4);
    const cells: string[] = [];
    let reference: Float32Array | undefined;
    for (const [name, gram] of Object.entries(VARIANTS)) {
      const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.squaredDifference(gram(x as tf.Tensor2D), target)));
      const value = tf.tidy(() => grad(a));
      const data = value.dataSync() as Float32Array;
      reference ??= data;
      let maxRel = 0;
      data.forEach((v, i) => (maxRel = Math.max(maxRel, Math.abs(v - (reference?.[i] ?? 0)) / (Math.abs(reference?.[i] ?? 0) + 1e-3))));
      value.dispose();
      const timing = measure(
        () => {
          const g = tf.tidy(() => grad(a));
          g.dataSync();
          g.dispose();
        },
        { budgetSeconds: Number(args.budget), maxRuns: 20 },
      );
      cells.push(`${(timing.medianSeconds * 1000).toFixed(1)}${name === 'flag' ? '' : ` (rel. diff ${maxRel.toExponential(0)})`}`);
    }
    console.log(`| ${backend} | ${positions} × ${channels} | ${cells.join(' | ')} |`);
    tf.dispose([a, target]);
  }
}

if (args.backend !== undefined) {
  await child(args.backend as BackendCandidate);
} else {
  const tfjsNode = existsSync(resolve(root, 'node_modules/@tensorflow/tfjs-node/lib'));
  const backends = (args.backends ?? (tfjsNode ? 'tfjs-node,wasm,cpu' : 'wasm,cpu')).split(',');
  console.log('Gram forward + gradient, median ms (rel. diff of the gradient vs the flag version)\n');
  console.log('| backend | positions × channels | matMul(a, a, true) | matMul(transpose(a), a) | customGrad A·(dG + dGᵀ) |\n|---|---|---|---|---|');
  for (const backend of backends) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'gram.ts'), '--backend', backend, '--budget', args.budget], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    });
    process.stdout.write(run.stdout.split('\n').filter((l) => l.startsWith('|')).join('\n') + '\n');
    if (run.status !== 0) console.error(`${backend}: exit ${String(run.status)}: ${run.stderr.trim().split('\n').pop() ?? ''}`);
  }
}
