// Micro-benchmark behind the ReLU mask in the fast conv input gradient: dy · (y > 0) for a post-ReLU y,
// written four ways. tfjs-node implements Step with five TensorFlow ops (IsNan, Greater, Fill, 2 × Select);
// Sign is one op, and for y >= 0 sign(y) equals step(y) exactly (0 at 0, 1 above, NaN for NaN). On tfjs-node
// TensorFlow's own ReluGrad (one op, one pass) is added: the extractors' choice there.
//
//   npx tsx benchmarks/reluMask.ts [--backend tfjs-node|wasm|cpu] [--shape 1,256,256,64]
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { tensorflowReluGrad } from '../src/internal/tensorflowOps';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { measure } from './internal/measure';

const { values: args } = parseArgs({ options: { backend: { type: 'string', default: 'tfjs-node' }, shape: { type: 'string', default: '1,256,256,64' } } });
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
await pickBackend({ force: args.backend as BackendCandidate });
const shape = args.shape.split(',').map(Number);
const y = tf.relu(tf.randomNormal(shape, 0, 1, 'float32', 1));
const dy = tf.randomNormal(shape, 0, 1, 'float32', 2);
const variants: Record<string, () => tf.Tensor> = {
  'mul(dy, step(y))': () => tf.mul(dy, tf.step(y)),
  'mul(dy, sign(y))': () => tf.mul(dy, tf.sign(y)),
  'where(y > 0, dy, 0)': () => tf.where(tf.greater(y, 0), dy, tf.zerosLike(dy)),
  'mul(dy, cast(y > 0))': () => tf.mul(dy, tf.cast(tf.greater(y, 0), 'float32')),
};
// TensorFlow's ReluGrad, run directly on tfjs-node (what the extractors use there; src/internal/tensorflowOps.ts).
if (tensorflowReluGrad(dy, y) !== undefined) variants['TensorFlow ReluGrad(dy, y)'] = () => tensorflowReluGrad(dy, y) as tf.Tensor;
const reference = tf.tidy(variants['mul(dy, step(y))'] as () => tf.Tensor);
console.log(`${args.backend}, shape [${shape.join(', ')}]`);
console.log('| dy · (y > 0) as | median ms | max abs diff vs step |\n|---|---|---|');
for (const [name, fn] of Object.entries(variants)) {
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(fn(), reference))).dataSync()[0] ?? NaN);
  const timing = measure(
    () => {
      const out = tf.tidy(fn);
      out.dataSync();
      out.dispose();
    },
    { budgetSeconds: 2, maxRuns: 50 },
  );
  console.log(`| ${name} | ${(timing.medianSeconds * 1000).toFixed(2)} | ${diff} |`);
}
tf.dispose([y, dy, reference]);
